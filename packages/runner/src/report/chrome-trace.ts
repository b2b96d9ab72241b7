/**
 * `--profile FILE`: the run as a Chrome trace (trace-event JSON, viewable in Perfetto or
 * chrome://tracing): one lane (tid) per worker slot, a complete event ("X") per phase of each
 * task — cache lookup, restore, run, store — and one per task spanning them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, RunEvent } from './events.js';

interface TraceEvent {
  name: string;
  cat: string;
  ph: 'X' | 'M' | 'i';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: 'g';
  args?: Record<string, unknown>;
}

export class ChromeTraceReporter implements Reporter {
  readonly #file: string;
  readonly #events: TraceEvent[] = [];
  readonly #starts = new Map<string, { at: number; worker: number }>();
  #origin = 0;
  #workers = 0;

  constructor(file: string) {
    this.#file = file;
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.#origin = event.startedAt;
        this.#workers = event.concurrency;
        break;
      case 'task-start':
        this.#starts.set(event.id, { at: event.at, worker: event.worker });
        break;
      case 'task-phase':
        this.#events.push({ name: `${event.phase} ${event.id}`, cat: event.phase, ph: 'X', ts: this.#us(event.start), dur: Math.max(1, (event.end - event.start) * 1000), pid: 1, tid: event.worker + 1, args: { task: event.id } });
        break;
      case 'task-end': {
        const start = this.#starts.get(event.record.id);
        if (!start) break;
        this.#events.push({
          name: event.record.id, cat: 'task', ph: 'X', ts: this.#us(start.at), dur: Math.max(1, (event.at - start.at) * 1000),
          pid: 1, tid: start.worker + 1,
          args: { hash: event.record.hash, cache: event.record.cache, status: event.record.status, exitCode: event.record.exitCode },
        });
        break;
      }
      case 'warning':
        this.#events.push({ name: event.message, cat: 'warning', ph: 'i', s: 'g', ts: this.#us(Date.now()), pid: 1, tid: 0 });
        break;
      default:
        break;
    }
  }

  #us(ms: number): number {
    return (ms - this.#origin) * 1000;
  }

  async close(): Promise<void> {
    const meta: TraceEvent[] = [{ name: 'process_name', ph: 'M', ts: 0, pid: 1, tid: 0, cat: '__metadata', args: { name: 'ant run' } }];
    for (let i = 0; i < this.#workers; i++) {
      meta.push({ name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: i + 1, cat: '__metadata', args: { name: `worker ${i + 1}` } });
    }
    await mkdir(path.dirname(path.resolve(this.#file)), { recursive: true });
    await writeFile(this.#file, JSON.stringify({ traceEvents: [...meta, ...this.#events], displayTimeUnit: 'ms' }));
  }
}
