/**
 * `--profile FILE`: the run as a Chrome trace (the JSON trace-event format: open it in
 * https://ui.perfetto.dev or chrome://tracing).
 *
 * Lanes (threads of process 1):
 * - `main` (tid 0): what happens before and around the scheduler — start-up, loading the
 *   workspace, `--affected`, planning (task graph + hashing every task) — given by the caller as
 *   `spans`, then the scheduling span of the run, and the end-of-run flush (background remote
 *   uploads, state) from the last task's end to `run-end`;
 * - `worker N` (tid N, one per concurrency slot): one complete event ("X") per task, with its phases
 *   (cache lookup, restore, run, store) as complete events nested inside it;
 * - a `tasks running` counter track, and warnings as instant events.
 *
 * Times are microseconds from the earliest span. It writes nothing until `close()`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, RunEvent } from './events.js';

/** A span on the main lane, in epoch milliseconds. */
export interface MainSpan {
  name: string;
  start: number;
  end: number;
  args?: Record<string, unknown>;
}

/** One trace event; the fields the trace-event format defines and this reporter uses. */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: 'X' | 'M' | 'i' | 'C';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: 'g' | 'p' | 't';
  args?: Record<string, unknown>;
}

const PID = 1;
const MAIN_TID = 0;

export class ChromeTraceReporter implements Reporter {
  readonly #file: string;
  readonly #spans: MainSpan[];
  readonly #tasks: TraceEvent[] = [];
  readonly #phases = new Map<string, TraceEvent[]>();
  readonly #instants: { name: string; at: number; cat: string; args?: Record<string, unknown>; ph: 'i' | 'C' }[] = [];
  readonly #starts = new Map<string, { at: number; worker: number }>();
  #runStart: number | undefined;
  #lastTaskEnd: number | undefined;
  #runEnd: number | undefined;
  #workers = 0;
  #running = 0;

  /** @param spans what happened before the run (start-up, workspace, planning/hashing), epoch ms; read at `close()`, so the caller may add more. */
  constructor(file: string, spans: MainSpan[] = []) {
    this.#file = file;
    this.#spans = spans;
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.#runStart = event.startedAt;
        this.#workers = event.concurrency;
        this.#instants.push({ name: 'tasks running', cat: 'scheduler', ph: 'C', at: event.startedAt, args: { running: 0 } });
        break;
      case 'task-start':
        this.#starts.set(event.id, { at: event.at, worker: event.worker });
        this.#instants.push({ name: 'tasks running', cat: 'scheduler', ph: 'C', at: event.at, args: { running: ++this.#running } });
        break;
      case 'task-phase':
        this.#addPhase(event.id, { name: event.phase, cat: event.phase, ph: 'X', ts: event.start, dur: event.end - event.start, pid: PID, tid: event.worker + 1, args: { task: event.id } });
        break;
      case 'task-end': {
        const start = this.#starts.get(event.record.id);
        this.#lastTaskEnd = Math.max(this.#lastTaskEnd ?? 0, event.at);
        if (!start) break; // skipped: never started
        this.#instants.push({ name: 'tasks running', cat: 'scheduler', ph: 'C', at: event.at, args: { running: --this.#running } });
        const r = event.record;
        // The task span covers its phases even when they end in the same millisecond as it.
        const phases = this.#phases.get(r.id) ?? [];
        const end = Math.max(event.at, ...phases.map((p) => p.ts + p.dur!));
        this.#tasks.push({
          name: r.id, cat: 'task', ph: 'X', ts: start.at, dur: end - start.at, pid: PID, tid: start.worker + 1,
          args: { hash: r.hash, cache: r.cache, status: r.status, exitCode: r.exitCode, savedMs: r.savedMs },
        });
        break;
      }
      case 'warning':
        this.#instants.push({ name: event.message, cat: 'warning', ph: 'i', at: Date.now() });
        break;
      case 'run-end':
        this.#runEnd = this.#runStart === undefined ? Date.now() : this.#runStart + event.durationMs;
        break;
      default:
        break;
    }
  }

  /**
   * Keeps one event per phase extent: the scheduler may report a phase and then again one that
   * contains it (a miss's cache lookup is timed inside and around the restore attempt).
   */
  #addPhase(task: string, event: TraceEvent): void {
    const list = this.#phases.get(task) ?? [];
    const inner = list.findIndex((p) => p.name === event.name && p.ts >= event.ts && p.ts + p.dur! <= event.ts + event.dur!);
    if (inner >= 0) list[inner] = event;
    else list.push(event);
    this.#phases.set(task, list);
  }

  /** The whole trace document, with times relative to its earliest event, in microseconds. */
  toJSON(): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms'; otherData: Record<string, unknown> } {
    const main: MainSpan[] = [...this.#spans];
    if (this.#runStart !== undefined && this.#runEnd !== undefined) {
      const scheduled = this.#lastTaskEnd ?? this.#runEnd;
      main.push({ name: 'run tasks', start: this.#runStart, end: Math.max(this.#runStart, scheduled) });
      if (this.#runEnd > scheduled) main.push({ name: 'flush (remote uploads, state)', start: scheduled, end: this.#runEnd });
    }
    const phases = [...this.#phases.values()].flat();
    const origin = Math.min(...[...main.map((s) => s.start), ...this.#tasks.map((t) => t.ts), ...phases.map((p) => p.ts), ...this.#instants.map((i) => i.at)].filter(Number.isFinite), Date.now());
    const us = (ms: number) => Math.round((ms - origin) * 1000);
    const meta: TraceEvent[] = [
      { name: 'process_name', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: MAIN_TID, args: { name: 'ant run' } },
      { name: 'thread_name', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: MAIN_TID, args: { name: 'main' } },
      { name: 'thread_sort_index', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: MAIN_TID, args: { sort_index: 0 } },
    ];
    for (let i = 0; i < this.#workers; i++) {
      meta.push({ name: 'thread_name', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: i + 1, args: { name: `worker ${i + 1}` } });
      meta.push({ name: 'thread_sort_index', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: i + 1, args: { sort_index: i + 1 } });
    }
    const span = (e: TraceEvent): TraceEvent => ({ ...e, ts: us(e.ts), dur: Math.max(0, us(e.ts + e.dur!) - us(e.ts)) });
    const events: TraceEvent[] = [
      ...main.map((s) => ({ name: s.name, cat: 'main', ph: 'X' as const, ts: us(s.start), dur: Math.max(0, us(s.end) - us(s.start)), pid: PID, tid: MAIN_TID, ...(s.args ? { args: s.args } : {}) })),
      ...this.#tasks.map(span),
      ...phases.map(span),
      ...this.#instants.map((i) => ({ name: i.name, cat: i.cat, ph: i.ph, ts: us(i.at), pid: PID, tid: MAIN_TID, ...(i.ph === 'i' ? { s: 'g' as const } : {}), ...(i.args ? { args: i.args } : {}) })),
    ];
    return { traceEvents: [...meta, ...events], displayTimeUnit: 'ms', otherData: { tool: 'ant', origin: new Date(origin).toISOString() } };
  }

  async close(): Promise<void> {
    await mkdir(path.dirname(path.resolve(this.#file)), { recursive: true });
    await writeFile(this.#file, JSON.stringify(this.toJSON()));
  }
}
