/**
 * End to end: the real `ant` binary on a real uv workspace, with this plugin named by package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberPyproject, tempRepo, WORKSPACE_FILES, type TempRepo } from './helpers/uv-workspace.js';

const ANT = fileURLToPath(new URL('../../runner/bin/ant.js', import.meta.url));
const CLI_BUILT = existsSync(fileURLToPath(new URL('../../runner/dist/cli/main.js', import.meta.url)));

interface Summary {
  exitCode: number;
  tasks: { id: string; cache: string; exitCode: number | null }[];
}

describe.skipIf(!CLI_BUILT)('ant run with @ant/plugin-python', () => {
  let repo: TempRepo;
  let runs = 0;
  const ant = (...args: string[]) => {
    const result = spawnSync('node', [ANT, ...args], { cwd: repo.root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const run = (...targets: string[]) => {
    const file = join(repo.root, '.ant', `summary-${++runs}.json`);
    const result = ant('run', ...targets, `--summarize=${file}`);
    const summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
    const cache = Object.fromEntries(summary.tasks.map((t) => [t.id, t.cache]));
    return { ...result, summary, cache };
  };

  beforeAll(() => {
    repo = tempRepo({ ...WORKSPACE_FILES, 'ant.config.json': JSON.stringify({ plugins: ['@ant/plugin-python'] }) }, { lock: true });
  });
  afterAll(() => repo[Symbol.dispose]());

  it('shows the workspace members as projects with their edges', () => {
    const { code, output } = ant('show', 'projects', '--json');
    expect(code, output).toBe(0);
    const projects = JSON.parse(output) as { name: string; path: string; dependencies: string[]; tasks: string[] }[];
    expect(projects.map((p) => [p.name, p.path, p.dependencies])).toEqual([
      ['alpha', 'packages/alpha', []],
      ['beta', 'packages/beta', ['alpha']],
      ['ws', '.', []],
    ]);
    expect(projects[1].tasks).toEqual(['build', 'install', 'lint', 'lock-check', 'test']);
  });

  it('builds, tests and lints, then replays everything from the cache', () => {
    const first = run('build', 'test', 'lint');
    expect(first.code, first.output).toBe(0);
    expect(first.cache['beta:test']).toBe('miss');
    expect(readdirSync(join(repo.root, 'packages/beta/dist'))).toContain('beta-0.1.0-py3-none-any.whl');

    const second = run('build', 'test', 'lint');
    expect(second.code, second.output).toBe(0);
    for (const [id, cache] of Object.entries(second.cache)) {
      expect(cache, id).toBe(id.endsWith(':install') ? 'off' : 'local');
    }
    // outputs come back from the cache
    rmSync(join(repo.root, 'packages/alpha/dist'), { recursive: true });
    const restored = run('alpha:build');
    expect(restored.cache['alpha:build']).toBe('local');
    expect(readdirSync(join(repo.root, 'packages/alpha/dist'))).toContain('alpha-0.1.0-py3-none-any.whl');
  });

  it("a lock change to beta's dependencies keeps alpha a cache hit; an alpha source change reruns beta's tests", () => {
    repo.write('packages/beta/pyproject.toml', memberPyproject('beta', ['alpha', 'packaging'], '[tool.uv.sources]\nalpha = { workspace = true }\n'));
    repo.sh('uv lock -q');
    const afterLock = run('build', 'test');
    expect(afterLock.code, afterLock.output).toBe(0);
    expect(afterLock.cache).toMatchObject({ 'alpha:build': 'local', 'alpha:test': 'local', 'beta:build': 'miss', 'beta:test': 'miss' });

    repo.write('packages/alpha/src/alpha/__init__.py', repo.read('packages/alpha/src/alpha/__init__.py') + '\nVERSION = "1"\n');
    const afterEdit = run('build', 'test');
    expect(afterEdit.code, afterEdit.output).toBe(0);
    expect(afterEdit.cache).toMatchObject({ 'alpha:build': 'miss', 'beta:build': 'local', 'beta:test': 'miss' });
  });

  it('a lint error fails the run', () => {
    const module = 'packages/alpha/src/alpha/__init__.py';
    const clean = repo.read(module);
    repo.write(module, `import os\n${clean}`);
    try {
      const result = run('lint');
      expect(result.code).toBe(1);
      expect(result.summary.tasks.find((t) => t.id === 'alpha:lint')?.exitCode).toBe(1);
      expect(result.output).toContain('F401');
    } finally {
      repo.write(module, clean);
    }
  });

  it('a stale lock fails the tests with the fix, even when the config replaces dependsOn', () => {
    // The design's config defaults: test no longer depends on install, build on ^build only.
    repo.write('ant.config.json', JSON.stringify({
      plugins: ['@ant/plugin-python'],
      tasks: { build: { dependsOn: ['^build'] }, test: { dependsOn: ['build'] } },
    }));
    const file = 'packages/beta/pyproject.toml';
    const locked = repo.read(file);
    repo.write(file, locked.replace('"packaging"', '"packaging", "six"'));
    try {
      const result = run('beta:test');
      expect(result.code).toBe(1);
      // beta:test → beta:build → alpha:build (^build). alpha's inputs did not change, so its build
      // is a cache hit; beta's pyproject did, so beta's build runs its lock check and fails.
      expect(result.output, result.output).toContain(
        'ant: project beta: uv.lock is missing or out of date with the pyproject.toml files of its uv workspace ' +
          '(the repository root). Hint: run `uv lock` at the repository root and commit uv.lock',
      );
      expect(result.summary.tasks.map((t) => t.id)).not.toContain('beta:install');
      expect(result.summary.tasks.find((t) => t.id === 'beta:build')?.exitCode).toBe(1);
      expect(result.summary.tasks.find((t) => t.id === 'beta:test')?.exitCode ?? null).toBeNull();
    } finally {
      repo.write(file, locked);
    }
  });
});

describe.skipIf(!CLI_BUILT)('ant affected with a uv.lock no project owns', () => {
  it("a lock change to beta's dependencies affects beta, not alpha", () => {
    const repo = tempRepo(
      {
        ...WORKSPACE_FILES,
        // a bare workspace root: uv.lock and pyproject.toml belong to no project
        'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n\n[dependency-groups]\ndev = ["pytest>=8"]\n',
        'scripts/check.py': '',
        'ant.config.json': JSON.stringify({ plugins: ['@ant/plugin-python'] }),
      },
      { lock: true },
    );
    try {
      repo.write('packages/beta/pyproject.toml', memberPyproject('beta', ['alpha', 'packaging'], '[tool.uv.sources]\nalpha = { workspace = true }\n'));
      repo.sh('uv lock -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm beta && git checkout -q HEAD~1 -- packages/beta/pyproject.toml');
      // only uv.lock differs from HEAD~1 now
      const result = spawnSync('node', [ANT, 'affected', '--base', 'HEAD~1', '--json'], { cwd: repo.root, encoding: 'utf8' });
      const affected = JSON.parse(result.stdout) as { changedFiles: string[]; projects: string[] };
      expect(affected.changedFiles).toEqual(['uv.lock']);
      expect(affected.projects).toEqual(['beta']);
    } finally {
      repo[Symbol.dispose]();
    }
  });
});
