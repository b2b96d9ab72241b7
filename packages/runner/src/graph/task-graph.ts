/**
 * Expands targets into the task graph. Pure: it takes projects, their tasks and dependencies and
 * returns nodes with edges; it runs and hashes nothing.
 *
 * `dependsOn` entries:
 *   - `build`      the same project's `build` (skipped when the project has none);
 *   - `^build`     `build` of each project this one depends on; a dependency without `build` is
 *                  looked through to its own dependencies, so order still holds across it;
 *   - `api:build`  one task of one project (an error when it does not exist).
 */
import { GraphError } from '../errors.js';
import type { TaskSpec } from '../plugin/api.js';
import { findCycle } from './cycles.js';
import { parseTaskId, taskId, type TaskId } from './task-id.js';

export interface TaskNode {
  id: TaskId;
  project: string;
  task: string;
  spec: TaskSpec;
  dependsOn: TaskId[];
  dependents: TaskId[];
}

export interface TaskGraph {
  nodes: Map<TaskId, TaskNode>;
  /** Topological order (dependencies first). */
  order: TaskId[];
  /** The tasks the user asked for (before their dependencies were added). */
  targets: TaskId[];
}

export interface GraphInput {
  projects: readonly string[];
  tasks: ReadonlyMap<string, Record<string, TaskSpec>>;
  dependencies: ReadonlyMap<string, readonly string[]>;
}

export function buildTaskGraph(input: GraphInput, targets: readonly string[], selected: readonly string[]): TaskGraph {
  const nodes = new Map<TaskId, TaskNode>();
  const requested: TaskId[] = [];

  for (const target of targets) {
    const explicit = target.includes(':') ? parseTaskId(target) : undefined;
    if (explicit) {
      if (!input.tasks.get(explicit.project)?.[explicit.task]) throw unknownTask(input, target);
      requested.push(taskId(explicit.project, explicit.task));
      continue;
    }
    let found = 0;
    for (const project of selected) {
      if (input.tasks.get(project)?.[target]) {
        requested.push(taskId(project, target));
        found++;
      }
    }
    if (found === 0 && selected.length > 0 && !input.projects.some((p) => input.tasks.get(p)?.[target])) {
      throw unknownTask(input, target);
    }
  }

  const queue = [...new Set(requested)];
  for (const id of queue) addNode(id);
  for (let i = 0; i < queue.length; i++) {
    const node = nodes.get(queue[i])!;
    for (const dep of resolveDependsOn(input, node)) {
      if (!nodes.has(dep)) {
        addNode(dep);
        queue.push(dep);
      }
      if (!node.dependsOn.includes(dep)) node.dependsOn.push(dep);
    }
  }
  for (const node of nodes.values()) {
    node.dependsOn.sort();
    for (const dep of node.dependsOn) nodes.get(dep)!.dependents.push(node.id);
  }

  const cycle = findCycle(nodes.keys(), (id) => nodes.get(id)!.dependsOn);
  if (cycle) {
    throw new GraphError(`task dependency cycle: ${cycle.join(' → ')}`, {
      code: 'ANT_GRAPH_CYCLE',
      hint: 'remove one of these dependsOn edges (or the project dependency behind a ^ entry)',
    });
  }
  return { nodes, order: topologicalOrder(nodes), targets: [...new Set(requested)] };

  function addNode(id: TaskId): void {
    const { project, task } = parseTaskId(id)!;
    nodes.set(id, { id, project, task, spec: input.tasks.get(project)![task], dependsOn: [], dependents: [] });
  }
}

function resolveDependsOn(input: GraphInput, node: TaskNode): TaskId[] {
  const result: TaskId[] = [];
  for (const entry of node.spec.dependsOn ?? []) {
    if (entry.startsWith('^')) {
      const name = entry.slice(1);
      const seen = new Set<string>();
      const visit = (project: string) => {
        for (const dep of input.dependencies.get(project) ?? []) {
          if (seen.has(dep)) continue;
          seen.add(dep);
          if (input.tasks.get(dep)?.[name]) result.push(taskId(dep, name));
          else visit(dep);
        }
      };
      visit(node.project);
    } else if (entry.includes(':')) {
      const explicit = parseTaskId(entry);
      if (!explicit || !input.tasks.get(explicit.project)?.[explicit.task]) {
        throw new GraphError(`dependsOn names unknown task "${entry}"`, {
          code: 'ANT_GRAPH_UNKNOWN_TASK',
          project: node.project,
          field: `tasks.${node.task}.dependsOn`,
          hint: 'use `task`, `^task` or an existing `project:task`',
        });
      }
      result.push(taskId(explicit.project, explicit.task));
    } else if (input.tasks.get(node.project)?.[entry] && entry !== node.task) {
      result.push(taskId(node.project, entry));
    } else if (entry === node.task) {
      throw new GraphError(`task ${node.id} depends on itself`, { code: 'ANT_GRAPH_CYCLE', project: node.project, hint: `write "^${entry}" to depend on the dependencies' ${entry}` });
    }
  }
  return result;
}

function unknownTask(input: GraphInput, target: string): GraphError {
  const names = new Set<string>();
  for (const tasks of input.tasks.values()) for (const name of Object.keys(tasks)) names.add(name);
  return new GraphError(`no project has a task "${target}"`, {
    code: 'ANT_GRAPH_UNKNOWN_TASK',
    exitCode: 2,
    hint: names.size ? `available tasks: ${[...names].sort().join(', ')}` : 'no project has any task; check "plugins" in ant.config.json',
  });
}

/** Kahn's algorithm, ties broken by id so the order is stable. */
function topologicalOrder(nodes: Map<TaskId, TaskNode>): TaskId[] {
  const remaining = new Map<TaskId, number>();
  for (const node of nodes.values()) remaining.set(node.id, node.dependsOn.length);
  const ready = [...nodes.values()].filter((n) => n.dependsOn.length === 0).map((n) => n.id).sort();
  const order: TaskId[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const dependent of nodes.get(id)!.dependents) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  return order;
}
