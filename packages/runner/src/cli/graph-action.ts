/**
 * The graph document `ant graph` prints (JSON, and embedded in the HTML page): projects with
 * their edges and tasks, each task's last run, and the task graph. Fields are a contract: add
 * freely, never rename.
 */
import { buildTaskGraph } from '../graph/task-graph.js';
import { OutputState } from '../cache/output-state.js';
import { latestTaskRuns } from '../report/summary-json.js';
import type { CacheStatus, TaskStatus } from '../report/events.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * What ant knows of a task's last run. `hash` and `durationMs` come from the output state (the
 * last time the task really ran or was restored; `durationMs` is the real run's time). `cache`,
 * `status` and `runAt` come from the newest run summary (`.ant/runs/*.json`, written by
 * `--summarize`) that mentions the task, and only when it agrees on the hash, or when the output
 * state has nothing (a failed task is forgotten there).
 */
export interface LastRun {
  hash: string;
  durationMs: number;
  cache?: CacheStatus;
  status?: TaskStatus;
  /** A hit: the time it saved. */
  savedMs?: number;
  runAt?: string;
}

export interface GraphDocument {
  version: 1;
  projects: {
    name: string;
    language: string;
    path: string;
    dependencies: string[];
    dependents: string[];
    tasks: string[];
    affected?: boolean;
    lastRun?: Record<string, LastRun>;
  }[];
  tasks: { id: string; project: string; task: string; dependsOn: string[]; command?: string }[];
}

export async function buildGraphDocument(workspace: Workspace, taskNames: string[] | undefined, affected?: string[]): Promise<GraphDocument> {
  const names = workspace.projects.map((p) => p.name);
  const allTasks = new Set<string>();
  for (const tasks of workspace.tasks.values()) for (const name of Object.keys(tasks)) allTasks.add(name);
  const targets = taskNames ?? [...allTasks].sort();
  const graph = targets.length
    ? buildTaskGraph({ projects: names, tasks: workspace.tasks, dependencies: workspace.dependencies }, targets, names)
    : undefined;
  const state = new OutputState(workspace.dirs.state);
  const summaries = await latestTaskRuns(workspace.dirs.runs);
  // Dependents by inverting the edges once: O(edges), not O(projects²) at 1000 projects.
  const dependents = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const n of names) for (const d of new Set(workspace.dependencies.get(n) ?? [])) dependents.get(d)?.push(n);
  const affectedSet = affected ? new Set(affected) : undefined;
  return {
    version: 1,
    projects: workspace.projects.map((p) => {
      const tasks = Object.keys(workspace.tasks.get(p.name) ?? {}).sort();
      const lastRun: Record<string, LastRun> = {};
      for (const task of tasks) {
        const id = `${p.name}:${task}`;
        const prev = state.previous(id);
        const run = summaries.get(id);
        if (run && (!prev || prev.hash === run.hash)) {
          lastRun[task] = { hash: run.hash, durationMs: prev?.durationMs ?? run.durationMs, cache: run.cache, status: run.status, savedMs: run.savedMs, runAt: run.runAt };
        } else if (prev) lastRun[task] = prev;
      }
      return {
        name: p.name,
        language: p.language,
        path: p.root,
        dependencies: [...(workspace.dependencies.get(p.name) ?? [])],
        dependents: dependents.get(p.name) ?? [],
        tasks,
        ...(affectedSet ? { affected: affectedSet.has(p.name) } : {}),
        lastRun,
      };
    }),
    tasks: graph
      ? graph.order.map((id) => {
          const node = graph.nodes.get(id)!;
          const command = node.spec.command === undefined ? undefined : Array.isArray(node.spec.command) ? node.spec.command.join(' ') : node.spec.command;
          return { id, project: node.project, task: node.task, dependsOn: node.dependsOn, command };
        })
      : [],
  };
}

export function toDot(doc: GraphDocument): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = ['digraph ant {', '  rankdir=LR;', '  subgraph cluster_projects {', '    label="projects";'];
  for (const p of doc.projects) {
    lines.push(`    ${q(`project:${p.name}`)} [label=${q(`${p.name}\\n(${p.language})`)}, shape=box${p.affected ? ', style=filled, fillcolor=orange' : ''}];`);
    for (const d of p.dependencies) lines.push(`    ${q(`project:${p.name}`)} -> ${q(`project:${d}`)};`);
  }
  lines.push('  }', '  subgraph cluster_tasks {', '    label="tasks";');
  for (const task of doc.tasks) {
    lines.push(`    ${q(task.id)};`);
    for (const d of task.dependsOn) lines.push(`    ${q(task.id)} -> ${q(d)};`);
  }
  lines.push('  }', '}');
  return `${lines.join('\n')}\n`;
}
