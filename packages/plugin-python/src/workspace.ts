/**
 * Finding the uv workspace a project belongs to, as uv does: the nearest ancestor
 * `pyproject.toml` with `[tool.uv.workspace]` whose `members` (minus `exclude`) match the
 * project's directory. The workspace root holds the one `uv.lock` and the shared `.venv`;
 * a project outside any workspace is its own root.
 */
import type { RepoPath } from '@ant/runner/plugin';
import { isWorkspaceMember } from './member-glob.js';
import type { PyProject } from './pyproject.js';
import { ancestorsOf, relativeRepo } from './repo-path.js';

/** Reads the parsed `pyproject.toml` of a directory, or `undefined` when it has none. */
export type PyProjectReader = (dir: RepoPath) => Promise<PyProject | undefined>;

export interface WorkspaceLocation {
  /** Directory of the workspace root: where `uv.lock` and `.venv` live. */
  root: RepoPath;
  /** The root's `pyproject.toml` (the project's own one when it is standalone). */
  pyproject: PyProject;
  /** The project is a member of a workspace rooted elsewhere. */
  member: boolean;
}

/**
 * Locates the workspace of the project in `dir` whose `pyproject.toml` is `own`.
 * A workspace root that does not list the project (or excludes it) makes it standalone,
 * which is how uv treats it too.
 */
export async function locateWorkspace(dir: RepoPath, own: PyProject, read: PyProjectReader): Promise<WorkspaceLocation> {
  if (own.workspace) return { root: dir, pyproject: own, member: false };
  for (const ancestor of ancestorsOf(dir)) {
    const candidate = await read(ancestor);
    if (!candidate?.workspace) continue;
    if (isWorkspaceMember(relativeRepo(ancestor, dir), candidate.workspace.members, candidate.workspace.exclude)) {
      return { root: ancestor, pyproject: candidate, member: true };
    }
    break;
  }
  return { root: dir, pyproject: own, member: false };
}

/** Whether `dir` is a member of the workspace rooted at `root` with `[tool.uv.workspace]` `workspace`. */
export function memberOf(root: RepoPath, workspace: NonNullable<PyProject['workspace']>, dir: RepoPath): boolean {
  const relative = relativeRepo(root, dir);
  return !relative.startsWith('..') && isWorkspaceMember(relative, workspace.members, workspace.exclude);
}
