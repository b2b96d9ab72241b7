/**
 * Edges between Python projects, from the lock (local packages a project's package reaches)
 * and from `pyproject.toml` (`[tool.uv.sources] x = { workspace = true }` or `{ path = "…" }`),
 * so edges exist even before the first `uv lock`. Both name ant projects by their root.
 */
import type { PluginContext, Project, RepoPath } from '@ant/runner/plugin';
import { readPyProject } from './context-memo.js';
import { directDependencies } from './lock-closure.js';
import { loadPythonProject, type PythonProject } from './python-project.js';
import { joinRepo } from './repo-path.js';
import { isLocalSource, type LockPackage } from './uv-lock.js';
import { memberOf } from './workspace.js';

/** Names of the ant projects this Python project depends on (dev groups included), sorted. */
export async function pythonDependencies(project: Project, ctx: PluginContext): Promise<string[]> {
  const py = await loadPythonProject(project, ctx);
  const byRoot = new Map(ctx.projects().map((p) => [p.root, p.name]));
  const names = new Set<string>([...lockEdges(py, byRoot), ...(await sourceEdges(py, byRoot, ctx))]);
  names.delete(project.name);
  return [...names].sort();
}

/**
 * Walks the project's local dependencies in the lock; stops at each one that is an ant project
 * (its own edges carry on from there) and walks through local packages that are not.
 */
function lockEdges(py: PythonProject, byRoot: Map<RepoPath, string>): string[] {
  if (!py.lock || !py.lockPackage) return [];
  const lock = py.lock;
  const edges: string[] = [];
  const seen = new Set<LockPackage>([py.lockPackage]);
  const queue = directDependencies(lock, py.lockPackage, true);
  while (queue.length > 0) {
    const pkg = queue.pop()!;
    if (seen.has(pkg) || !isLocalSource(pkg.source)) continue;
    seen.add(pkg);
    const name = byRoot.get(joinRepo(py.workspaceRoot, pkg.source.value));
    if (name) edges.push(name);
    else queue.push(...directDependencies(lock, pkg, false));
  }
  return edges;
}

/** Edges declared in `[tool.uv.sources]` (the project's own, else the workspace root's) for its requirements. */
async function sourceEdges(py: PythonProject, byRoot: Map<RepoPath, string>, ctx: PluginContext): Promise<string[]> {
  const edges: string[] = [];
  for (const requirement of py.pyproject.requirementNames) {
    const sources = py.pyproject.sources[requirement] ?? (py.member ? py.workspacePyproject.sources[requirement] : undefined) ?? [];
    for (const source of sources) {
      if (source.kind === 'path') {
        const name = byRoot.get(joinRepo(py.root, source.path));
        if (name) edges.push(name);
      } else if (source.kind === 'workspace') {
        const name = await workspaceMemberNamed(py, requirement, byRoot, ctx);
        if (name) edges.push(name);
      }
    }
  }
  return edges;
}

/** The ant project that is the workspace member whose package is called `packageName`. */
async function workspaceMemberNamed(
  py: PythonProject,
  packageName: string,
  byRoot: Map<RepoPath, string>,
  ctx: PluginContext,
): Promise<string | undefined> {
  const workspace = py.workspacePyproject.workspace;
  for (const [root, name] of byRoot) {
    if (root !== py.workspaceRoot && !(workspace && memberOf(py.workspaceRoot, workspace, root))) continue;
    const pyproject = await readPyProject(ctx, root);
    if (pyproject?.name === packageName) return name;
  }
  return undefined;
}
