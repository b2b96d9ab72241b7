/**
 * The cheapest cache hit: the task's outputs on disk are exactly what its entry left there (the
 * output state says so by stat) and the entry is still in the local cache. Nothing is restored;
 * only the log is read, and only when the run replays logs.
 */
import type { LocalCache } from './local-cache.js';
import type { OutputState } from './output-state.js';

const NO_LOG = Buffer.alloc(0);

/** The log to replay (empty when `needLogs` is false), or undefined when this is not such a hit. */
export function hitInPlace(
  state: OutputState,
  cache: LocalCache,
  task: { id: string; hash: string; root: string; needLogs: boolean },
): Buffer | undefined {
  if (!state.matches(task.id, task.hash, task.root)) return undefined;
  if (task.needLogs) return cache.readLog(task.hash);
  return cache.hasEntry(task.hash) ? NO_LOG : undefined;
}
