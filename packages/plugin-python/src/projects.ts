/**
 * Discovery: every `pyproject.toml` with a `[project]` table is a Python project named after its
 * (normalised) package name. A workspace root without `[project]` is not a project; its members are.
 */
import type { PluginContext, ProjectSpec, RepoPath } from '@ant/runner/plugin';
import { readPyProject } from './context-memo.js';
import { dirOf } from './repo-path.js';
import { locateWorkspace } from './workspace.js';

/** Files that mark a Python project (matched from the workspace root). */
export const PROJECT_FILES = ['**/pyproject.toml'];

/**
 * Creates one project per `pyproject.toml` with a `[project]` table. Every file is read before
 * failing, so one error lists every broken file at once.
 */
export async function createPythonProjects(files: RepoPath[], ctx: PluginContext): Promise<ProjectSpec[]> {
  const specs: ProjectSpec[] = [];
  const errors: string[] = [];
  for (const file of [...files].sort()) {
    const root = dirOf(file);
    try {
      const pyproject = await readPyProject(ctx, root);
      if (!pyproject?.name) {
        ctx.logger.debug(`${file}: no [project] table, not a project`);
        continue;
      }
      const workspace = await locateWorkspace(root, pyproject, (dir) => readPyProject(ctx, dir));
      specs.push({
        name: pyproject.name,
        root,
        language: 'python',
        fields: { pythonPackage: pyproject.name, uvWorkspace: workspace.root },
        tags: ['python'],
      });
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return specs;
}
