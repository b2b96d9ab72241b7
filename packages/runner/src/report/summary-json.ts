/**
 * `--summarize[=FILE]`: the run as JSON (DESIGN §5). Default location `.ant/runs/<time>.json`.
 * Fields are a contract: add freely, never rename.
 *
 * Time saved: a cache hit's `savedMs` is how long the task took when it really ran (kept in the
 * cache entry or the output state); the run's `savedMs` is their sum. A miss saves nothing.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, RunEvent, TaskRecord } from './events.js';

export interface RunSummary {
  version: 1;
  exitCode: number;
  /** When the run started (ISO 8601); absent in summaries written before it was added. */
  startedAt?: string;
  durationMs: number;
  /** Sum over cache hits of how long those tasks took when they ran. */
  savedMs: number;
  tasks: SummaryTask[];
}

export interface SummaryTask {
  id: string;
  project: string;
  task: string;
  hash: string;
  cache: TaskRecord['cache'];
  status: TaskRecord['status'];
  exitCode: number | null;
  durationMs: number;
  /** A cache hit: how long the task took when it ran; 0 otherwise. */
  savedMs: number;
  dependsOn: string[];
}

/** The summary of a finished run; `startedAt` is epoch ms (from `run-start`). */
export function toSummary(records: TaskRecord[], exitCode: number, durationMs: number, startedAt?: number): RunSummary {
  return {
    version: 1,
    exitCode,
    ...(startedAt === undefined ? {} : { startedAt: new Date(startedAt).toISOString() }),
    durationMs,
    savedMs: records.reduce((sum, r) => sum + r.savedMs, 0),
    tasks: records.map((r) => ({
      id: r.id, project: r.project, task: r.task, hash: r.hash, cache: r.cache, status: r.status,
      exitCode: r.exitCode, durationMs: r.durationMs, savedMs: r.savedMs, dependsOn: r.dependsOn,
    })),
  };
}

/** Writes the run summary to a file when the run ends. */
export class SummaryReporter implements Reporter {
  readonly #file: string;
  #startedAt: number | undefined;
  #summary: RunSummary | undefined;

  constructor(file: string) {
    this.#file = file;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'run-start') this.#startedAt = event.startedAt;
    if (event.type === 'run-end') this.#summary = toSummary(event.records, event.exitCode, event.durationMs, this.#startedAt);
  }

  async close(): Promise<void> {
    if (!this.#summary) return;
    await mkdir(path.dirname(this.#file), { recursive: true });
    await writeFile(this.#file, `${JSON.stringify(this.#summary, null, 2)}\n`);
  }
}

export function defaultSummaryPath(runsDir: string, now = new Date()): string {
  return path.join(runsDir, `${now.toISOString().replace(/[:.]/g, '-')}.json`);
}

/** A task as the newest summary that mentions it saw it. */
export interface LastTaskRun extends SummaryTask {
  /** The run's start (or, for older summaries, the file name's time), ISO 8601. */
  runAt: string;
}

/**
 * The newest recorded run of each task, from the default-location summaries in `runsDir`
 * (newest first, at most `maxFiles` read). Unreadable files are skipped: this feeds a display.
 */
export async function latestTaskRuns(runsDir: string, maxFiles = 20): Promise<Map<string, LastTaskRun>> {
  const out = new Map<string, LastTaskRun>();
  let names: string[];
  try {
    names = (await readdir(runsDir)).filter((n) => n.endsWith('.json'));
  } catch {
    return out;
  }
  // Default names are ISO times with ':' and '.' replaced, so they sort chronologically.
  names.sort().reverse();
  for (const name of names.slice(0, maxFiles)) {
    let summary: RunSummary;
    try {
      summary = JSON.parse(await readFile(path.join(runsDir, name), 'utf8')) as RunSummary;
    } catch {
      continue;
    }
    if (!Array.isArray(summary?.tasks)) continue;
    const runAt = summary.startedAt ?? name.replace(/\.json$/, '').replace(/T(\d\d)-(\d\d)-(\d\d)-(\d+)Z/, 'T$1:$2:$3.$4Z');
    for (const task of summary.tasks) if (!out.has(task.id)) out.set(task.id, { ...task, runAt });
  }
  return out;
}
