/**
 * `ant env` through the real binary in temp git repos: each language plugin's contribution, the
 * numtide entry semantics (value / eval / prefix / unset) and their order (repo, plugins, project),
 * and the sh output evaluated by a real sh.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANT_BIN, cleanEnv, tempRepo } from '../helpers/temp-repo.js';

const GO_MOD = 'module example.com/api\n\ngo 1.22\n';
const GO_MAIN = 'package main\n\nfunc main() {}\n';

/** A project no plugin handles needs its own tasks. */
const SH_TASKS = { build: { command: 'true' } };

type EnvJson = Record<string, string | null>;

async function envJson(repo: ReturnType<typeof tempRepo>, args: string[], env: Record<string, string | undefined> = {}): Promise<EnvJson> {
  const result = await repo.ant(['env', ...args, '--format', 'json'], { env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as EnvJson;
}

function goBin(): string {
  const gobin = execFileSync('go', ['env', 'GOBIN'], { encoding: 'utf8' }).trim();
  return gobin || path.join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin');
}

describe('ant env', () => {
  it('go: GOBIN on PATH, GOFLAGS=-mod=vendor for a vendored service, nothing else', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['@ant/plugin-go'], services: { api: { language: 'go', path: 'services/api' } } },
      'services/api/go.mod': GO_MOD,
      'services/api/main.go': GO_MAIN,
      'services/api/vendor/modules.txt': '',
    });
    const env = await envJson(repo, ['api']);
    expect(Object.keys(env).sort()).toEqual(['ANT_DEVSHELL', 'GOFLAGS', 'PATH']);
    expect(env.ANT_DEVSHELL).toBe('api');
    expect(env.GOFLAGS).toBe('-mod=vendor');
    expect(env.PATH!.split(':')[0]).toBe(goBin());

    // The repo-wide shell has no project to vendor.
    const meta = await envJson(repo, []);
    expect(meta.GOFLAGS).toBeUndefined();
    expect(meta.ANT_DEVSHELL).toBe('default');
  });

  it('python: the project .venv active, uv told not to sync or download, PYTHONPATH unset', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['@ant/plugin-python'], services: { api: { language: 'python', path: 'services/api' } } },
      'services/api/pyproject.toml': '[project]\nname = "api"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n',
    }, { commit: false });
    execFileSync('uv', ['lock', '-q'], { cwd: path.join(repo.root, 'services/api'), env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never' } });
    repo.commit('locked');
    const env = await envJson(repo, ['api'], { PYTHONPATH: '/somewhere/else' });
    const venv = path.join(repo.root, 'services/api/.venv');
    expect(env).toEqual({
      ANT_DEVSHELL: 'api',
      PATH: `${venv}/bin:${cleanEnv().PATH}`,
      PYTHONPATH: null,
      UV_NO_SYNC: '1',
      UV_PYTHON_DOWNLOADS: 'never',
      VIRTUAL_ENV: venv,
    });
  });

  it('javascript: every node_modules/.bin from the package up to the workspace root', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['@ant/plugin-js'] },
      'package.json': { name: 'root', private: true, workspaces: ['services/*'] },
      'services/api/package.json': { name: 'api', version: '1.0.0', scripts: { build: 'echo build' } },
    });
    const env = await envJson(repo, ['api']);
    expect(Object.keys(env).sort()).toEqual(['ANT_DEVSHELL', 'PATH']);
    expect(env.PATH).toBe(
      [
        path.join(repo.root, 'services/api/node_modules/.bin'),
        path.join(repo.root, 'services/node_modules/.bin'),
        path.join(repo.root, 'node_modules/.bin'),
        cleanEnv().PATH,
      ].join(':'),
    );
  });

  it('applies value, eval, prefix and unset in order: repo entries, then the project\'s own', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        services: {
          api: {
            language: 'sh',
            tasks: SH_TASKS,
            path: 'services/api',
            devshell: {
              env: [
                { name: 'MODE', value: 'project' },
                { name: 'PATH', prefix: 'bin' },
                { name: 'HERE', eval: 'pwd' },
                { name: 'KEEP_ME', unset: true },
              ],
            },
          },
        },
        devshell: {
          env: [
            { name: 'ANT_ROOT', eval: 'git rev-parse --show-toplevel' },
            { name: 'MODE', value: 'repo $HOME' },
            { name: 'PATH', prefix: '$ANT_ROOT/tools/bin' },
            { name: 'UNWANTED', unset: true },
            { name: 'KEEP_ME', value: 'set by the repo' },
          ],
        },
      },
      'services/api/bin/.keep': '',
    });
    const meta = await envJson(repo, [], { UNWANTED: 'x' });
    expect(meta).toEqual({
      ANT_DEVSHELL: 'default',
      ANT_ROOT: repo.root,
      KEEP_ME: 'set by the repo',
      MODE: 'repo $HOME',
      PATH: `${repo.root}/tools/bin:${cleanEnv().PATH}`,
      UNWANTED: null,
    });
    const api = await envJson(repo, ['api'], { UNWANTED: 'x' });
    expect(api).toEqual({
      ANT_DEVSHELL: 'api',
      ANT_ROOT: repo.root,
      HERE: path.join(repo.root, 'services/api'),
      KEEP_ME: null,
      MODE: 'project',
      PATH: `${repo.root}/services/api/bin:${repo.root}/tools/bin:${cleanEnv().PATH}`,
      UNWANTED: null,
    });
    // Only what differs: a variable the caller already has with the same value is not printed.
    const again = await envJson(repo, [], { MODE: 'repo $HOME', ANT_ROOT: repo.root });
    expect(Object.keys(again)).not.toContain('MODE');
    expect(Object.keys(again)).not.toContain('ANT_ROOT');
  });

  it('--format sh is evaluated by a real sh; fish output is sane; quoting survives', async () => {
    const tricky = `it's "$HOME" and \`x\`\nline two`;
    const repo = tempRepo({
      'ant.config.json': {
        services: { api: { language: 'sh', tasks: SH_TASKS, path: 'services/api', devshell: { env: [{ name: 'TRICKY', value: tricky }] } } },
        devshell: { env: [{ name: 'ANT_ROOT', eval: 'git rev-parse --show-toplevel' }, { name: 'PATH', prefix: 'tools/bin' }, { name: 'GONE', unset: true }] },
      },
      'tools/bin/hello-tool': '#!/bin/sh\necho "hello from the devshell"\n',
    });
    execFileSync('chmod', ['+x', path.join(repo.root, 'tools/bin/hello-tool')]);
    const script = `eval "$(node ${ANT_BIN} env api)"; printf '%s|%s|%s|' "$TRICKY" "$ANT_ROOT" "\${GONE-unset}"; hello-tool`;
    const out = execFileSync('sh', ['-c', script], { cwd: repo.root, env: cleanEnv({ GONE: 'still here' }), encoding: 'utf8' });
    expect(out).toBe(`${tricky}|${repo.root}|unset|hello from the devshell\n`);

    const sh = await repo.ant(['env', 'api']);
    expect(sh.stdout).toContain(`export PATH='${repo.root}/tools/bin':"$PATH"\n`);
    expect(sh.stdout).toContain('unset GONE\n');

    const fish = await repo.ant(['env', 'api', '--format', 'fish']);
    expect(fish.code).toBe(0);
    for (const line of fish.stdout.split(/\n(?=set )/).filter(Boolean)) expect(line).toMatch(/^set (-gx [A-Z_]+ '|-e [A-Z_]+$)/s);
    expect(fish.stdout).toContain(`set -gx PATH '${repo.root}/tools/bin' $PATH\n`);
    expect(fish.stdout).toContain(`set -gx TRICKY 'it\\'s "$HOME" and \`x\`\nline two'\n`);
  });

  it('names the entry when an eval fails, and the known projects for an unknown one', async () => {
    const repo = tempRepo({ 'ant.config.json': { services: { api: { language: 'sh', tasks: SH_TASKS, path: 'api' } }, devshell: { env: [{ name: 'TOKEN', eval: 'echo no vault >&2; exit 4' }] } }, 'api/.keep': '' });
    const failed = await repo.ant(['env']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      'error ant.config.json: devshell.env[0]: TOKEN: `echo no vault >&2; exit 4` failed (exit 4): no vault\n' +
        'hint: the command runs with /bin/sh in the directory that declares it; try it there by hand\n',
    );
    repo.write({ 'ant.config.json': { services: { api: { language: 'sh', tasks: SH_TASKS, path: 'api', devshell: { env: [{ name: 'X' }] } } } } });
    const invalid = await repo.ant(['env', 'api']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^error ant\.config\.json: services\.api\.devshell\.env\[0\]: /);
    const unknown = await repo.ant(['env', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error unknown project "nope"\nhint: known projects: api');
  });
});
