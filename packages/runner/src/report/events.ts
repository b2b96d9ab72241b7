/**
 * The events a run emits: the only contract between the scheduler and the reporters (terminal,
 * summary JSON, Chrome trace, CI logs). Reporters never reach into the scheduler.
 */
export type CacheStatus = 'local' | 'remote' | 'miss' | 'off';
export type TaskStatus = 'success' | 'cached' | 'failed' | 'skipped' | 'interrupted';
/** Lanes for the profile: what the time of one task was spent on. */
export type Phase = 'hash' | 'cache-lookup' | 'restore' | 'run' | 'store' | 'upload';

export interface TaskRecord {
  id: string;
  project: string;
  task: string;
  hash: string;
  cache: CacheStatus;
  status: TaskStatus;
  exitCode: number | null;
  /** Wall time of this run of the task (a hit: the restore). */
  durationMs: number;
  /** A hit: how long the task took when it ran; what the cache saved. */
  savedMs: number;
  dependsOn: string[];
  startedAt?: number;
  worker?: number;
}

export type RunEvent =
  | { type: 'run-start'; tasks: number; concurrency: number; startedAt: number }
  | { type: 'task-start'; id: string; hash: string; worker: number; at: number }
  | { type: 'task-output'; id: string; chunk: Buffer }
  | { type: 'task-phase'; id: string; phase: Phase; worker: number; start: number; end: number }
  | { type: 'task-end'; record: TaskRecord; log: Buffer; at: number }
  | { type: 'warning'; message: string }
  | { type: 'run-end'; exitCode: number; durationMs: number; records: TaskRecord[] };

export interface Reporter {
  onEvent(event: RunEvent): void;
  /** Called once after run-end; flush files. */
  close?(): Promise<void> | void;
}

/** Sends each event to several reporters. */
export function fanOut(reporters: Reporter[]): Reporter {
  return {
    onEvent(event) {
      for (const r of reporters) r.onEvent(event);
    },
    async close() {
      for (const r of reporters) await r.close?.();
    },
  };
}
