/** The project a devshell is for: `ant shell api` → api; no name → null (the meta shell). */
import { GraphError } from '../errors.js';
import type { Project } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';

/** Looks the project up by name; an unknown name is an error listing the known ones. */
export function shellProject(workspace: Workspace, name: string | undefined): Project | null {
  if (name === undefined) return null;
  const project = workspace.projectByName.get(name);
  if (project) return project;
  throw new GraphError(`unknown project "${name}"`, {
    code: 'ANT_GRAPH_UNKNOWN_PROJECT',
    hint: `known projects: ${workspace.projects.map((p) => p.name).join(', ') || '(none)'}; without a name you get the repo-wide shell`,
  });
}
