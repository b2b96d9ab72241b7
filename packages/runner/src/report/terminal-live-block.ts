/**
 * A block of lines kept at the bottom of a TTY and redrawn in place, with ordinary output printed
 * above it (the way `docker build` or `cargo` show progress). It only moves the cursor within the
 * lines it drew itself, so it never needs to know the screen's contents.
 *
 * It does not decide what the block says (see `terminal-status.ts`), and it is only for TTYs:
 * off a TTY the terminal reporter prints plain lines and never constructs one.
 *
 * @example
 * const block = new LiveBlock(process.stdout);
 * block.update(['running a:build 1.2s']);
 * block.print(['a:build | compiling…']);   // above the block, which is redrawn below it
 * block.done();                              // erases the block, shows the cursor again
 */

const ESC = '\x1b[';

export interface TerminalSize {
  columns: number;
  rows: number;
}

export class LiveBlock {
  readonly #stream: NodeJS.WritableStream & { columns?: number; rows?: number };
  #lines: string[] = [];
  #drawn = 0;
  #cursorHidden = false;
  readonly #restoreCursor = () => this.#stream.write(`${ESC}?25h`);

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  /** The terminal's size; a pseudo-terminal without a size (0×0) counts as 80×24. */
  size(): TerminalSize {
    return { columns: this.#stream.columns || 80, rows: this.#stream.rows || 24 };
  }

  /** Replaces the block's lines (capped to the terminal height, each cut to its width) and redraws. */
  update(lines: string[]): void {
    this.#lines = lines;
    this.#write('', true);
  }

  /** Prints finished lines above the block, then redraws the block under them, in one write. */
  print(lines: string[]): void {
    if (lines.length === 0) return;
    this.#write(lines.map((l) => `${l}\n`).join(''), true);
  }

  /** Erases the block and shows the cursor; later output goes where the block was. */
  done(): void {
    this.#lines = [];
    this.#write('', false);
    if (this.#cursorHidden) {
      this.#restoreCursor();
      process.off('exit', this.#restoreCursor);
      this.#cursorHidden = false;
    }
  }

  #write(above: string, redraw: boolean): void {
    let out = this.#erase() + above;
    if (redraw && this.#lines.length) {
      const { columns, rows } = this.size();
      // Leave at least one row for output, and never draw past the right edge: a line that
      // wraps would make the block taller than `#drawn` and the next erase would miss a row.
      const lines = this.#lines.slice(0, Math.max(1, rows - 1)).map((l) => fitWidth(l, columns - 1));
      if (!this.#cursorHidden) {
        out = `${ESC}?25l${out}`;
        this.#cursorHidden = true;
        process.once('exit', this.#restoreCursor);
      }
      out += lines.join('\n');
      this.#drawn = lines.length;
    }
    if (out) this.#stream.write(out);
  }

  /** Moves to the block's first line and clears to the end of the screen. */
  #erase(): string {
    if (this.#drawn === 0) return '';
    const up = this.#drawn > 1 ? `${ESC}${this.#drawn - 1}A` : '';
    this.#drawn = 0;
    return `\r${up}${ESC}J`;
  }
}

/** Cuts `text` to `width` visible characters, keeping (and closing) ANSI colour sequences. */
export function fitWidth(text: string, width: number): string {
  let visible = 0;
  let out = '';
  let styled = false;
  let lastChar = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\x1b') {
      const end = text.indexOf('m', i);
      if (end < 0) break;
      out += text.slice(i, end + 1);
      styled = true;
      i = end;
      continue;
    }
    if (visible === width) return `${out.slice(0, lastChar)}…${styled ? `${ESC}0m` : ''}`;
    lastChar = out.length;
    out += text[i];
    visible++;
  }
  return out;
}

/** Visible length of a string with ANSI colour sequences. */
export function visibleLength(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
