import { describe, expect, it } from 'vitest';
import { colors } from '../../src/report/colors.js';
import type { RunEvent, TaskRecord } from '../../src/report/events.js';
import { LiveBlock, fitWidth, visibleLength } from '../../src/report/terminal-live-block.js';
import { statusLines, type LiveState } from '../../src/report/terminal-status.js';
import { TerminalReporter } from '../../src/report/terminal.js';
import { VirtualTerminal } from './virtual-terminal.js';

const plain = colors(false);

function record(id: string, extra: Partial<TaskRecord> = {}): TaskRecord {
  const [project, task] = id.split(':');
  return { id, project, task, hash: 'abc', cache: 'miss', status: 'success', exitCode: 0, durationMs: 100, savedMs: 0, dependsOn: [], ...extra };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('statusLines', () => {
  const state = (running: number): LiveState => ({
    total: 20, done: 7, cached: 3, failed: 1, startedAt: 0,
    running: new Map(Array.from({ length: running }, (_, i) => [`p${i}:build`, i * 1000])),
    slowest: { id: 'api:build', durationMs: 12_300 },
  });

  it('shows counts, the slowest task and the running tasks, oldest first, with elapsed time', () => {
    expect(statusLines(state(2), 5000, 10, plain)).toEqual([
      expect.stringMatching(/^\S 7\/20 done · 2 running · 3 cached · 1 failed · 5\.00s · slowest api:build 12\.30s$/),
      '  ▸ p0:build  5.00s',
      '  ▸ p1:build  4.00s',
    ]);
  });

  it('is capped to the lines it may use, saying how many more run', () => {
    const lines = statusLines(state(12), 20_000, 5, plain);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('  … 9 more running');
    expect(statusLines(state(12), 20_000, 1, plain)).toHaveLength(1);
  });
});

describe('LiveBlock', () => {
  it('prints lines above the block and redraws it in place, leaving nothing behind', () => {
    const term = new VirtualTerminal(40, 10);
    const block = new LiveBlock(term);
    term.write('before\n');
    block.update(['status 1', 'running a', 'running b']);
    block.print(['a | one', 'a | two']);
    block.update(['status 2', 'running b']);
    expect(term.screen()).toEqual(['before', 'a | one', 'a | two', 'status 2', 'running b']);
    block.print(['b | three']);
    block.done();
    term.write('summary\n');
    expect(term.screen()).toEqual(['before', 'a | one', 'a | two', 'b | three', 'summary']);
    expect(term.raw).toContain('\x1b[?25l');
    expect(term.raw.endsWith('\x1b[?25h\x1b[Jsummary\n') || term.raw.includes('\x1b[?25h')).toBe(true);
  });

  it('caps the block to the terminal height and cuts lines to its width', () => {
    const term = new VirtualTerminal(20, 5);
    const block = new LiveBlock(term);
    block.update(Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(30)}`));
    const screen = term.screen();
    expect(screen).toHaveLength(4);
    for (const line of screen) expect(line.length).toBeLessThanOrEqual(19);
    expect(screen[0]).toBe('line 0 xxxxxxxxxxx…');
  });

  it('fitWidth keeps colours and counts only visible characters', () => {
    const red = colors(true).red('abcdef');
    expect(visibleLength(fitWidth(red, 4))).toBe(4);
    expect(fitWidth(red, 4)).toBe('\x1b[31mabc…\x1b[0m');
    expect(fitWidth('short', 10)).toBe('short');
  });
});

describe('TerminalReporter', () => {
  function feed(reporter: TerminalReporter, events: RunEvent[]) {
    for (const e of events) reporter.onEvent(e);
  }
  const now = Date.now();
  const start: RunEvent[] = [
    { type: 'run-start', tasks: 2, concurrency: 2, startedAt: now },
    { type: 'task-start', id: 'a:build', hash: 'ha', worker: 0, at: now },
    { type: 'task-start', id: 'b:build', hash: 'hb', worker: 1, at: now },
    { type: 'task-output', id: 'a:build', chunk: Buffer.from('compiling\nhalf') },
  ];

  it('on a TTY: a live block of running tasks under the output, then the summary', async () => {
    const term = new VirtualTerminal(100, 12);
    const reporter = new TerminalReporter({ stream: term, outputLogs: 'full', isTTY: true, color: false, verbose: false });
    feed(reporter, start);
    await tick();
    const live = term.screen();
    expect(live[0]).toBe('a:build | compiling');
    expect(live[1]).toMatch(/0\/2 done · 2 running · 0 cached · 0 failed/);
    expect(live.slice(2)).toEqual([expect.stringMatching(/^  ▸ a:build  \d+ms$/), expect.stringMatching(/^  ▸ b:build  \d+ms$/)]);

    feed(reporter, [
      { type: 'task-end', record: record('a:build', { durationMs: 1500 }), log: Buffer.alloc(0), at: now + 1500 },
      { type: 'task-end', record: record('b:build', { status: 'cached', cache: 'local', savedMs: 900 }), log: Buffer.from('from cache\n'), at: now + 1500 },
    ]);
    await tick();
    expect(term.screen().at(-1)).toMatch(/2\/2 done · 0 running · 1 cached · 0 failed · .* · slowest a:build 1\.50s/);
    feed(reporter, [{ type: 'run-end', exitCode: 0, durationMs: 1600, records: [record('a:build', { durationMs: 1500 }), record('b:build', { status: 'cached', cache: 'local', savedMs: 900 })] }]);
    expect(term.screen()).toEqual([
      'a:build | compiling',
      'a:build | half',
      'b:build | cache hit (local), replaying logs abc',
      'b:build | from cache',
      '',
      ' Tasks:    2 successful, 2 total',
      ' Cached:   1 cached, 2 total',
      ' Time:     1.60s (cache saved 900ms)',
    ]);
  });

  it('off a TTY: plain lines only, no escape sequences', () => {
    const term = new VirtualTerminal();
    const reporter = new TerminalReporter({ stream: term, outputLogs: 'full', isTTY: false, color: false, verbose: false });
    feed(reporter, [...start, { type: 'run-end', exitCode: 0, durationMs: 5, records: [record('a:build'), record('b:build', { durationMs: 50 })] }]);
    expect(term.raw).not.toContain('\x1b');
    expect(term.screen().slice(0, 2)).toEqual(['a:build | compiling', '']);
    expect(term.raw).toContain(' Slowest:  a:build 100ms, b:build 50ms\n');
  });

  it('with taskLogs off (GitHub Actions groups them) prints no task output, but failures and the summary', () => {
    const term = new VirtualTerminal();
    const reporter = new TerminalReporter({ stream: term, outputLogs: 'full', isTTY: false, color: false, verbose: false, taskLogs: false });
    feed(reporter, [
      ...start,
      { type: 'task-end', record: record('a:build', { status: 'failed', exitCode: 2 }), log: Buffer.from('compiling\nhalf'), at: now },
      { type: 'task-end', record: record('b:build', { status: 'cached', cache: 'local' }), log: Buffer.from('from cache\n'), at: now },
      { type: 'run-end', exitCode: 1, durationMs: 5, records: [record('a:build', { status: 'failed', exitCode: 2 })] },
    ]);
    expect(term.raw).not.toContain('compiling');
    expect(term.raw).not.toContain('from cache');
    expect(term.raw).toContain('a:build | failed with exit code 2');
    expect(term.raw).toContain(' Failed:   a:build');
  });
});
