/**
 * One task, start to end: look it up in the cache (restoring outputs only when the disk differs),
 * or run it (child process or pool executor) and store its outputs and log. Emits events; returns
 * the outcome the scheduler needs.
 */
import path from 'node:path';
import type { TaskNode } from '../graph/task-graph.js';
import type { HashedTask } from '../hash/task-hasher.js';
import type { Workspace } from '../workspace/workspace.js';
import type { AntConfig } from '../config/schema.js';
import type { PluginHost } from '../plugin/host.js';
import type { TieredCache } from '../cache/tiered-cache.js';
import type { OutputState } from '../cache/output-state.js';
import type { ManifestStore } from '../hash/manifest-store.js';
import { hitInPlace } from '../cache/hit-in-place.js';
import { expandOutputs, removeOutputs } from '../cache/outputs.js';
import { isAntError } from '../errors.js';
import type { CacheStatus, Phase, RunEvent, TaskRecord } from '../report/events.js';
import { startChild, type ChildTask } from './child-process.js';
import type { ExecutorPool } from './executor-pool.js';
import { taskEnvironment } from './task-env.js';
import type { Outcome } from './scheduler.js';

/** What running tasks needs of a workspace (a replayed run builds this from its receipt). */
export interface RunWorkspace extends Pick<Workspace, 'root' | 'dirs' | 'projectByName'> {
  config: Pick<AntConfig, 'concurrency' | 'globalEnv' | 'globalPassThroughEnv'>;
  host: Pick<PluginHost, 'plugins' | 'runTaskElsewhere'>;
  toolVersions: { save(): void };
}

/** A task expected to be a cache hit was not (its entry vanished mid-run): the run must start over. */
export class ExpectedHitMissing extends Error {
  constructor(readonly taskId: string) {
    super(`${taskId}: its cache entry is gone`);
  }
}

export interface ExecutionContext {
  workspace: RunWorkspace;
  cache: TieredCache;
  outputState: OutputState;
  manifests: ManifestStore;
  pool: ExecutorPool;
  env: NodeJS.ProcessEnv;
  /** `--force`: run even on a hit (and store the new result). */
  force: boolean;
  /** `--no-cache`: neither read nor write the cache. */
  noCache: boolean;
  /** Whether hits need their log (replayed with --output-logs=full); otherwise it is not read. */
  needLogs: boolean;
  /** Emits a run event. */
  emit(event: RunEvent): void;
  /** Running children, so Ctrl-C can stop them. */
  children: Set<ChildTask>;
  abort: AbortSignal;
  /** See RunTasksOptions.expectHits. */
  expectHits: boolean;
  /** See RunTasksOptions.verifiedHits. */
  verifiedHits?: ReadonlyMap<string, Buffer>;
}

export async function executeTask(
  ctx: ExecutionContext,
  node: TaskNode,
  hashed: HashedTask,
  worker: number,
): Promise<{ outcome: Outcome; record: TaskRecord }> {
  const { workspace } = ctx;
  const project = workspace.projectByName.get(node.project)!;
  const spec = node.spec;
  const cacheable = spec.cache !== false && !spec.persistent && !ctx.noCache && Boolean(spec.command || spec.executor);
  const started = Date.now();
  ctx.emit({ type: 'task-start', id: node.id, hash: hashed.hash, worker, at: started });
  const phase = (name: Phase, start: number) => ctx.emit({ type: 'task-phase', id: node.id, phase: name, worker, start, end: Date.now() });
  const record = (cache: CacheStatus, status: TaskRecord['status'], exitCode: number | null, savedMs = 0): TaskRecord => ({
    id: node.id, project: node.project, task: node.task, hash: hashed.hash, cache, status, exitCode,
    durationMs: Date.now() - started, savedMs, dependsOn: node.dependsOn, startedAt: started, worker,
  });

  if (!spec.command && !spec.executor) {
    const rec = record('off', 'success', 0);
    ctx.emit({ type: 'task-end', record: rec, log: Buffer.alloc(0), at: Date.now() });
    return { outcome: 'ok', record: rec };
  }

  if (cacheable && !ctx.force) {
    // tryRestore reports its own cache-lookup and restore phases.
    const hit = await tryRestore(ctx, node, hashed, project.root, phase);
    if (hit) {
      const rec = record(hit.source, 'cached', 0, hit.savedMs);
      ctx.emit({ type: 'task-end', record: rec, log: hit.log, at: Date.now() });
      return { outcome: 'ok', record: rec };
    }
  }
  if (ctx.expectHits) throw new ExpectedHitMissing(node.id);

  // Run it.
  const runStart = Date.now();
  const chunks: Buffer[] = [];
  const onOutput = (chunk: Buffer) => {
    chunks.push(chunk);
    ctx.emit({ type: 'task-output', id: node.id, chunk });
  };
  const env = taskEnvironment(spec, workspace.root, workspace.config.globalEnv, workspace.config.globalPassThroughEnv, ctx.env);
  env.ANT_TASK_HASH = hashed.hash;
  const cwd = path.join(project.absRoot, spec.cwd ?? '.');
  let exitCode: number;
  if (spec.executor) {
    const outcome = await ctx.pool.run(
      {
        module: spec.executor.module,
        exportName: spec.executor.export,
        options: spec.executor.options,
        context: {
          root: workspace.root,
          project: { name: project.name, root: project.root, absRoot: project.absRoot, language: project.language, fields: { ...project.fields } },
          task: node.task,
          hash: hashed.hash,
          dependencyHashes: hashed.manifest.dependencies,
          env,
        },
      },
      { signal: ctx.abort, onLog: (text) => onOutput(Buffer.from(text)) },
    ).catch((error: Error) => {
      onOutput(Buffer.from(`${error.message}\n`));
      return { exitCode: ctx.abort.aborted ? 130 : 1 };
    });
    exitCode = outcome.exitCode;
  } else if (spec.platform && (spec.platform !== process.platform || ctx.env.ANT_FORCE_REMOTE_BUILDER === '1')) {
    exitCode = await runElsewhere(ctx, node, hashed, env, onOutput);
  } else {
    const child = startChild(spec.command!, { cwd, env, onOutput });
    ctx.children.add(child);
    exitCode = await child.done;
    ctx.children.delete(child);
  }
  phase('run', runStart);
  const log = Buffer.concat(chunks);
  const durationMs = Date.now() - runStart;

  if (ctx.abort.aborted) {
    const rec = record('miss', 'interrupted', exitCode);
    ctx.emit({ type: 'task-end', record: rec, log, at: Date.now() });
    return { outcome: 'interrupted', record: rec };
  }
  if (exitCode !== 0) {
    // Failed tasks are never cached, and their outputs no longer match any entry.
    ctx.outputState.forget(node.id);
    const rec = record(cacheable ? 'miss' : 'off', 'failed', exitCode);
    ctx.emit({ type: 'task-end', record: rec, log, at: Date.now() });
    return { outcome: 'failed', record: rec };
  }

  if (cacheable) {
    const storeStart = Date.now();
    try {
      const outputs = await expandOutputs(workspace.root, project.root, spec.outputs ?? []);
      const { packArtifact } = await import('../cache/artifact.js');
      const body = await packArtifact(workspace.root, outputs, { hash: hashed.hash, taskId: node.id, durationMs, createdAt: new Date().toISOString() }, log);
      await ctx.cache.put(hashed.hash, body, { durationMs, log });
      ctx.outputState.record(node.id, hashed.hash, workspace.root, outputs, durationMs);
      await ctx.manifests.save(hashed.hash, hashed.manifest);
    } catch (error) {
      ctx.emit({ type: 'warning', message: `${node.id}: not cached: ${isAntError(error) ? error.format() : (error as Error).message}` });
    }
    phase('store', storeStart);
  }
  const rec = record(cacheable ? 'miss' : 'off', 'success', 0);
  ctx.emit({ type: 'task-end', record: rec, log, at: Date.now() });
  return { outcome: 'ok', record: rec };
}

/** Hands a task this host cannot run to the first plugin that takes it (plugin-darwin's builder). */
async function runElsewhere(
  ctx: ExecutionContext,
  node: TaskNode,
  hashed: HashedTask,
  env: Record<string, string>,
  onOutput: (chunk: Buffer) => void,
): Promise<number> {
  const { workspace } = ctx;
  const project = workspace.projectByName.get(node.project)!;
  const request = {
    taskId: node.id,
    project,
    platform: node.spec.platform!,
    command: node.spec.command!,
    cwd: path.posix.join(project.root, node.spec.cwd ?? '.'),
    env,
    inputs: Object.keys(hashed.manifest.inputs),
    outputs: node.spec.outputs ?? [],
    onOutput,
    signal: ctx.abort,
  };
  for (const { plugin } of workspace.host.plugins) {
    try {
      const result = await workspace.host.runTaskElsewhere(plugin, request);
      if (result) return result.exitCode;
    } catch (error) {
      onOutput(Buffer.from(`ant: ${isAntError(error) ? error.format() : (error as Error).message}\n`));
      return 1;
    }
  }
  onOutput(Buffer.from(`ant: ${node.id} must run on ${request.platform}, and no plugin offers a ${request.platform} builder\nhint: add "@ant/plugin-darwin" to "plugins" and give the active darwin profile a linuxBuilder\n`));
  return 1;
}

async function tryRestore(
  ctx: ExecutionContext,
  node: TaskNode,
  hashed: HashedTask,
  projectRoot: string,
  phase: (name: Phase, start: number) => void,
): Promise<{ source: CacheStatus; log: Buffer; savedMs: number } | undefined> {
  const root = ctx.workspace.root;
  // Outputs already exactly as the entry left them: replay the log, touch nothing.
  const start = Date.now();
  const log = ctx.verifiedHits?.get(node.id) ?? hitInPlace(ctx.outputState, ctx.cache.local, { id: node.id, hash: hashed.hash, root, needLogs: ctx.needLogs });
  if (log) {
    phase('cache-lookup', start);
    return { source: 'local', log, savedMs: ctx.outputState.previous(node.id)?.durationMs ?? 0 };
  }
  const found = await ctx.cache.get(hashed.hash);
  phase('cache-lookup', start);
  if (!found) return undefined;
  const restoreStart = Date.now();
  try {
    // Stale outputs are removed only once the whole entry has passed every check: a corrupt or
    // hostile entry must not cost the user their outputs.
    const stale = await expandOutputs(root, projectRoot, node.spec.outputs ?? [], { restoreTemps: true });
    // Loaded on demand: a run whose outputs are all in place never opens an artifact.
    const { unpackArtifact } = await import('../cache/artifact.js');
    const { meta, log } = await unpackArtifact(found.body, root, {
      allowedRoots: [projectRoot],
      hash: hashed.hash,
      beforeWrite: (head) => removeOutputs(root, stale, head.meta.files),
      removes: stale,
    });
    ctx.outputState.record(node.id, hashed.hash, root, meta.files.map((f) => f.path), meta.durationMs);
    if (found.source === 'remote') {
      // The outputs are restored: failing to keep a local copy (a full disk) costs the next run a
      // download, not this run a rebuild.
      await ctx.cache.keepLocally(hashed.hash, found.body, log).catch((error: unknown) => {
        ctx.emit({ type: 'warning', message: `${node.id}: remote hit not kept in the local cache: ${isAntError(error) ? error.format() : (error as Error).message}` });
      });
    }
    phase('restore', restoreStart);
    return { source: found.source, log, savedMs: meta.durationMs };
  } catch (error) {
    ctx.emit({
      type: 'warning',
      message: `${node.id}: cache entry ${hashed.hash} (${found.source}) refused, running the task instead: ${(error as Error).message}`,
    });
    return undefined;
  }
}
