/**
 * A whole run: wires the cache, the pool and signal handling around the scheduler, and turns
 * outcomes into an exit code (0 ok, 1 a task failed, 130 interrupted).
 */
import { availableParallelism } from 'node:os';
import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import type { HashedTask } from '../hash/task-hasher.js';
import { ManifestStore } from '../hash/manifest-store.js';
import type { RunWorkspace } from './task-execution.js';
import { LocalCache } from '../cache/local-cache.js';
import { OutputState } from '../cache/output-state.js';
import { TieredCache, type RemoteStore } from '../cache/tiered-cache.js';
import type { Reporter, RunEvent, TaskRecord } from '../report/events.js';
import type { ChildTask } from './child-process.js';
import { ExecutorPool } from './executor-pool.js';
import { schedule } from './scheduler.js';
import { executeTask, ExpectedHitMissing, type ExecutionContext } from './task-execution.js';

export interface RunTasksOptions {
  concurrency?: number;
  continueOnError: boolean;
  force: boolean;
  noCache: boolean;
  /** Hits replay their logs (output-logs full); default true. */
  needLogs?: boolean;
  env: NodeJS.ProcessEnv;
  remote?: RemoteStore;
  /**
   * Every task is expected to be a cache hit (a run replayed from its receipt): a task that is not
   * makes the run throw {@link ExpectedHitMissing} instead of running it.
   */
  expectHits?: boolean;
  /** The workspace's output state, when the caller has already read it (the replay checks it first). */
  outputState?: OutputState;
  /**
   * Hits in place (cache/hit-in-place.ts) the caller checked moments ago, with their logs: the
   * replay checked every task before printing anything and need not check twice.
   */
  verifiedHits?: ReadonlyMap<TaskId, Buffer>;
}

export interface RunResult {
  exitCode: number;
  records: TaskRecord[];
  durationMs: number;
}

export function defaultConcurrency(): number {
  return availableParallelism();
}

export async function runTasks(
  workspace: RunWorkspace,
  graph: TaskGraph,
  hashes: Map<TaskId, HashedTask>,
  reporter: Reporter,
  options: RunTasksOptions,
): Promise<RunResult> {
  const startedAt = Date.now();
  const concurrency = options.concurrency ?? workspace.config.concurrency ?? defaultConcurrency();
  const outputState = options.outputState ?? new OutputState(workspace.dirs.state);
  const cache = new TieredCache(new LocalCache(workspace.dirs.cache), options.remote);
  const pool = new ExecutorPool(concurrency);
  const abort = new AbortController();
  const children = new Set<ChildTask>();
  const records = new Map<string, TaskRecord>();
  const emit = (event: RunEvent) => reporter.onEvent(event);

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      for (const child of children) child.stop('SIGKILL');
      return;
    }
    interrupted = true;
    emit({ type: 'warning', message: `${signal}: stopping ${children.size} running task(s)…` });
    abort.abort();
    for (const child of children) child.stop('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  emit({ type: 'run-start', tasks: graph.nodes.size, concurrency, startedAt });
  const ctx: ExecutionContext = {
    workspace, cache, outputState, pool, env: options.env, force: options.force, noCache: options.noCache, needLogs: options.needLogs ?? true,
    emit, children, abort: abort.signal, manifests: new ManifestStore(workspace.dirs.state), expectHits: options.expectHits ?? false,
    verifiedHits: options.verifiedHits,
  };
  let missingHit: ExpectedHitMissing | undefined;
  try {
    const outcomes = await schedule(graph, {
      concurrency,
      continueOnError: options.continueOnError,
      weight: (id) => Math.max(1, outputState.previous(id)?.durationMs ?? 1),
      stopped: () => interrupted || missingHit !== undefined,
      execute: async (id, worker) => {
        try {
          const { outcome, record } = await executeTask(ctx, graph.nodes.get(id)!, hashes.get(id)!, worker);
          records.set(id, record);
          return outcome;
        } catch (error) {
          if (error instanceof ExpectedHitMissing) missingHit = error;
          throw error;
        }
      },
      skip: (id) => {
        const node = graph.nodes.get(id)!;
        const record: TaskRecord = {
          id, project: node.project, task: node.task, hash: hashes.get(id)!.hash, cache: 'miss',
          status: interrupted ? 'interrupted' : 'skipped', exitCode: null, durationMs: 0, savedMs: 0, dependsOn: node.dependsOn,
        };
        records.set(id, record);
        emit({ type: 'task-end', record, log: Buffer.alloc(0), at: Date.now() });
      },
    });
    await cache.flush();
    await outputState.save().catch(() => undefined);
    if (missingHit) throw missingHit;
    workspace.toolVersions.save();
    const ordered = graph.order.map((id) => records.get(id)!);
    const failed = [...outcomes.values()].some((o) => o === 'failed' || o === 'skipped');
    const exitCode = interrupted ? 130 : failed ? 1 : 0;
    const durationMs = Date.now() - startedAt;
    emit({ type: 'run-end', exitCode, durationMs, records: ordered });
    return { exitCode, records: ordered, durationMs };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pool.close();
  }
}
