import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project, TaskSpec } from '@ant/runner/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { makeContext, type TestContext } from './helpers/context.js';
import { runTask } from './helpers/run-task.js';
import { tempRepo, WORKSPACE_FILES, type TempRepo } from './helpers/uv-workspace.js';

const FILES = ['pyproject.toml', 'packages/alpha/pyproject.toml', 'packages/beta/pyproject.toml'];

async function load(repo: TempRepo): Promise<{ ctx: TestContext; projects: Record<string, Project> }> {
  const ctx = makeContext(repo.root);
  const projects = ctx.setProjects(await plugin.createProjects!(FILES, ctx));
  return { ctx, projects: Object.fromEntries(projects.map((p) => [p.name, p])) };
}

async function tasksOf(repo: TempRepo, name: string): Promise<{ project: Project; tasks: Record<string, TaskSpec> }> {
  const { ctx, projects } = await load(repo);
  return { project: projects[name], tasks: await plugin.inferTasks!(projects[name], ctx) };
}

describe('tasks of a real uv workspace, run with the strict environment', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = tempRepo(WORKSPACE_FILES, { lock: true });
  });
  afterAll(() => repo[Symbol.dispose]());

  it('infers lock-check, install, lint, build and test with their dependencies', async () => {
    const { tasks } = await tasksOf(repo, 'beta');
    expect(Object.keys(tasks).sort()).toEqual(['build', 'install', 'lint', 'lock-check', 'test']);
    expect(tasks.install).toMatchObject({ cache: false, dependsOn: ['lock-check'] });
    expect(tasks.install.command).toMatch(/^uv sync --locked --all-packages \|\| /);
    expect(tasks.test).toMatchObject({ dependsOn: ['install'] });
    expect(tasks.test.command).toMatch(/; uv run --frozen pytest$/);
    expect(tasks.test.setEnv).toEqual({ UV_PYTHON_DOWNLOADS: 'never', UV_NO_SYNC: '1' });
    expect(tasks.build).toMatchObject({ outputs: ['dist/**'] });
    expect(tasks.build.command).toMatch(/^uv lock --locked -q \|\| .*; rm -rf dist && uv build --out-dir dist$/);
    // beta's tests import alpha (installed editable), so alpha's sources are test inputs.
    expect(tasks.test.inputs).toContain('$root/packages/alpha/**/*');
    expect(tasks.test.inputs).toContain('!$root/packages/alpha/.venv/**');
    // the virtual workspace root is not packaged: no build; its inputs leave the members out.
    const root = await tasksOf(repo, 'ws');
    expect(root.tasks.build).toBeUndefined();
    expect(root.tasks.lint.inputs).toEqual(expect.arrayContaining(['!packages/alpha/**', '!packages/beta/**']));
    expect(root.tasks.lint.command).toContain('--extend-exclude packages/alpha');
  });

  it('installs the locked environment and runs pytest in it', async () => {
    const { project, tasks } = await tasksOf(repo, 'beta');
    for (const name of ['lock-check', 'install', 'test']) {
      const run = await runTask(project, tasks[name]);
      expect(run.exitCode, `${name}: ${run.output}`).toBe(0);
    }
    expect(readdirSync(join(repo.root, '.venv/lib/python3.11/site-packages'))).toEqual(
      expect.arrayContaining(['six.py', 'alpha.pth', 'beta.pth', 'pytest']),
    );
  });

  it('the devshell activates the installed .venv with the seed\'s uv settings', async () => {
    const { ctx, projects } = await load(repo);
    const shell = await plugin.devshell!(projects.beta, ctx);
    expect(shell.env).toEqual([
      { name: 'UV_NO_SYNC', value: '1' },
      { name: 'UV_PYTHON_DOWNLOADS', value: 'never' },
      { name: 'PYTHONPATH', unset: true },
      { name: 'VIRTUAL_ENV', value: join(repo.root, '.venv') },
    ]);
    expect(shell.path).toEqual(['.venv/bin']);
    expect(shell.tools?.map((t) => t.name)).toEqual(['uv', 'ruff', 'python']);
    expect(shell.tools?.every((t) => /^\d+\.\d+/.test(t.version ?? ''))).toBe(true);
    // The repository shell has the one workspace's environment too.
    expect((await plugin.devshell!(null, ctx)).path).toEqual(['.venv/bin']);
    // A shell with that env and PATH runs the workspace's python with the locked packages.
    const env = Object.fromEntries(shell.env!.flatMap((e) => ('value' in e ? [[e.name, e.value]] : [])));
    const out = repo.sh(
      `env PATH=${join(repo.root, shell.path![0])}:$PATH VIRTUAL_ENV=${env.VIRTUAL_ENV} sh -c 'command -v python; python -c "import beta; print(beta.shout(\\"x\\"))"'`,
      'packages/beta',
    );
    expect(out.split('\n').slice(0, 2)).toEqual([join(repo.root, '.venv/bin/python'), 'HELLO X']);
  });

  it('builds wheels that pip installs into a fresh venv and imports', async () => {
    for (const name of ['alpha', 'beta']) {
      const { project, tasks } = await tasksOf(repo, name);
      const run = await runTask(project, tasks.build);
      expect(run.exitCode, run.output).toBe(0);
      expect(readdirSync(join(project.absRoot, 'dist')).filter((f) => !f.startsWith('.')).sort()).toEqual([
        `${name}-0.1.0-py3-none-any.whl`,
        `${name}-0.1.0.tar.gz`,
      ]);
    }
    const venv = mkdtempSync(join(tmpdir(), 'ant-py-venv-'));
    try {
      // A bare venv filled by the machine's pip (--python): skips ensurepip's seconds.
      repo.sh(`python3 -m venv --without-pip ${venv}`);
      // beta's wheel requires alpha (found next to it) and six (from the index): real metadata.
      repo.sh(`python3 -m pip --python ${venv}/bin/python install -q --disable-pip-version-check --find-links packages/alpha/dist packages/beta/dist/beta-0.1.0-py3-none-any.whl`);
      expect(repo.sh(`${venv}/bin/python -c 'import beta; print(beta.shout("wheel"))'`).trim()).toBe('HELLO WHEEL');
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  });

  it('lint passes on clean code and fails on a ruff error or unformatted code', async () => {
    const { project, tasks } = await tasksOf(repo, 'alpha');
    expect((await runTask(project, tasks.lint)).exitCode).toBe(0);
    const module = 'packages/alpha/src/alpha/__init__.py';
    const clean = repo.read(module);
    try {
      repo.write(module, `import os\n${clean}`);
      const unused = await runTask(project, tasks.lint);
      expect(unused.exitCode).toBe(1);
      expect(unused.output).toContain('F401');
      // the workspace root's lint leaves its members to their own lint tasks
      const root = await tasksOf(repo, 'ws');
      const rootLint = await runTask(root.project, root.tasks.lint);
      expect(rootLint.exitCode, rootLint.output).toBe(0);
      expect(rootLint.output).toContain('1 file already formatted');
      repo.write(module, clean.replace('def greet(name: str) -> str:', 'def greet( name:str )->str:'));
      const unformatted = await runTask(project, tasks.lint);
      expect(unformatted.exitCode).toBe(1);
      expect(unformatted.output).toMatch(/src\/alpha\/__init__\.py[\s\S]*1 file would be reformatted/);
    } finally {
      repo.write(module, clean);
    }
  });

  it('a failing test fails the test task', async () => {
    const { project, tasks } = await tasksOf(repo, 'alpha');
    const file = 'packages/alpha/tests/test_alpha.py';
    const good = repo.read(file);
    try {
      repo.write(file, good.replace('"hello ant"', '"bye ant"'));
      const run = await runTask(project, tasks.test);
      expect(run.exitCode).toBe(1);
      expect(run.output).toContain('1 failed');
    } finally {
      repo.write(file, good);
    }
  });
});

describe('a stale lock', () => {
  it('fails lock-check, install, build and test with a message naming the project and saying to run `uv lock`', async () => {
    const repo = tempRepo(WORKSPACE_FILES, { lock: true });
    try {
      repo.write('packages/beta/pyproject.toml', repo.read('packages/beta/pyproject.toml').replace('["alpha"]', '["alpha", "six"]'));
      const { project, tasks } = await tasksOf(repo, 'beta');
      // build and test check the lock themselves: a config `dependsOn` cannot drop the check
      for (const name of ['lock-check', 'install', 'build', 'test']) {
        const run = await runTask(project, tasks[name]);
        expect(run.exitCode, name).toBe(1);
        expect(run.output, name).toContain(
          'ant: project beta: uv.lock is missing or out of date with the pyproject.toml files of its uv workspace ' +
            '(the repository root). Hint: run `uv lock` at the repository root and commit uv.lock',
        );
      }
      // the install refused: uv may create an empty .venv, but installs nothing from the stale lock
      const venv = join(repo.root, '.venv/lib/python3.11/site-packages');
      expect(existsSync(venv) ? readdirSync(venv) : []).not.toContain('six.py');
    } finally {
      repo[Symbol.dispose]();
    }
  });
});

describe('a standalone project (its own uv.lock and .venv)', () => {
  it('installs into its own .venv and runs its tests', async () => {
    const repo = tempRepo(
      {
        '.gitignore': '.venv/\n',
        'services/solo/pyproject.toml':
          '[project]\nname = "solo"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = ["six"]\n\n' +
          '[dependency-groups]\ndev = ["pytest>=8"]\n',
        'services/solo/test_solo.py': 'import six\n\n\ndef test_six():\n    assert six.PY3\n',
      },
      {},
    );
    try {
      repo.sh('uv lock -q', 'services/solo');
      const ctx = makeContext(repo.root);
      const [solo] = ctx.setProjects(await plugin.createProjects!(['services/solo/pyproject.toml'], ctx));
      const tasks = await plugin.inferTasks!(solo, ctx);
      // not packaged (no [build-system]): uv installs its dependencies only, and there is no build
      expect(Object.keys(tasks).sort()).toEqual(['install', 'lint', 'lock-check', 'test']);
      expect(tasks.install.command).toMatch(/^uv sync --locked \|\| /);
      for (const name of ['install', 'test']) {
        const run = await runTask(solo, tasks[name]);
        expect(run.exitCode, run.output).toBe(0);
      }
      expect(existsSync(join(solo.absRoot, '.venv/bin/python'))).toBe(true);
      const hashes = await plugin.hashInputs!(solo, 'test', tasks.test, ctx);
      expect(Object.keys(hashes).filter((k) => k.startsWith('uv.lock:')).sort()).toEqual(
        expect.arrayContaining(['uv.lock:pytest', 'uv.lock:six', 'uv.lock:solo']),
      );
    } finally {
      repo[Symbol.dispose]();
    }
  });
});
