/**
 * The shell commands of Python tasks. Each task that needs a correct environment brings its own
 * guard, so it stays right when `ant.config.json` replaces its `dependsOn` (the design's defaults
 * do, e.g. `build: { dependsOn: ["^build"] }`): a stale lock is always refused with ant's
 * message, and `uv run` always runs in an environment synced from the lock.
 */
import type { PythonProject } from './python-project.js';
import { shQuote } from './repo-path.js';

/** `ant: project X: uv.lock is missing or out of date … run \`uv lock\` …`, quoted for sh. */
function staleLockMessage(projectName: string, py: PythonProject): string {
  const where = py.workspaceRoot === '.' ? 'at the repository root' : `in ${py.workspaceRoot}`;
  // uv checks a workspace's one lock against every member: the stale part may be another member's.
  const against = py.workspacePyproject.workspace
    ? `the pyproject.toml files of its uv workspace (${py.workspaceRoot === '.' ? 'the repository root' : py.workspaceRoot})`
    : 'pyproject.toml';
  return shQuote(
    `ant: project ${projectName}: ${py.lockFile} is missing or out of date with ${against}. ` +
      `Hint: run \`uv lock\` ${where} and commit ${py.lockFile}`,
  );
}

/** `uv lock --locked`: fails (with ant's message after uv's) when the lock does not match pyproject.toml. */
export function lockCheckCommand(projectName: string, py: PythonProject, quiet = false): string {
  return `uv lock --locked${quiet ? ' -q' : ''} || { echo ${staleLockMessage(projectName, py)} >&2; exit 1; }`;
}

/**
 * `uv sync --locked`: checks the lock in the same uv call and installs it exactly. A workspace
 * installs every member and the root's dev groups into its one `.venv`, as the devshell did, so
 * every member's sync is the same idempotent command. On failure a second `uv lock --locked`
 * tells a stale lock (ant's message) from any other error (uv's own, already printed).
 */
export function syncCommand(projectName: string, py: PythonProject, quiet = false): string {
  const sync = `uv sync --locked${py.workspacePyproject.workspace ? ' --all-packages' : ''}${quiet ? ' -q' : ''}`;
  return `${sync} || { uv lock --locked -q 2>/dev/null || echo ${staleLockMessage(projectName, py)} >&2; exit 1; }`;
}

/** `uv build` into the project's own `dist/` (a member's would go to the workspace root's), after a lock check. */
export function buildCommand(projectName: string, py: PythonProject): string {
  return `${lockCheckCommand(projectName, py, true)}; rm -rf dist && uv build --out-dir dist`;
}

/** pytest from the lock, in an environment synced first (a no-op when `install` just ran). */
export function testCommand(projectName: string, py: PythonProject, pytestLocked: boolean): string {
  if (!pytestLocked) {
    // `uv run pytest` would fall back to whatever pytest is on PATH, outside the environment.
    return `echo ${shQuote(
      `ant: project ${projectName} has tests but pytest is not in ${py.lockFile}. ` +
        'Hint: run `uv add --dev pytest`, or set the test command in ant.config.json',
    )} >&2; exit 1`;
  }
  return `${syncCommand(projectName, py, true)}; uv run --frozen pytest`;
}

/** ruff check + format check: the locked ruff (after a sync) when the lock has one, else ruff on PATH. */
export function lintCommand(projectName: string, py: PythonProject, ruffLocked: boolean, excludes: string[]): string {
  const flags = excludes.map((dir) => ` --extend-exclude ${shQuote(dir)}`).join('');
  if (ruffLocked) {
    const ruff = 'uv run --frozen ruff';
    return `${syncCommand(projectName, py, true)}; ${ruff} check${flags} . && ${ruff} format --check${flags} .`;
  }
  const missing = shQuote(
    `ant: project ${projectName}: ruff is not on PATH. Hint: pip install ruff (or uv tool install ruff), ` +
      "or add ruff to the project's dev dependencies so uv installs the locked version",
  );
  return `command -v ruff >/dev/null 2>&1 || { echo ${missing} >&2; exit 127; }; ruff check${flags} . && ruff format --check${flags} .`;
}
