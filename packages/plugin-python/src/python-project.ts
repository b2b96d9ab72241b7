/**
 * Everything the other hooks need to know about one Python project, read once per invocation:
 * its `pyproject.toml`, its uv workspace, the lock and its package in the lock. Works the same
 * for discovered projects and for projects declared only in `ant.config.json` `services`.
 */
import type { PluginContext, Project, RepoPath } from '@ant/runner/plugin';
import { memo, readPyProject, readUvLock } from './context-memo.js';
import { findProjectPackage } from './lock-closure.js';
import type { PyProject } from './pyproject.js';
import { joinRepo } from './repo-path.js';
import type { LockPackage, UvLock } from './uv-lock.js';
import { locateWorkspace } from './workspace.js';

export interface PythonProject {
  /** Project root (repo path). */
  root: RepoPath;
  pyproject: PyProject;
  /** Normalised `[project].name`; `undefined` for a virtual workspace root without `[project]`. */
  packageName?: string;
  /** Directory of the uv workspace: `uv.lock` and `.venv` live here. Equals `root` when standalone. */
  workspaceRoot: RepoPath;
  workspacePyproject: PyProject;
  /** The project is a member of a workspace rooted elsewhere. */
  member: boolean;
  lockFile: RepoPath;
  /** `undefined` when the lock does not exist yet. */
  lock?: UvLock;
  /** The project's own `[[package]]` in the lock, when it is locked. */
  lockPackage?: LockPackage;
}

/** Reads (once per invocation) the Python view of a project; throws a fixable error without pyproject.toml. */
export function loadPythonProject(project: Pick<Project, 'name' | 'root'>, ctx: PluginContext): Promise<PythonProject> {
  return memo(ctx, `project:${project.root}`, async () => {
    const pyproject = await readPyProject(ctx, project.root);
    if (!pyproject) {
      throw new Error(
        `${joinRepo(project.root, 'pyproject.toml')}: not found: project ${project.name} has language "python", ` +
          'which needs a pyproject.toml (and a uv.lock). Hint: run `uv init` in that directory, or fix the service path',
      );
    }
    const location = await locateWorkspace(project.root, pyproject, (dir) => readPyProject(ctx, dir));
    const lock = await readUvLock(ctx, location.root);
    return {
      root: project.root,
      pyproject,
      packageName: pyproject.name,
      workspaceRoot: location.root,
      workspacePyproject: location.pyproject,
      member: location.member,
      lockFile: joinRepo(location.root, 'uv.lock'),
      lock,
      lockPackage: lock && pyproject.name ? findProjectPackage(lock, pyproject.name) : undefined,
    };
  });
}
