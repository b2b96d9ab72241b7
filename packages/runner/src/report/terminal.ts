/**
 * The terminal reporter. Task output is printed as prefixed lines (`api:build | …`), live for
 * running tasks and replayed for cache hits, filtered by `--output-logs`; a summary ends the run.
 *
 * On a TTY a live block at the bottom (`LiveBlock` + `statusLines`) shows the running tasks with
 * their elapsed time, the counts done/cached/failed and the slowest task so far, redrawn in place
 * ten times a second and capped to the terminal's height; output lines are printed above it.
 * Off a TTY (CI, pipes, files) there are only plain lines, written as they come.
 *
 * With `taskLogs: false` (GitHub Actions, where `GitHubActionsReporter` prints each task's log in a
 * `::group::`) it prints no task output, so logs never appear twice; status lines and the summary
 * stay. Colours follow NO_COLOR / FORCE_COLOR.
 */
import type { Reporter, RunEvent, TaskRecord } from './events.js';
import { colors, type Colors } from './colors.js';
import { formatMs } from './format-ms.js';
import { LiveBlock } from './terminal-live-block.js';
import { statusLines, type LiveState } from './terminal-status.js';

export { formatMs } from './format-ms.js';

export type OutputLogs = 'full' | 'new-only' | 'errors-only' | 'hash-only' | 'none';

export interface TerminalOptions {
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  outputLogs: OutputLogs;
  /** Draw the live block (the stream is an interactive terminal). */
  isTTY: boolean;
  color: boolean;
  verbose: boolean;
  /** Print tasks' output (default true); false when another reporter prints the logs. */
  taskLogs?: boolean;
}

const PREFIX_COLORS: (keyof Colors)[] = ['cyan', 'magenta', 'blue', 'yellow', 'green'];
const REDRAW_MS = 100;

export class TerminalReporter implements Reporter {
  readonly #o: TerminalOptions;
  readonly #c: Colors;
  readonly #logs: boolean;
  readonly #partial = new Map<string, string>();
  readonly #buffered = new Map<string, Buffer[]>();
  readonly #colorOf = new Map<string, keyof Colors>();
  readonly #state: Omit<LiveState, 'running'> & { running: Map<string, number> } = {
    total: 0, done: 0, cached: 0, failed: 0, running: new Map(), startedAt: Date.now(),
  };
  #block: LiveBlock | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** TTY only: lines waiting to be printed above the block in the next batched write. */
  #pending: string[] = [];
  #flushScheduled = false;

  constructor(options: TerminalOptions) {
    this.#o = options;
    this.#c = colors(options.color);
    this.#logs = options.taskLogs ?? true;
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.#state.total = event.tasks;
        this.#state.startedAt = event.startedAt;
        if (this.#o.isTTY) {
          this.#block = new LiveBlock(this.#o.stream);
          this.#timer = setInterval(() => this.#redraw(), REDRAW_MS);
          this.#timer.unref();
          this.#redraw();
        }
        break;
      case 'task-start':
        this.#state.running.set(event.id, event.at);
        if (this.#o.outputLogs === 'hash-only') this.#line(`${this.#prefix(event.id)}${this.#c.dim(`hash ${event.hash}`)}`);
        break;
      case 'task-output':
        if (!this.#logs) break;
        if (this.#o.outputLogs === 'full' || this.#o.outputLogs === 'new-only') this.#print(event.id, event.chunk);
        else if (this.#o.outputLogs === 'errors-only') {
          const list = this.#buffered.get(event.id) ?? [];
          list.push(event.chunk);
          this.#buffered.set(event.id, list);
        }
        break;
      case 'task-end':
        this.#count(event.record);
        this.#taskEnd(event.record, event.log);
        break;
      case 'warning':
        this.#line(`${this.#c.yellow('warning')} ${event.message}`);
        break;
      case 'run-end':
        this.#stopLive();
        this.#summary(event.records, event.durationMs);
        break;
      default:
        break;
    }
  }

  /** Flushes pending lines and erases the live block (also when a run ends without `run-end`). */
  close(): void {
    this.#stopLive();
  }

  #count(record: TaskRecord): void {
    const s = this.#state;
    s.running.delete(record.id);
    s.done++;
    if (record.status === 'cached') s.cached++;
    if (record.status === 'failed') s.failed++;
    if ((record.status === 'success' || record.status === 'failed') && record.durationMs > (s.slowest?.durationMs ?? -1)) {
      s.slowest = { id: record.id, durationMs: record.durationMs };
    }
  }

  #taskEnd(record: TaskRecord, log: Buffer): void {
    const mode = this.#o.outputLogs;
    const id = record.id;
    if (record.status === 'cached') {
      if (mode === 'full' && this.#logs) {
        this.#line(`${this.#prefix(id)}${this.#c.dim(`cache hit (${record.cache}), replaying logs ${record.hash}`)}`);
        this.#print(id, log);
      } else if (mode === 'full' || mode === 'new-only' || mode === 'hash-only') {
        this.#line(`${this.#prefix(id)}${this.#c.dim(`cache hit (${record.cache}), suppressing logs ${record.hash}`)}`);
      }
    } else if (record.status === 'failed') {
      if (mode === 'errors-only' && this.#logs) this.#print(id, Buffer.concat(this.#buffered.get(id) ?? []));
      this.#flushPartial(id);
      if (mode !== 'none') this.#line(`${this.#prefix(id)}${this.#c.red(`failed with exit code ${record.exitCode}`)}`);
    } else if (record.status === 'skipped' && this.#o.verbose) {
      this.#line(`${this.#prefix(id)}${this.#c.dim('skipped (a dependency failed)')}`);
    }
    this.#flushPartial(id);
    this.#buffered.delete(id);
  }

  #prefix(id: string): string {
    let color = this.#colorOf.get(id);
    if (!color) {
      color = PREFIX_COLORS[this.#colorOf.size % PREFIX_COLORS.length];
      this.#colorOf.set(id, color);
    }
    return `${this.#c[color](id)} ${this.#c.dim('|')} `;
  }

  #print(id: string, chunk: Buffer): void {
    if (chunk.length === 0) return;
    const text = (this.#partial.get(id) ?? '') + chunk.toString('utf8');
    const lines = text.split('\n');
    this.#partial.set(id, lines.pop()!);
    for (const line of lines) this.#line(this.#prefix(id) + line.replace(/\r$/, ''));
  }

  #flushPartial(id: string): void {
    const rest = this.#partial.get(id);
    if (rest) this.#line(this.#prefix(id) + rest);
    this.#partial.delete(id);
  }

  #line(text: string): void {
    if (!this.#block) {
      this.#o.stream.write(`${text}\n`);
      return;
    }
    // Batch: a task printing thousands of lines costs one erase/redraw per tick, not per line.
    this.#pending.push(text);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (!this.#block || this.#pending.length === 0) return;
    const lines = this.#pending;
    this.#pending = [];
    this.#block.print(lines);
    this.#redraw();
  }

  #redraw(): void {
    if (!this.#block) return;
    const { rows } = this.#block.size();
    // Capped to the terminal: at most rows - 1 lines, and a block that fits the concurrency.
    this.#block.update(statusLines(this.#state, Date.now(), Math.max(1, rows - 1), this.#c));
  }

  #stopLive(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    const block = this.#block;
    if (!block) return;
    const lines = this.#pending;
    this.#pending = [];
    block.print(lines);
    block.done();
    this.#block = undefined;
  }

  #summary(records: TaskRecord[], durationMs: number): void {
    if (this.#o.outputLogs === 'none' && records.every((r) => r.status !== 'failed')) return;
    const count = (status: TaskRecord['status']) => records.filter((r) => r.status === status).length;
    const cached = count('cached');
    const failed = records.filter((r) => r.status === 'failed');
    const successful = count('success') + cached;
    const c = this.#c;
    const lines = [
      '',
      ` ${c.bold('Tasks:')}    ${c.green(`${successful} successful`)}, ${records.length} total`,
      ` ${c.bold('Cached:')}   ${cached} cached, ${records.length} total`,
    ];
    if (failed.length) lines.push(` ${c.bold('Failed:')}   ${c.red(failed.map((r) => r.id).join(', '))}`);
    const skipped = count('skipped');
    if (skipped) lines.push(` ${c.bold('Skipped:')}  ${skipped} (a dependency failed)`);
    const ran = records.filter((r) => r.status === 'success' || r.status === 'failed').sort((a, b) => b.durationMs - a.durationMs);
    if (ran.length > 1) lines.push(` ${c.bold('Slowest:')}  ${ran.slice(0, 3).map((r) => `${r.id} ${formatMs(r.durationMs)}`).join(', ')}`);
    const saved = records.reduce((sum, r) => sum + r.savedMs, 0);
    let time = ` ${c.bold('Time:')}     ${formatMs(durationMs)}`;
    if (saved > 0) time += c.dim(` (cache saved ${formatMs(saved)})`);
    if (records.length > 0 && cached === records.length) time += ` ${c.magenta('>>> FULLY CACHED')}`;
    lines.push(time, '');
    this.#o.stream.write(lines.join('\n') + '\n');
  }
}
