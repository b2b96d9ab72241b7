/**
 * `--affected` for a `uv.lock` or workspace `pyproject.toml` that no project owns (a workspace
 * root without `[project]`): only the members whose closure changed are affected by a lock
 * change, every member by a root pyproject.toml change.
 */
import type { FileChange, PluginContext } from '@ant/runner/plugin';
import { closureDigest, findProjectPackage } from './lock-closure.js';
import { projectClosure } from './project-closure.js';
import { loadPythonProject, type PythonProject } from './python-project.js';
import { dirOf } from './repo-path.js';
import { parseUvLock, type UvLock } from './uv-lock.js';

/** Project names a change affects, or `undefined` when the file is not a uv file. */
export async function pythonNarrowChange(change: FileChange, ctx: PluginContext): Promise<string[] | 'all' | undefined> {
  const name = change.path.split('/').pop();
  if (name !== 'uv.lock' && name !== 'pyproject.toml') return undefined;
  const dir = dirOf(change.path);
  const members: PythonProject[] = [];
  const names: string[] = [];
  for (const project of ctx.projects()) {
    if (project.language !== 'python') continue;
    const py = await loadPythonProject(project, ctx);
    if (py.workspaceRoot !== dir) continue;
    members.push(py);
    names.push(project.name);
  }
  if (members.length === 0) return undefined;
  if (name === 'pyproject.toml') return names;

  let before: UvLock | undefined;
  let after: UvLock | undefined;
  try {
    before = change.before === undefined ? undefined : parseUvLock(change.before, change.path);
    after = change.after === undefined ? undefined : parseUvLock(change.after, change.path);
  } catch {
    return names; // an unreadable lock affects every member
  }
  return names.filter((_, index) => fingerprint(members[index], before) !== fingerprint(members[index], after));
}

function fingerprint(py: PythonProject, lock: UvLock | undefined): string {
  if (!lock) return 'missing';
  const lockPackage = py.packageName ? findProjectPackage(lock, py.packageName) : undefined;
  const view: PythonProject = { ...py, lock, lockPackage };
  return `${closureDigest(projectClosure(view, { workspaceDev: true }))} ${lockPackage?.metadata ?? ''} ${lock.header}`;
}
