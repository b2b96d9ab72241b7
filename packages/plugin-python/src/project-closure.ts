/**
 * Which closure of the lock a project's task depends on. Runtime tasks (build, lint) use the
 * project's own closure; tasks that run in the workspace's `.venv` (install, test) add the
 * workspace root's dev groups, because `uv sync --all-packages` installs them and a root
 * `[dependency-groups] dev = ["pytest"]` is where a workspace usually keeps its test runner.
 */
import { findProjectPackage, lockClosure, type ClosureEntry } from './lock-closure.js';
import type { PythonProject } from './python-project.js';
import type { LockDependency, UvLock } from './uv-lock.js';

/** The closure of `py` in its lock; `[]` when there is no lock yet (the lock-check task reports that). */
export function projectClosure(py: PythonProject, options: { workspaceDev: boolean }): ClosureEntry[] {
  if (!py.lock) return [];
  // Every task of a project asks for the same closure: remember it per parsed lock.
  let cache = cachePerLock.get(py.lock);
  if (!cache) cachePerLock.set(py.lock, (cache = new Map()));
  const key = `${py.lockPackage?.name ?? ''}@${py.lockPackage?.version ?? ''} ${py.member} ${options.workspaceDev} ${py.workspacePyproject.name ?? ''}`;
  let closure = cache.get(key);
  if (!closure) {
    closure = lockClosure(py.lock, py.lockPackage, { extraRoots: options.workspaceDev ? workspaceDevRoots(py) : [] });
    cache.set(key, closure);
  }
  return closure;
}

const cachePerLock = new WeakMap<UvLock, Map<string, ClosureEntry[]>>();

/** The dependency-group entries of the workspace root (a root package's dev groups, or the manifest's). */
export function workspaceDevRoots(py: PythonProject): LockDependency[] {
  if (!py.lock || !py.member) return [];
  const rootName = py.workspacePyproject.name;
  const rootPackage = rootName ? findProjectPackage(py.lock, rootName) : undefined;
  if (rootPackage) return Object.values(rootPackage.devDependencies).flat();
  return Object.values(py.lock.manifestGroups)
    .flat()
    .map((name) => ({ name, extras: [] }));
}
