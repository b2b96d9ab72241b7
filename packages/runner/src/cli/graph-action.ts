/** The graph document `ant graph` prints: projects with edges, and the task graph. */
import { buildTaskGraph } from '../graph/task-graph.js';
import { OutputState } from '../cache/output-state.js';
import type { Workspace } from '../workspace/workspace.js';

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
    lastRun?: Record<string, { hash: string; durationMs: number }>;
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
  const affectedSet = affected ? new Set(affected) : undefined;
  return {
    version: 1,
    projects: workspace.projects.map((p) => {
      const tasks = Object.keys(workspace.tasks.get(p.name) ?? {}).sort();
      const lastRun: Record<string, { hash: string; durationMs: number }> = {};
      for (const task of tasks) {
        const prev = state.previous(`${p.name}:${task}`);
        if (prev) lastRun[task] = prev;
      }
      return {
        name: p.name,
        language: p.language,
        path: p.root,
        dependencies: [...(workspace.dependencies.get(p.name) ?? [])],
        dependents: names.filter((n) => workspace.dependencies.get(n)?.includes(p.name)),
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
