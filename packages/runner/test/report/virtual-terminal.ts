/**
 * A tiny terminal emulator for tests: a writable stream that applies what the live block uses
 * (text, `\n`, `\r`, cursor up `ESC[nA`, clear to end of screen `ESC[J`, SGR colours and cursor
 * visibility, which it drops) to a grid of lines, so a test can assert what a person would see.
 */
import { Writable } from 'node:stream';

export class VirtualTerminal extends Writable {
  readonly lines: string[] = [''];
  row = 0;
  col = 0;
  raw = '';
  readonly isTTY = true;
  constructor(readonly columns = 80, readonly rows = 24) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    const text = chunk.toString('utf8');
    this.raw += text;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\x1b') {
        const m = /^\x1b\[(\??)(\d*)([A-Za-z])/.exec(text.slice(i));
        if (!m) throw new Error(`unsupported escape at ${JSON.stringify(text.slice(i, i + 8))}`);
        i += m[0].length - 1;
        const n = Number(m[2] || '1');
        if (m[3] === 'A') this.row = Math.max(0, this.row - n);
        else if (m[3] === 'J') {
          this.lines[this.row] = this.lines[this.row].slice(0, this.col);
          this.lines.length = this.row + 1;
        } else if (m[3] === 'K') this.lines[this.row] = '';
        // m (colours), h/l (cursor visibility): nothing to draw
        continue;
      }
      if (ch === '\n') {
        this.row++;
        this.col = 0;
        if (this.lines.length <= this.row) this.lines.push('');
      } else if (ch === '\r') this.col = 0;
      else {
        const line = this.lines[this.row].padEnd(this.col);
        this.lines[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
        this.col++;
      }
    }
    done();
  }

  /** The screen's text, trailing empty lines dropped. */
  screen(): string[] {
    const out = [...this.lines];
    while (out.length && out[out.length - 1] === '') out.pop();
    return out;
  }
}
