import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ChromeTraceReporter } from '../../src/report/chrome-trace.js';
import type { RunEvent, TaskRecord } from '../../src/report/events.js';
import { threadNames, traceProblems, type TraceEvent } from './trace-format.js';

const T0 = 1_700_000_000_000;

function record(id: string, worker: number, extra: Partial<TaskRecord> = {}): TaskRecord {
  const [project, task] = id.split(':');
  return { id, project, task, hash: `h-${id}`, cache: 'miss', status: 'success', exitCode: 0, durationMs: 10, savedMs: 0, dependsOn: [], worker, ...extra };
}

/** Two workers: a:build runs (lookup, run, store), b:build is a hit (lookup, restore), c waits for a. */
function sampleRun(): RunEvent[] {
  return [
    { type: 'run-start', tasks: 3, concurrency: 2, startedAt: T0 },
    { type: 'task-start', id: 'a:build', hash: 'ha', worker: 0, at: T0 + 1 },
    { type: 'task-start', id: 'b:build', hash: 'hb', worker: 1, at: T0 + 1 },
    // A miss's lookup is reported inside and around the restore attempt; the trace keeps the outer one.
    { type: 'task-phase', id: 'a:build', phase: 'cache-lookup', worker: 0, start: T0 + 2, end: T0 + 3 },
    { type: 'task-phase', id: 'a:build', phase: 'cache-lookup', worker: 0, start: T0 + 1, end: T0 + 4 },
    { type: 'task-phase', id: 'b:build', phase: 'cache-lookup', worker: 1, start: T0 + 1, end: T0 + 2 },
    { type: 'task-phase', id: 'b:build', phase: 'restore', worker: 1, start: T0 + 2, end: T0 + 6 },
    { type: 'task-end', record: record('b:build', 1, { cache: 'local', status: 'cached', savedMs: 500 }), log: Buffer.alloc(0), at: T0 + 6 },
    { type: 'task-phase', id: 'a:build', phase: 'run', worker: 0, start: T0 + 4, end: T0 + 40 },
    { type: 'task-phase', id: 'a:build', phase: 'store', worker: 0, start: T0 + 40, end: T0 + 45 },
    { type: 'task-end', record: record('a:build', 0), log: Buffer.alloc(0), at: T0 + 45 },
    { type: 'task-start', id: 'c:build', hash: 'hc', worker: 1, at: T0 + 45 },
    { type: 'task-phase', id: 'c:build', phase: 'cache-lookup', worker: 1, start: T0 + 45, end: T0 + 46 },
    { type: 'task-phase', id: 'c:build', phase: 'run', worker: 1, start: T0 + 46, end: T0 + 60 },
    // Ends in the same millisecond as its last phase.
    { type: 'task-end', record: record('c:build', 1), log: Buffer.alloc(0), at: T0 + 60 },
    { type: 'warning', message: 'remote cache unreachable' },
    { type: 'run-end', exitCode: 0, durationMs: 61, records: [] },
  ];
}

describe('ChromeTraceReporter', () => {
  it('writes a valid trace: a main lane, one lane per worker, phases nested in their task', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ant-trace-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'nested', 'trace.json');
    const reporter = new ChromeTraceReporter(file, [
      { name: 'load workspace', start: T0 - 30, end: T0 - 10 },
      { name: 'plan (task graph, hash inputs, task hashes)', start: T0 - 10, end: T0 },
    ]);
    for (const e of sampleRun()) reporter.onEvent(e);
    await reporter.close();
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };

    expect(traceProblems(doc)).toEqual([]);
    expect(threadNames(doc)).toEqual(new Map([[0, 'main'], [1, 'worker 1'], [2, 'worker 2']]));
    const x = doc.traceEvents.filter((e) => e.ph === 'X');
    // Times are µs from the earliest span: the workspace load, 30 ms before run-start.
    expect(x.find((e) => e.name === 'load workspace')).toMatchObject({ ts: 0, dur: 20_000, tid: 0 });
    expect(x.find((e) => e.name.startsWith('plan'))).toMatchObject({ ts: 20_000, dur: 10_000, tid: 0 });
    expect(x.find((e) => e.name === 'run tasks')).toMatchObject({ ts: 30_000, dur: 60_000, tid: 0 });

    const tasks = x.filter((e) => e.cat === 'task');
    expect(tasks.map((t) => [t.name, t.tid]).sort()).toEqual([['a:build', 1], ['b:build', 2], ['c:build', 2]]);
    expect(tasks.find((t) => t.name === 'b:build')!.args).toMatchObject({ cache: 'local', status: 'cached', savedMs: 500 });
    for (const task of tasks) {
      const phases = x.filter((e) => e.args?.task === task.name);
      expect(phases.length).toBeGreaterThan(0);
      for (const p of phases) {
        expect(p.tid).toBe(task.tid);
        expect(p.ts).toBeGreaterThanOrEqual(task.ts);
        expect(p.ts + p.dur!).toBeLessThanOrEqual(task.ts + task.dur!);
      }
    }
    const aPhases = x.filter((e) => e.args?.task === 'a:build').map((e) => [e.name, e.ts, e.dur]);
    expect(aPhases).toEqual([['cache-lookup', 31_000, 3_000], ['run', 34_000, 36_000], ['store', 70_000, 5_000]]);
    expect(doc.traceEvents.some((e) => e.ph === 'i' && e.name === 'remote cache unreachable')).toBe(true);
    const counter = doc.traceEvents.filter((e) => e.ph === 'C').map((e) => e.args!.running);
    expect(counter).toEqual([0, 1, 2, 1, 0, 1, 0]);
  });

  it('draws a span for the end-of-run flush (background uploads) when run-end comes later', () => {
    const reporter = new ChromeTraceReporter('unused.json');
    const events = sampleRun().filter((e) => e.type !== 'run-end');
    for (const e of events) reporter.onEvent(e);
    reporter.onEvent({ type: 'run-end', exitCode: 0, durationMs: 200, records: [] });
    const doc = reporter.toJSON();
    expect(traceProblems(doc)).toEqual([]);
    expect(doc.traceEvents.find((e) => e.name.startsWith('flush'))).toMatchObject({ ph: 'X', tid: 0, ts: 60_000, dur: 140_000 });
  });
});
