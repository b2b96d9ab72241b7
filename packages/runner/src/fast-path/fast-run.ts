/**
 * The fast path of `ant run`: when the command's receipt holds (run-receipt.ts) and every task's
 * outputs are still exactly what the cache entry left, the run is replayed through the real
 * scheduler and reporters — same output, same summary — without loading the CLI parser, zod, the
 * config, any plugin, or hashing a file. Anything unexpected sends the command down the full path.
 *
 * Returns the exit code, or undefined when the full path must run the command.
 */
import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import type { HashedTask } from '../hash/task-hasher.js';
import type { TaskManifest } from '../hash/manifest.js';
import { LocalCache } from '../cache/local-cache.js';
import { OutputState } from '../cache/output-state.js';
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
  const notInPlace = firstNotInPlace(receipt, hashes, needLogs, outputState);
  if (notInPlace !== undefined) return debug(`${notInPlace}: outputs or cache entry not as the receipt left them`), undefined;

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
    });
    await reporter.close?.();
    return result.exitCode;
  } catch (error) {
    // Another process pruned an entry mid-run: start over on the full path (any other failure too).
    io.stderr.write(`ant: ${error instanceof ExpectedHitMissing ? error.message : `replay failed: ${(error as Error)?.message}`}; running the full path\n`);
    return undefined;
  }
}

// Every task's outputs as the entry left them and its entry present: replaying restores nothing.
function firstNotInPlace(receipt: RunReceipt, hashes: Map<TaskId, HashedTask>, needLogs: boolean, state: OutputState): TaskId | undefined {
  const cache = new LocalCache(receipt.dirs.cache);
  for (const node of receipt.graph.nodes) {
    if (!node.spec.command && !node.spec.executor) continue;
    const hash = hashes.get(node.id)?.hash;
    if (hash === undefined || !state.matches(node.id, hash, receipt.root)) return node.id;
    if (!cache.hasEntry(hash) || (needLogs && !cache.hasLog(hash))) return node.id;
  }
  return undefined;
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
