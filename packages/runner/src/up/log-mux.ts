/**
 * The output of `ant up`: every process's lines side by side on one stream, each prefixed with the
 * process's name in its own colour (`[api]  listening on :8080`), and copied — with a timestamp per
 * line — to `.ant/up/<name>.log`. ant's own notes about a process (started, ready, restarting) go
 * to both places, marked `ant:`. On a TTY a status line at the bottom shows every process's state.
 *
 * Each {@link ProcessLog} also keeps the last lines for failure reports and lets the supervisor
 * watch lines (for `log` readiness probes and EADDRINUSE). It does not interpret anything itself.
 *
 * ```ts
 * const mux = new LogMux({ stream: process.stdout, color: true, isTTY: false, names: ['db', 'api'] });
 * const log = mux.channel('api', '.ant/up/api.log');
 * log.write(Buffer.from('listening\n'));   // "[api] listening"
 * await mux.close();
 * ```
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { colors, type Colors } from '../report/colors.js';

const PREFIX_COLORS: (keyof Colors)[] = ['cyan', 'magenta', 'blue', 'yellow', 'green'];
/** Lines kept per process for the failure report. */
export const TAIL_LINES = 20;
const ADDRESS_IN_USE = /EADDRINUSE|address already in use/i;

export interface LogMuxOptions {
  stream: NodeJS.WritableStream;
  color: boolean;
  /** Draw a status line at the bottom (TTYs only). */
  isTTY: boolean;
  /** All process names, to align the prefixes. */
  names: readonly string[];
}

export class LogMux {
  readonly #o: LogMuxOptions;
  readonly #c: Colors;
  readonly #width: number;
  readonly #channels: ProcessLog[] = [];
  #status: (() => string) | undefined;
  #statusShown = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LogMuxOptions) {
    this.#o = options;
    this.#c = colors(options.color);
    this.#width = Math.max(0, ...options.names.map((n) => n.length));
  }

  get colors(): Colors {
    return this.#c;
  }

  /** Opens the log of one process; its file is truncated (one file per `ant up` session). */
  channel(name: string, file: string): ProcessLog {
    const colour = PREFIX_COLORS[this.#channels.length % PREFIX_COLORS.length];
    const prefix = `${this.#c[colour](`[${name}]`)}${' '.repeat(this.#width - name.length + 1)}`;
    const log = new ProcessLog(name, file, (text) => this.#print(prefix, text), this.#c);
    this.#channels.push(log);
    return log;
  }

  /** A line from ant itself, not about one process. */
  info(text: string): void {
    this.#print('', text);
  }

  /** Sets what the status line shows (TTYs only); redrawn after output and twice a second. */
  setStatus(render: () => string): void {
    if (!this.#o.isTTY) return;
    this.#status = render;
    this.#timer ??= setInterval(() => this.#draw(), 500);
    this.#timer.unref();
    this.#draw();
  }

  /** Flushes partial lines, clears the status line and closes the files. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#status = undefined;
    for (const channel of this.#channels) channel.flush();
    this.#clear();
    await Promise.all(this.#channels.map((c) => c.close()));
  }

  #print(prefix: string, text: string): void {
    this.#clear();
    this.#o.stream.write(`${prefix}${text}\n`);
    this.#draw();
  }

  #clear(): void {
    if (this.#statusShown) {
      this.#o.stream.write('\r\x1b[2K');
      this.#statusShown = false;
    }
  }

  #draw(): void {
    if (!this.#status) return;
    const columns = (this.#o.stream as NodeJS.WriteStream).columns ?? 120;
    this.#clear();
    this.#o.stream.write(truncate(this.#status(), columns - 1));
    this.#statusShown = true;
  }
}

/** One process's output: lines to the terminal and its file, the last lines, and line watchers. */
export class ProcessLog {
  readonly name: string;
  readonly file: string;
  readonly #out: (text: string) => void;
  readonly #c: Colors;
  #fd: number | undefined;
  readonly #tail: string[] = [];
  readonly #watchers = new Set<(line: string) => void>();
  #partial = '';
  #addressInUse: string | undefined;

  constructor(name: string, file: string, out: (text: string) => void, c: Colors) {
    this.name = name;
    this.file = file;
    this.#out = out;
    this.#c = c;
    mkdirSync(path.dirname(file), { recursive: true });
    this.#fd = openSync(file, 'w');
  }

  /** A chunk of the process's output (stdout and stderr merged). */
  write(chunk: Buffer): void {
    const text = this.#partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#line(line.replace(/\r$/, ''));
  }

  /** ant's own note about the process (`ant: ready after 812 ms`). */
  note(message: string): void {
    this.#out(this.#c.dim(`ant: ${message}`));
    this.#append(`${new Date().toISOString()} ant: ${message}\n`);
  }

  /** Calls `watcher` with every later output line; returns the unsubscribe function. */
  watch(watcher: (line: string) => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  /** The last {@link TAIL_LINES} output lines (ant's notes excluded). */
  tail(): string[] {
    return [...this.#tail];
  }

  /** An output line that said the address was in use (EADDRINUSE), if one did. */
  get addressInUse(): string | undefined {
    return this.#addressInUse;
  }

  /** Emits a trailing line that had no newline (at exit). */
  flush(): void {
    if (this.#partial) {
      const line = this.#partial;
      this.#partial = '';
      this.#line(line);
    }
  }

  close(): Promise<void> {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    return Promise.resolve();
  }

  /**
   * Written synchronously, like the terminal line before it: a line on the screen is in the file
   * too, in the same order (someone tailing the file, or a script that waits for a line on stdout
   * and then reads the file, sees what the screen showed).
   */
  #append(text: string): void {
    if (this.#fd === undefined) return;
    try {
      writeSync(this.#fd, text);
    } catch {
      // A full disk must not take the services down; the terminal still shows every line.
    }
  }

  #line(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
    if (ADDRESS_IN_USE.test(line)) this.#addressInUse ??= line;
    this.#out(line);
    this.#append(`${new Date().toISOString()} ${line}\n`);
    for (const watcher of this.#watchers) watcher(line);
  }
}

function truncate(text: string, width: number): string {
  // Count visible characters only: colour codes take no room.
  let visible = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const esc = /^\x1b\[[0-9;]*m/.exec(text.slice(i));
    if (esc) {
      out += esc[0];
      i += esc[0].length - 1;
      continue;
    }
    if (visible >= width) break;
    out += text[i];
    visible++;
  }
  return `${out}\x1b[0m`;
}
