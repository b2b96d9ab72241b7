import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LogMux, TAIL_LINES } from '../../src/up/log-mux.js';

/** A terminal stand-in that records what was written. */
function terminal(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 40;
  return { stream, text: () => text };
}

function dir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ant-logmux-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('log mux', () => {
  it('prefixes lines with aligned names, joins split chunks, and writes timestamped files', async () => {
    const d = dir();
    const term = terminal(false);
    const mux = new LogMux({ stream: term.stream, color: false, isTTY: false, names: ['db', 'api'] });
    const db = mux.channel('db', path.join(d, 'db.log'));
    const api = mux.channel('api', path.join(d, 'api.log'));
    db.write(Buffer.from('hel'));
    api.write(Buffer.from('one\r\ntwo\n'));
    db.write(Buffer.from('lo\npartial'));
    api.note('ready after 5 ms');
    await mux.close();
    expect(term.text()).toBe('[api] one\n[api] two\n[db]  hello\n[api] ant: ready after 5 ms\n[db]  partial\n');
    const file = readFileSync(path.join(d, 'api.log'), 'utf8').split('\n');
    expect(file[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z one$/);
    expect(file[2]).toMatch(/Z ant: ready after 5 ms$/);
  });

  it('keeps the last lines, notices EADDRINUSE and lets watchers see lines', async () => {
    const mux = new LogMux({ stream: terminal(false).stream, color: false, isTTY: false, names: ['api'] });
    const api = mux.channel('api', path.join(dir(), 'api.log'));
    const seen: string[] = [];
    api.watch((line) => seen.push(line));
    for (let i = 1; i <= 30; i++) api.write(Buffer.from(`line ${i}\n`));
    api.write(Buffer.from('Error: listen EADDRINUSE: address already in use 127.0.0.1:8080\n'));
    await mux.close();
    expect(api.tail()).toHaveLength(TAIL_LINES);
    expect(api.tail()[0]).toBe('line 12');
    expect(api.addressInUse).toContain('EADDRINUSE');
    expect(seen).toHaveLength(31);
  });

  it('draws a status line on a TTY, clears it before output and cuts it to the width', async () => {
    const term = terminal(true);
    const mux = new LogMux({ stream: term.stream, color: false, isTTY: true, names: ['api'] });
    const api = mux.channel('api', path.join(dir(), 'api.log'));
    mux.setStatus(() => `api ready · ${'x'.repeat(80)}`);
    api.write(Buffer.from('hello\n'));
    await mux.close();
    const text = term.text();
    expect(text).toContain('\r\x1b[2K[api] hello\n');
    expect(text).toContain(`api ready · ${'x'.repeat(39 - 'api ready · '.length)}\x1b[0m`);
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });
});
