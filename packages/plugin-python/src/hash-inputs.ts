/**
 * Extra hash inputs of Python tasks: the tool versions and the project's slice of `uv.lock`, one
 * manifest entry per locked package so `ant explain` shows which package changed. A change to the
 * lock that does not touch the project's closure (another member's dependencies) changes nothing here.
 */
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { digest } from './canonical.js';
import type { ClosureEntry } from './lock-closure.js';
import { projectClosure } from './project-closure.js';
import { loadPythonProject, type PythonProject } from './python-project.js';
import { pythonVersion, ruffVersion, uvVersion } from './toolchain.js';

/** Hash inputs of one task of a Python project, as `name → value`. */
export async function pythonHashInputs(
  project: Project,
  taskName: string,
  task: TaskSpec,
  ctx: PluginContext,
): Promise<Record<string, string>> {
  const py = await loadPythonProject(project, ctx);
  const inputs: Record<string, string> = {
    'requires-python': `${py.pyproject.requiresPython ?? '(none)'}; lock: ${py.lock?.requiresPython ?? '(none)'}`,
  };
  const command = typeof task.command === 'string' ? task.command : (task.command ?? []).join(' ');
  const usesUv = /\buv\b/.test(command) || task.command === undefined;

  if (taskName === 'lint' && !/\buv run\b/.test(command)) {
    // ruff from PATH: its version and the target version it reads from requires-python.
    inputs.ruff = await ruffVersion(ctx);
    if (usesUv) inputs.uv = await uvVersion(ctx);
    return inputs;
  }
  if (usesUv) inputs.uv = await uvVersion(ctx);
  if (taskName === 'lock-check') {
    Object.assign(inputs, lockSlice(py, projectClosure(py, { workspaceDev: false })));
    inputs['uv.lock header'] = py.lock ? digest(py.lock.header, 16) : 'missing';
    inputs['uv.lock metadata'] = py.lockPackage ? digest(py.lockPackage.metadata, 16) : 'missing';
    return inputs;
  }
  inputs.python = await pythonVersion(ctx, py.workspaceRoot);
  // build sees only the project's own closure; install, test, a locked lint and unknown tasks run
  // in the workspace's .venv, which also holds the workspace root's dev groups (pytest, ruff …).
  const workspaceDev = taskName !== 'build';
  Object.assign(inputs, lockSlice(py, projectClosure(py, { workspaceDev })));
  return inputs;
}

/** `uv.lock:<name>` → `version source files` for each package of the closure. */
export function lockSlice(py: PythonProject, closure: ClosureEntry[]): Record<string, string> {
  if (!py.lock) return { 'uv.lock': 'missing' };
  const slice: Record<string, string> = {};
  if (py.packageName && !py.lockPackage) slice[`uv.lock:${py.packageName}`] = 'not locked';
  const counts = new Map<string, number>();
  for (const entry of closure) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  for (const entry of closure) {
    const key = counts.get(entry.name)! > 1 ? `uv.lock:${entry.name}@${entry.version}` : `uv.lock:${entry.name}`;
    slice[key] = `${entry.version} ${entry.source}${entry.files ? ` ${entry.files}` : ''}`;
  }
  return slice;
}
