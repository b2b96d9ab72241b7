/**
 * `--summarize[=FILE]`: the run as JSON (DESIGN §5). Default location `.ant/runs/<time>.json`.
 * Fields are a contract: add freely, never rename.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, RunEvent, TaskRecord } from './events.js';

export interface RunSummary {
  version: 1;
  exitCode: number;
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
  savedMs: number;
  dependsOn: string[];
}

export function toSummary(records: TaskRecord[], exitCode: number, durationMs: number): RunSummary {
  return {
    version: 1,
    exitCode,
    durationMs,
    savedMs: records.reduce((sum, r) => sum + r.savedMs, 0),
    tasks: records.map((r) => ({
      id: r.id, project: r.project, task: r.task, hash: r.hash, cache: r.cache, status: r.status,
      exitCode: r.exitCode, durationMs: r.durationMs, savedMs: r.savedMs, dependsOn: r.dependsOn,
    })),
  };
}

export class SummaryReporter implements Reporter {
  readonly #file: string;
  #summary: RunSummary | undefined;

  constructor(file: string) {
    this.#file = file;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'run-end') this.#summary = toSummary(event.records, event.exitCode, event.durationMs);
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
