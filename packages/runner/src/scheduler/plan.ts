/**
 * From a loaded workspace and the user's selection to a hashed task graph: which projects
 * (`--projects`, `--exclude`, `--affected`), which tasks, and each task's hash. Runs nothing.
 */
import picomatch from 'picomatch';
import { GraphError } from '../errors.js';
import { buildTaskGraph, type TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import { hashTasks, type HashedTask } from '../hash/task-hasher.js';
import type { Workspace } from '../workspace/workspace.js';

export interface Selection {
  targets: string[];
  /** Names or globs (`@acme/*`). */
  projects?: string[];
  exclude?: string[];
  /** Project names from `--affected`, when given. */
  affected?: readonly string[];
}

export interface Plan {
  graph: TaskGraph;
  hashes: Map<TaskId, HashedTask>;
  selected: string[];
}

export function selectProjects(workspace: Workspace, selection: Omit<Selection, 'targets'>): string[] {
  let names = workspace.projects.map((p) => p.name);
  if (selection.projects?.length) {
    const isMatch = picomatch(selection.projects);
    const unknown = selection.projects.filter((p) => !/[*?[{]/.test(p) && !workspace.projectByName.has(p));
    if (unknown.length) {
      throw new GraphError(`unknown project${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, {
        code: 'ANT_GRAPH_UNKNOWN_PROJECT',
        hint: `known projects: ${names.join(', ')}`,
      });
    }
    names = names.filter((n) => isMatch(n));
  }
  if (selection.exclude?.length) {
    const isExcluded = picomatch(selection.exclude);
    names = names.filter((n) => !isExcluded(n));
  }
  if (selection.affected) {
    const affected = new Set(selection.affected);
    names = names.filter((n) => affected.has(n));
  }
  return names;
}

export async function planRun(workspace: Workspace, selection: Selection, env: NodeJS.ProcessEnv): Promise<Plan> {
  const selected = selectProjects(workspace, selection);
  const graph = buildTaskGraph(
    { projects: workspace.projects.map((p) => p.name), tasks: workspace.tasks, dependencies: workspace.dependencies },
    selection.targets,
    selected,
  );
  const hashes = await hashTasks(workspace, graph, env);
  return { graph, hashes, selected };
}
