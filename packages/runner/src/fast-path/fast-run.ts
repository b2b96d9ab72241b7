/**
 * The fast path of `ant run`: when the command's receipt holds (run-receipt.ts; fast-path.ts has
 * checked all but the work tree, which is checked here) and every task's outputs are still exactly
 * what the cache entry left, the run is replayed through the real scheduler and reporters — same
 * output, same summary — without loading the CLI parser, zod, the config, any plugin, or hashing a
 * file. Anything unexpected sends the command down the full path.
 *
 * Returns the exit code, or undefined when the full path must run the command.
 */
import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import type { HashedTask } from '../hash/task-hasher.js';
import type { TaskManifest } from '../hash/manifest.js';
import { hitInPlace } from '../cache/hit-in-place.js';
import { LocalCache } from '../cache/local-cache.js';
import { OutputState } from '../cache/output-state.js';
import { treeStateChange } from '../hash/tree-state.js';
import { fanOut } from '../report/events.js';
import { runReporters } from '../report/run-reporters.js';
import type { OutputLogs } from '../report/terminal.js';
import { runTasks } from '../scheduler/run-tasks.js';
import { ExpectedHitMissing, type RunWorkspace } from '../scheduler/task-execution.js';
import type { RunReceipt } from './run-receipt.js';
import type { FastPathIo } from './fast-path.js';

export async function fastRun(receipt: RunReceipt, io: FastPathIo, debug: (message: string) => void): Promise<number | undefined> {
  const outputLogs = (receipt.request.outputLogs ?? 'full') as OutputLogs;
  const needLogs = outputLogs === 'full';
  const hashes = new Map<TaskId, HashedTask>(receipt.hashes.map(([id, hash]) => [id, { hash, manifest: NO_MANIFEST }]));
  const outputState = new OutputState(receipt.dirs.state);

  // `git diff-files` runs in its own process while this one checks every task's outputs.
  const treeChange = treeStateChange(receipt.tree);
  treeChange.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const hits = hitsInPlace(receipt, hashes, needLogs, outputState);
  const changed = await treeChange;
  if (changed !== undefined) return debug(changed), undefined;
  if (typeof hits === 'string') return debug(`${hits}: outputs or cache entry not as the receipt left them`), undefined;

  debug(`replaying ${hashes.size} tasks from the receipt`);
  const reporter = fanOut(
    runReporters({
      stdout: io.stdout, stderr: io.stderr, env: io.env, outputLogs, verbose: receipt.verbose,
      summarize: receipt.request.summarize, runsDir: receipt.dirs.runs,
    }),
  );
  try {
    const result = await runTasks(replayWorkspace(receipt), replayGraph(receipt), hashes, reporter, {
      concurrency: receipt.request.concurrency,
      continueOnError: receipt.request.continueOnError,
      force: false,
      noCache: false,
      needLogs,
      env: io.env,
      expectHits: true,
      outputState,
      verifiedHits: hits,
    });
    await reporter.close?.();
    return result.exitCode;
  } catch (error) {
    // Another process pruned an entry mid-run: start over on the full path (any other failure too).
    io.stderr.write(`ant: ${error instanceof ExpectedHitMissing ? error.message : `replay failed: ${(error as Error)?.message}`}; running the full path\n`);
    return undefined;
  }
}

// Every task a hit in place, checked before anything is printed: replaying restores nothing, and a
// replay that would have to stop half-way never starts. Returns the logs, or the first task that is not.
function hitsInPlace(receipt: RunReceipt, hashes: Map<TaskId, HashedTask>, needLogs: boolean, state: OutputState): Map<TaskId, Buffer> | TaskId {
  const cache = new LocalCache(receipt.dirs.cache);
  const logs = new Map<TaskId, Buffer>();
  for (const node of receipt.graph.nodes) {
    if (!node.spec.command && !node.spec.executor) continue;
    const hash = hashes.get(node.id)?.hash;
    const log = hash === undefined ? undefined : hitInPlace(state, cache, { id: node.id, hash, root: receipt.root, needLogs });
    if (log === undefined) return node.id;
    logs.set(node.id, log);
  }
  return logs;
}

function replayWorkspace(receipt: RunReceipt): RunWorkspace {
  return {
    root: receipt.root,
    dirs: receipt.dirs,
    projectByName: new Map(receipt.projects.map((p) => [p.name, p])),
    config: receipt.config,
    // Never asked: with expectHits nothing runs.
    host: { plugins: [], runTaskElsewhere: async () => undefined },
    toolVersions: { save: () => undefined },
  };
}

function replayGraph(receipt: RunReceipt): TaskGraph {
  return {
    nodes: new Map(receipt.graph.nodes.map((n) => [n.id, n])),
    order: receipt.graph.order,
    targets: receipt.graph.targets,
  };
}

// A replayed task never runs, so nothing reads its manifest (it is stored only when a task runs).
const NO_MANIFEST = Object.freeze({}) as TaskManifest;
