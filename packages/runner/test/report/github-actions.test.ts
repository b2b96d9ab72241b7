import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../src/report/events.js';
import { GitHubActionsReporter, stepSummary } from '../../src/report/github-actions.js';

function record(id: string, extra: Partial<TaskRecord> = {}): TaskRecord {
  const [project, task] = id.split(':');
  return { id, project, task, hash: '0123456789abcdef', cache: 'miss', status: 'success', exitCode: 0, durationMs: 1200, savedMs: 0, dependsOn: [], ...extra };
}

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

describe('GitHubActionsReporter', () => {
  it('folds each log in a group, annotates failures, and honours --output-logs', () => {
    const out = new Collect();
    const gha = new GitHubActionsReporter(out, undefined, 'new-only');
    gha.onEvent({ type: 'task-end', record: record('a:build'), log: Buffer.from('built a'), at: 0 });
    gha.onEvent({ type: 'task-end', record: record('b:build', { status: 'cached', cache: 'remote', savedMs: 900 }), log: Buffer.from('old log\n'), at: 0 });
    gha.onEvent({ type: 'task-end', record: record('c:test', { status: 'failed', exitCode: 3 }), log: Buffer.from('boom\n'), at: 0 });
    gha.onEvent({ type: 'task-end', record: record('d:test', { status: 'skipped' }), log: Buffer.alloc(0), at: 0 });
    expect(out.text.split('\n')).toEqual([
      '::group::a:build (success, 1.20s)', 'built a', '::endgroup::',
      '::group::b:build (cached, remote cache, 1.20s)', 'cache hit (remote), suppressing logs 0123456789abcdef', '::endgroup::',
      '::group::c:test (failed, 1.20s)', 'boom', '::endgroup::',
      '::error title=c%3Atest failed::c:test exited with code 3',
      '',
    ]);
  });

  it('writes a Markdown step summary: headline with time saved, one escaped row per task', () => {
    const md = stepSummary([record('a:build'), record('we|ird:build', { status: 'cached', cache: 'local', durationMs: 5, savedMs: 61_000 })], 2300, 0);
    expect(md).toBe([
      '### ant run succeeded',
      '',
      '2 tasks, 1 cached, 0 failed in 2.30s; the cache saved 1m1s.',
      '',
      '| task | status | cache | time | saved | hash |',
      '| --- | --- | --- | ---: | ---: | --- |',
      '| ✅ `a:build` | success | miss | 1.20s |  | `0123456789abcdef` |',
      '| ⚡ `we\\|ird:build` | cached | local | 5ms | 1m1s | `0123456789abcdef` |',
      '',
      '',
    ].join('\n'));
  });
});
