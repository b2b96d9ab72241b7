/**
 * The terminal reporter. Task output is printed as prefixed lines (`api:build | …`), live for
 * running tasks and replayed for cache hits, filtered by `--output-logs`. On a TTY a status line
 * at the bottom shows what runs now; off a TTY (CI, pipes) there are only plain lines. Colours
 * follow NO_COLOR / FORCE_COLOR.
 */
import type { Reporter, RunEvent, TaskRecord } from './events.js';
import { colors, type Colors } from './colors.js';

export type OutputLogs = 'full' | 'new-only' | 'errors-only' | 'hash-only' | 'none';

export interface TerminalOptions {
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  outputLogs: OutputLogs;
  isTTY: boolean;
  color: boolean;
  verbose: boolean;
}

const PREFIX_COLORS: (keyof Colors)[] = ['cyan', 'magenta', 'blue', 'yellow', 'green'];

export class TerminalReporter implements Reporter {
  readonly #o: TerminalOptions;
  readonly #c: Colors;
  readonly #partial = new Map<string, string>();
  readonly #buffered = new Map<string, Buffer[]>();
  readonly #running = new Map<string, number>();
  readonly #colorOf = new Map<string, keyof Colors>();
  #statusShown = false;
  #timer: NodeJS.Timeout | undefined;
  #total = 0;
  #done = 0;

  constructor(options: TerminalOptions) {
    this.#o = options;
    this.#c = colors(options.color);
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-start':
        this.#total = event.tasks;
        if (this.#o.isTTY) {
          this.#timer = setInterval(() => this.#drawStatus(), 200);
          this.#timer.unref();
        }
        break;
      case 'task-start':
        this.#running.set(event.id, event.at);
        if (this.#o.outputLogs === 'hash-only') this.#line(`${this.#prefix(event.id)}${this.#c.dim(`hash ${event.hash}`)}`);
        break;
      case 'task-output':
        if (this.#o.outputLogs === 'full' || this.#o.outputLogs === 'new-only') this.#print(event.id, event.chunk);
        else if (this.#o.outputLogs === 'errors-only') {
          const list = this.#buffered.get(event.id) ?? [];
          list.push(event.chunk);
          this.#buffered.set(event.id, list);
        }
        break;
      case 'task-end':
        this.#running.delete(event.record.id);
        this.#done++;
        this.#taskEnd(event.record, event.log);
        break;
      case 'warning':
        this.#line(`${this.#c.yellow('warning')} ${event.message}`);
        break;
      case 'run-end':
        if (this.#timer) clearInterval(this.#timer);
        this.#clearStatus();
        this.#summary(event.records, event.durationMs);
        break;
      default:
        break;
    }
  }

  #taskEnd(record: TaskRecord, log: Buffer): void {
    const mode = this.#o.outputLogs;
    const id = record.id;
    if (record.status === 'cached') {
      if (mode === 'full') {
        this.#line(`${this.#prefix(id)}${this.#c.dim(`cache hit (${record.cache}), replaying logs ${record.hash}`)}`);
        this.#print(id, log);
      } else if (mode === 'new-only' || mode === 'hash-only') {
        this.#line(`${this.#prefix(id)}${this.#c.dim(`cache hit (${record.cache}), suppressing logs ${record.hash}`)}`);
      }
    } else if (record.status === 'failed') {
      if (mode === 'errors-only') this.#print(id, Buffer.concat(this.#buffered.get(id) ?? []));
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
    this.#clearStatus();
    this.#o.stream.write(`${text}\n`);
  }

  #drawStatus(): void {
    if (this.#running.size === 0) return this.#clearStatus();
    const now = Date.now();
    const running = [...this.#running].map(([id, at]) => `${id} ${((now - at) / 1000).toFixed(1)}s`);
    const columns = (this.#o.stream as NodeJS.WriteStream).columns ?? 100;
    let text = `${this.#c.dim(`[${this.#done}/${this.#total}]`)} ${running.join(', ')}`;
    if (text.length > columns - 1) text = `${text.slice(0, columns - 2)}…`;
    this.#o.stream.write(`\r\x1b[2K${text}`);
    this.#statusShown = true;
  }

  #clearStatus(): void {
    if (!this.#statusShown) return;
    this.#o.stream.write('\r\x1b[2K');
    this.#statusShown = false;
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
    const saved = records.reduce((sum, r) => sum + r.savedMs, 0);
    let time = ` ${c.bold('Time:')}     ${formatMs(durationMs)}`;
    if (saved > 0) time += c.dim(` (cache saved ${formatMs(saved)})`);
    if (records.length > 0 && cached === records.length) time += ` ${c.magenta('>>> FULLY CACHED')}`;
    lines.push(time, '');
    this.#o.stream.write(lines.join('\n') + '\n');
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
