/**
 * `ant shell` and config `commands` through the real binary: a command run inside a project's
 * shell (exit codes propagated), custom commands, and the motd of an interactive shell started in
 * a real pseudo-terminal (util-linux `script`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ANT_BIN, cleanEnv, tempRepo } from '../helpers/temp-repo.js';

const GO_MOD = 'module example.com/api\n\ngo 1.22\n';
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;

/** A polyglot repo like the seed's: a Go api, a Python hello-world (locked by uv) and a JS gateway. */
function platform() {
  const repo = tempRepo(
    {
      'ant.config.json': {
        plugins: ['@ant/plugin-go', '@ant/plugin-python', '@ant/plugin-js'],
        services: {
          api: { language: 'go', path: 'services/api', devshell: { env: [{ name: 'API_PORT', value: '8080' }], packages: ['git'] } },
          'hello-world': { language: 'python', path: 'services/hello-world' },
        },
        devshell: {
          name: 'anterior',
          env: [{ name: 'ANT_ROOT', eval: 'git rev-parse --show-toplevel' }],
          packages: ['tmux', 'surely-not-installed-tool'],
        },
        commands: {
          'system-prune': { category: 'maintenance', help: 'Prune build caches', run: 'echo "pruning in $ANT_ROOT"; exit 3' },
          'ant-build-docker': { category: 'build', help: 'Build and load Docker images', run: 'echo building' },
          greet: { help: 'Say hello', run: 'echo "hello from $ANT_DEVSHELL:"' },
        },
      },
      'services/api/go.mod': GO_MOD,
      'services/api/main.go': 'package main\n\nfunc main() {}\n',
      'services/hello-world/pyproject.toml': '[project]\nname = "hello-world"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n',
      'package.json': { name: 'platform', private: true, workspaces: ['gateways/*'] },
      'gateways/noggin/package.json': { name: 'noggin', version: '1.0.0', scripts: { build: 'echo build' } },
    },
    { commit: false },
  );
  execFileSync('uv', ['lock', '-q'], { cwd: path.join(repo.root, 'services/hello-world'), env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never' } });
  repo.commit('platform');
  return repo;
}

/** Runs `ant shell` in a pseudo-terminal, types `input` into it, returns everything the terminal showed. */
function inPty(cwd: string, antArgs: string, input: string, env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `${process.execPath} ${ANT_BIN} ${antArgs}`, '/dev/null'], {
      cwd,
      env: cleanEnv({ SHELL: '/bin/sh', TERM: 'dumb', ...env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ant ${antArgs} in a pty timed out; it showed:\n${output}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? -1, output: output.replace(/\r\n/g, '\n') });
    });
    // The pty buffers what is typed before the shell reads it. stdin stays open: at its end
    // `script` would send the terminal an EOF, racing the shell's own `exit`.
    child.stdin.write(input);
  });
}

describe('ant shell', () => {
  it('runs one command inside a project shell and propagates its exit code', async () => {
    const repo = platform();
    const ok = await repo.ant(['shell', 'api', '--', 'go', 'version']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^go version go\d+\.\d+/);

    const env = await repo.ant(['shell', 'api', '--', 'sh', '-c', 'echo "$ANT_DEVSHELL $API_PORT $ANT_ROOT"; exit 42']);
    expect(env.stdout).toBe(`api 8080 ${repo.root}\n`);
    expect(env.code).toBe(42);

    const venv = await repo.ant(['shell', 'hello-world', '--', 'sh', '-c', 'echo "$VIRTUAL_ENV $UV_NO_SYNC"']);
    expect(venv.stdout).toBe(`${path.join(repo.root, 'services/hello-world/.venv')} 1\n`);

    const failing = await repo.ant(['shell', 'api', '--', 'go', 'no-such-subcommand']);
    expect(failing.code).toBe(2);
    expect(failing.stderr).toContain('go no-such-subcommand: unknown command');

    const missing = await repo.ant(['shell', '--', 'surely-not-installed-tool']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('error command not found: surely-not-installed-tool');

    const usage = await repo.ant(['shell', 'api', 'go', 'version']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('put the command after "--", e.g. ant shell api -- go version');
  });

  it('starts $SHELL without a terminal too, with the env and no motd', async () => {
    const repo = platform();
    const child = spawnSync(process.execPath, [ANT_BIN, 'shell', 'api'], {
      cwd: repo.root,
      env: cleanEnv({ SHELL: '/bin/sh' }),
      input: 'echo "inside $ANT_DEVSHELL"; exit 6\n',
      encoding: 'utf8',
    });
    expect(child.stdout).toBe('inside api\n');
    expect(child.stderr).toBe('');
    expect(child.status).toBe(6);
  });

  it.skipIf(!HAS_SCRIPT)('prints the motd in a terminal: services with languages, tools with versions, commands by category', async () => {
    const repo = platform();
    const tmux = execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim().replace(/^tmux /, '');
    const { code, output } = await inPty(repo.root, 'shell', 'echo "inside=$ANT_DEVSHELL root=$ANT_ROOT venv=$VIRTUAL_ENV"; exit 5\n', {});
    expect(code, output).toBe(5);
    expect(output).toContain('🔨 Welcome to anterior\n');
    expect(output).toContain('This is the repo-wide "meta" shell');
    expect(output).toContain(['Services managed by this repo:', '  - api (go)', '  - hello-world (python)', '  - noggin (javascript)', ''].join('\n'));
    expect(output).toMatch(/Extra tools on the path:\n {2}- go \(\d+\.\d+[^)]*\)\n/);
    for (const tool of [/ {2}- uv \(\d+\.\d+\.\d+\)\n/, / {2}- ruff \(\d+\.\d+\.\d+\)\n/, / {2}- node \(\d+\.\d+\.\d+\)\n/, / {2}- npm \(\d+\.\d+\.\d+\)\n/]) {
      expect(output).toMatch(tool);
    }
    expect(output).toContain(`  - tmux (${tmux})\n`);
    expect(output).toContain('  - surely-not-installed-tool (not found on PATH)\n');
    expect(output).toContain(
      [
        'Commands:',
        '',
        '[build]',
        '',
        '  ant ant-build-docker - Build and load Docker images',
        '',
        '[general commands]',
        '',
        '  ant greet            - Say hello',
        '',
        '[go]',
        '',
      ].join('\n'),
    );
    expect(output).toContain(['[maintenance]', '', '  ant system-prune     - Prune build caches'].join('\n'));
    // The repo's one uv workspace is the meta shell's Python environment.
    expect(output).toContain(`inside=default root=${repo.root} venv=${path.join(repo.root, 'services/hello-world/.venv')}\n`);
    // The motd comes before the shell's own output.
    expect(output.indexOf('Welcome to anterior')).toBeLessThan(output.indexOf('inside=default'));
  });

  it.skipIf(!HAS_SCRIPT)('a project shell names the project; ANT_NO_MOTD=1 silences the motd', async () => {
    const repo = platform();
    const api = await inPty(repo.root, 'shell api', 'echo "inside=$ANT_DEVSHELL port=$API_PORT"; exit\n', {});
    expect(api.code, api.output).toBe(0);
    expect(api.output).toContain('🔨 Welcome to anterior — api (go, services/api)\n');
    expect(api.output).toMatch(/ {2}- git \(\d+\.\d+\.\d+\)\n/);
    expect(api.output).toContain('inside=api port=8080\n');

    const quiet = await inPty(repo.root, 'shell api', 'echo "inside=$ANT_DEVSHELL"; exit 3\n', { ANT_NO_MOTD: '1' });
    expect(quiet.code, quiet.output).toBe(3);
    expect(quiet.output).not.toContain('Welcome');
    expect(quiet.output).toContain('inside=api\n');
  });
  it.skipIf(!HAS_TMUX)('Ctrl-C at the prompt reaches the shell, not ant; the shell exit code comes back', async () => {
    const repo = platform();
    // A private tmux server (its own socket), killed at the end; nothing else's sessions are touched.
    const socket = `ant-devshell-${process.pid}-${Date.now()}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: cleanEnv({ TERM: 'xterm' }) });
    onTestFinished(() => void spawnSync('tmux', ['-L', socket, 'kill-server']));
    const statusFile = path.join(repo.root, 'shell-exit.txt');
    tmux('new-session', '-d', '-x', '150', '-y', '60', `cd ${repo.root} && env SHELL=/bin/bash ANT_NO_MOTD=1 ${process.execPath} ${ANT_BIN} shell api; echo $? > ${statusFile}; sleep 60`);
    const screen = () => tmux('capture-pane', '-p');
    const waitFor = async (text: string) => {
      for (let i = 0; i < 200 && !screen().includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      expect(screen()).toContain(text);
    };
    tmux('send-keys', 'echo "ready=$ANT_DEVSHELL"', 'Enter');
    await waitFor('ready=api');
    tmux('send-keys', 'sleep 30', 'Enter');
    await new Promise((r) => setTimeout(r, 500));
    tmux('send-keys', 'C-c');
    tmux('send-keys', 'echo "alive=$ANT_DEVSHELL"', 'Enter');
    await waitFor('alive=api');
    tmux('send-keys', 'exit 4', 'Enter');
    for (let i = 0; i < 100 && !repo.exists('shell-exit.txt'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(repo.read('shell-exit.txt')).toBe('4\n');
  });
});

describe('config commands', () => {
  it('run as ant <name> with the devshell env and arguments, fail with their exit code, and show in --help', async () => {
    const repo = platform();
    const prune = await repo.ant(['system-prune']);
    expect(prune.stdout).toBe(`pruning in ${repo.root}\n`);
    expect(prune.code).toBe(3);

    const greet = await repo.ant(['greet', 'world'], { cwd: 'services/api' });
    expect(greet.stdout).toBe('hello from default: world\n');
    expect(greet.code).toBe(0);

    const help = await repo.ant(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Commands: maintenance[^\n]*\n+\s+ant system-prune[^\n]*\n\s+Prune build caches/);
    expect(help.stdout).toMatch(/ant greet[^\n]*\n\s+Say hello/);
    expect(help.stdout).toMatch(/ant shell/);
    expect(help.stdout).toMatch(/ant env/);
  });

  it('still run, with a warning, when the devshell env cannot be composed', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        devshell: { env: [{ name: 'TOKEN', eval: 'exit 9' }] },
        commands: { hi: { run: 'echo "hi ${TOKEN-without token}"' } },
      },
    });
    const hi = await repo.ant(['hi']);
    expect(hi.stdout).toBe('hi without token\n');
    expect(hi.stderr).toBe('warning: running without the devshell env: TOKEN: `exit 9` failed (exit 9) without a message on stderr\n');
    expect(hi.code).toBe(0);
  });
});
