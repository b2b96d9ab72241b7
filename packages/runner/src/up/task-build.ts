/**
 * Before `ant up` starts a `task` process (`api:serve`), the task's dependencies are built through
 * the task graph exactly as `ant run` would — hashed, from the cache when nothing changed — but the
 * persistent task itself is left out of the run: the supervisor runs its command as the process.
 *
 * One graph for all task processes, so shared dependencies build once.
 */
import { ConfigError } from '../errors.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import type { Workspace } from '../workspace/workspace.js';
import { planRun } from '../scheduler/plan.js';
import { runTasks } from '../scheduler/run-tasks.js';
import { TerminalReporter } from '../report/terminal.js';
import { createRemoteStore } from '../cache/remote-setup.js';

export interface BuildOptions {
  stdout: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  color: boolean;
  verbose: boolean;
}

/**
 * Builds the dependencies of `taskIds` (the tasks behind processes); returns `ant run`'s exit code
 * (0 when there is nothing to build).
 */
export async function buildProcessTasks(workspace: Workspace, taskIds: readonly string[], options: BuildOptions): Promise<number> {
  if (taskIds.length === 0) return 0;
  const plan = await planRun(workspace, { targets: [...taskIds] }, options.env);
  const graph = withoutTasks(plan.graph, new Set(taskIds));
  if (graph.nodes.size === 0) return 0;
  const reporter = new TerminalReporter({ stream: options.stdout, outputLogs: 'new-only', isTTY: false, color: options.color, verbose: options.verbose });
  const remote = await createRemoteStore(workspace, options.env, (m) => reporter.onEvent({ type: 'warning', message: m }));
  const result = await runTasks(workspace, graph, plan.hashes, reporter, {
    continueOnError: false,
    force: false,
    noCache: false,
    env: options.env,
    remote,
  });
  return result.exitCode;
}

/**
 * The graph without `removed` (the process tasks, which are sinks of it). A persistent task left
 * in the graph would never end, so it is an error: it should be a process of its own.
 */
export function withoutTasks(graph: TaskGraph, removed: ReadonlySet<string>): TaskGraph {
  const nodes: TaskGraph['nodes'] = new Map();
  for (const [id, node] of graph.nodes) {
    if (removed.has(id)) continue;
    if (node.spec.persistent) {
      const by = [...graph.nodes.values()].filter((n) => n.dependsOn.includes(id)).map((n) => n.id);
      throw new ConfigError(`${by.join(', ')} depends on the persistent task ${id}, which never finishes`, {
        code: 'ANT_CONFIG_UP_PERSISTENT_DEPENDENCY',
        hint: `make ${id} a process in up.processes and depend on it with "dependsOn": { "<name>": "healthy" }`,
      });
    }
    nodes.set(id, { ...node, dependents: node.dependents.filter((d) => !removed.has(d)) });
  }
  const targets = new Set<TaskId>();
  for (const id of removed) for (const dep of graph.nodes.get(id as TaskId)?.dependsOn ?? []) if (nodes.has(dep)) targets.add(dep);
  return { nodes, order: graph.order.filter((id) => nodes.has(id)), targets: [...targets] };
}
