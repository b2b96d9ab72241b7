/**
 * The tasks of a Python project, all driven by uv with the lock as the source of truth:
 *
 * - `lock-check`: `uv lock --locked`, failing with a message that names the project and says to
 *   run `uv lock` (a stale lock must never be installed or built from);
 * - `install`: `uv sync --locked` into the workspace's `.venv` (never cached: it is the environment);
 * - `build`: `uv build` → sdist and wheel in the project's `dist/` (packaged projects only);
 * - `lint`: `ruff check` + `ruff format --check` (the locked ruff when the lock has one);
 * - `test`: `uv run --frozen pytest` in the installed environment (when the project has tests).
 * The commands themselves are in `commands.ts`.
 */
import { readdir } from 'node:fs/promises';
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { projectClosure } from './project-closure.js';
import { loadPythonProject, type PythonProject } from './python-project.js';
import { buildCommand, lintCommand, lockCheckCommand, syncCommand, testCommand } from './commands.js';
import { ancestorsOf, inputPath, isWithin, joinRepo, relativeRepo } from './repo-path.js';
import { UV_HASHED_ENV, UV_PASS_THROUGH_ENV, UV_RUN_SET_ENV, UV_SET_ENV } from './uv-env.js';

/** Files in a project dir that no task reads: environments, caches and build results. */
const GENERATED = ['.venv', 'dist', 'build', '.pytest_cache', '.ruff_cache', '.mypy_cache', '.tox', '.nox'];

/** Infers the tasks of one Python project. */
export async function inferPythonTasks(project: Project, ctx: PluginContext): Promise<Record<string, TaskSpec>> {
  const py = await loadPythonProject(project, ctx);
  const nested = ctx
    .projects()
    .filter((other) => other.root !== project.root && isWithin(other.root, project.root))
    .map((other) => relativeRepo(project.root, other.root));
  const sources = sourceInputs('', nested);
  const closure = projectClosure(py, { workspaceDev: true });
  // Local packages the project imports (workspace members, path dependencies): their files
  // are test inputs, since the environment installs them editable.
  const localDeps = closure
    .filter((entry) => entry.local && entry.name !== py.packageName && entry.path !== undefined)
    .map((entry) => joinRepo(py.workspaceRoot, entry.path!))
    .filter((dir) => !dir.startsWith('..') && dir !== project.root);
  const common = { passThroughEnv: UV_PASS_THROUGH_ENV, env: UV_HASHED_ENV };

  const tasks: Record<string, TaskSpec> = {
    'lock-check': {
      ...common,
      command: lockCheckCommand(project.name, py),
      setEnv: UV_SET_ENV,
      inputs: lockCheckInputs(py),
      description: `Checks that ${py.lockFile} matches pyproject.toml (uv lock --locked)`,
    },
    install: {
      ...common,
      command: syncCommand(project.name, py),
      setEnv: UV_SET_ENV,
      dependsOn: ['lock-check'],
      cache: false,
      description: `Installs the locked environment into ${joinRepo(py.workspaceRoot, '.venv')}`,
    },
    lint: lintTask(project.name, py, closure.some((entry) => entry.name === 'ruff'), nested, common),
  };
  if (py.pyproject.packaged) {
    tasks.build = {
      ...common,
      env: [...UV_HASHED_ENV, 'SOURCE_DATE_EPOCH'],
      // --out-dir: a member's `uv build` would otherwise write to the workspace root's dist/.
      command: buildCommand(project.name, py),
      setEnv: UV_SET_ENV,
      inputs: sources,
      outputs: ['dist/**'],
      description: 'Builds the sdist and wheel into dist/ (uv build)',
    };
  }
  if (await hasTests(project.absRoot, py)) {
    tasks.test = {
      ...common,
      env: [...UV_HASHED_ENV, 'PYTEST_ADDOPTS'],
      command: testCommand(project.name, py, closure.some((entry) => entry.name === 'pytest')),
      setEnv: UV_RUN_SET_ENV,
      dependsOn: ['install'],
      inputs: [
        ...sources,
        ...(py.member ? [`$root/${joinRepo(py.workspaceRoot, 'pyproject.toml')}`] : []),
        ...localDeps.flatMap((dir) => sourceInputs(`$root/${dir}/`, [])),
      ],
      description: 'Runs pytest in the installed environment (uv run --frozen pytest)',
    };
  }
  return tasks;
}

/** Every file under `prefix` except generated ones and nested projects. */
function sourceInputs(prefix: string, nested: string[]): string[] {
  return [
    `${prefix}**/*`,
    `!${prefix}uv.lock`, // the lock enters the hash as the project's closure, not as a file
    ...GENERATED.map((dir) => `!${prefix}${dir}/**`),
    `!${prefix}**/__pycache__/**`,
    `!${prefix}*.egg-info/**`,
    ...nested.map((dir) => `!${prefix}${dir}/**`),
  ];
}

/**
 * `uv lock --locked` reads the lock and every member's pyproject.toml, but this task's hash only
 * covers this project's part (its pyproject.toml, the workspace root's, and its lock slice in
 * hashInputs): a change to another member reruns that member's lock check, not every one.
 */
function lockCheckInputs(py: PythonProject): string[] {
  const inputs = ['pyproject.toml', 'uv.toml', '.python-version'];
  if (py.member) {
    for (const name of ['pyproject.toml', 'uv.toml', '.python-version']) {
      inputs.push(inputPath(py.root, joinRepo(py.workspaceRoot, name)));
    }
  }
  return inputs;
}

function lintTask(
  projectName: string,
  py: PythonProject,
  locked: boolean,
  nested: string[],
  common: Pick<TaskSpec, 'passThroughEnv' | 'env'>,
): TaskSpec {
  // ruff reads the nearest pyproject.toml / ruff.toml upwards, so configs of ancestors are inputs.
  const configs = ancestorsOf(py.root).flatMap((dir) =>
    ['pyproject.toml', 'ruff.toml', '.ruff.toml'].map((name) => `$root/${joinRepo(dir, name)}`),
  );
  return {
    ...common,
    command: lintCommand(projectName, py, locked, nested),
    setEnv: locked ? UV_RUN_SET_ENV : UV_SET_ENV,
    dependsOn: locked ? ['install'] : [],
    inputs: [
      '**/*.py',
      '**/*.pyi',
      '**/*.ipynb',
      'pyproject.toml',
      'ruff.toml',
      '.ruff.toml',
      ...configs,
      ...GENERATED.map((dir) => `!${dir}/**`),
      ...nested.map((dir) => `!${dir}/**`),
    ],
    description: locked ? 'ruff check + ruff format --check (the locked ruff)' : 'ruff check + ruff format --check',
  };
}

/** pytest is configured, or the project has a tests dir, a conftest.py or test modules at its top. */
async function hasTests(absRoot: string, py: PythonProject): Promise<boolean> {
  if (py.pyproject.pytestConfigured) return true;
  const names = await readdir(absRoot).catch(() => [] as string[]);
  return names.some(
    (name) =>
      name === 'tests' ||
      name === 'test' ||
      name === 'conftest.py' ||
      name === 'pytest.ini' ||
      /^test_.*\.py$/.test(name) ||
      /_test\.py$/.test(name),
  );
}
