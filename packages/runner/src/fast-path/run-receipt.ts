/**
 * The receipt of a fully successful `ant run`: its task graph and every task's hash, under a
 * {@link ReceiptStamp}. fast-run.ts replays a run from it when the stamp holds.
 * Only runs that need nothing but the cache are kept: no `--affected` (it depends on refs), dry
 * runs, `--force`, `--no-cache`, `--profile` or GitHub Actions groups; every task cacheable and
 * successful.
 */
import { rmSync } from 'node:fs';
import type { RunRequest } from '../cli/run-action.js';
import type { AntConfig } from '../config/schema.js';
import type { TaskGraph, TaskNode } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import type { TreeState } from '../hash/tree-state.js';
import type { Project, TaskSpec } from '../plugin/api.js';
import type { Plan } from '../scheduler/plan.js';
import type { TaskRecord } from '../report/events.js';
import type { WorkspaceDirs } from '../workspace/dirs.js';
import type { Workspace } from '../workspace/workspace.js';
import { isVolatileEnv } from '../workspace/workspace-inputs.js';
import { receiptFile, stampOf, writeReceipt, type ReceiptStamp } from './receipt-stamp.js';

export interface RunReceipt extends ReceiptStamp {
  kind: 'run';
  request: RunRequest;
  verbose: boolean;
  root: string;
  dirs: WorkspaceDirs;
  config: Pick<AntConfig, 'concurrency' | 'globalEnv' | 'globalPassThroughEnv'>;
  /** The projects of the graph's tasks. */
  projects: Project[];
  /** The graph; specs keep only what replaying reads ({@link replaySpec}). */
  graph: { order: TaskId[]; targets: TaskId[]; nodes: TaskNode[] };
  hashes: [TaskId, string][];
}

/** Why a run gets no receipt (undefined: it gets one). Pure. */
export function receiptRefusal(
  request: RunRequest,
  env: NodeJS.ProcessEnv,
  graph: TaskGraph,
  records: readonly TaskRecord[],
  tree: TreeState | undefined,
): string | undefined {
  if (request.affected || request.dryRun || request.force || request.noCache || request.profile) return 'options';
  if (env.GITHUB_ACTIONS === 'true') return 'GitHub Actions log groups';
  if (tree === undefined) return 'work tree not provable by stat';
  for (const node of graph.nodes.values()) {
    const runs = Boolean(node.spec.command || node.spec.executor);
    if (runs && (node.spec.cache === false || node.spec.persistent)) return `${node.id} is not cacheable`;
  }
  if (records.some((r) => r.status !== 'success' && r.status !== 'cached')) return 'not every task succeeded';
  return undefined;
}

/** After a run: keeps its receipt, or removes a stale one when this run does not qualify. */
export async function writeRunReceipt(input: {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  request: RunRequest;
  verbose: boolean;
  workspace: Workspace;
  plan: Plan;
  records: readonly TaskRecord[];
}): Promise<void> {
  const { workspace, plan } = input;
  const stamp = stampOf('run', { ...input, keepEnv: declaredVolatileEnv(workspace, plan.graph, input.env) });
  if (stamp === undefined || receiptRefusal(input.request, input.env, plan.graph, input.records, workspace.files.tree) !== undefined) {
    rmSync(receiptFile(workspace.root, input.argv, input.cwd), { force: true });
    return;
  }
  const inGraph = new Set([...plan.graph.nodes.values()].map((n) => n.project));
  const receipt: RunReceipt = {
    ...stamp,
    kind: 'run',
    request: input.request,
    verbose: input.verbose,
    root: workspace.root,
    dirs: workspace.dirs,
    config: {
      concurrency: workspace.config.concurrency,
      globalEnv: workspace.config.globalEnv,
      globalPassThroughEnv: workspace.config.globalPassThroughEnv,
    },
    projects: workspace.projects.filter((p) => inGraph.has(p.name)),
    graph: {
      order: plan.graph.order,
      targets: plan.graph.targets,
      nodes: [...plan.graph.nodes.values()].map((n) => ({ ...n, spec: replaySpec(n.spec) })),
    },
    hashes: [...plan.hashes].map(([id, hashed]) => [id, hashed.hash]),
  };
  await writeReceipt(receipt, workspace.root);
}

/** What a cache hit reads of a spec: whether it runs and caches, and its outputs (to restore). */
export function replaySpec(spec: TaskSpec): TaskSpec {
  const { command, executor, outputs, cache, persistent } = spec;
  return {
    ...(command === undefined ? {} : { command }),
    ...(executor === undefined ? {} : { executor: { module: executor.module, export: executor.export } }),
    ...(outputs === undefined ? {} : { outputs }),
    ...(cache === undefined ? {} : { cache }),
    ...(persistent === undefined ? {} : { persistent }),
  };
}

// Variables a task hashes or receives that the stamp's digest would leave out; a pattern keeps all.
function declaredVolatileEnv(workspace: Workspace, graph: TaskGraph, env: NodeJS.ProcessEnv): string[] {
  const names = new Set([...workspace.config.globalEnv, ...workspace.config.globalPassThroughEnv]);
  for (const node of graph.nodes.values()) for (const name of [...(node.spec.env ?? []), ...(node.spec.passThroughEnv ?? [])]) names.add(name);
  if ([...names].some((n) => /[*?]/.test(n))) return Object.keys(env).filter(isVolatileEnv).sort();
  return [...names].filter(isVolatileEnv).sort();
}
