/**
 * The build executor's shell (runShell): an interrupted run (the context's signal aborts) stops the
 * whole process group — `go build` runs under `sh -c`, so stopping only sh would leave it running.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutorContext } from '@ant/runner/plugin';
import { runShell } from '../src/build-executor.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false;
  }
}

describe('runShell', () => {
  it('stops the shell and what it started when the signal aborts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ant-go-shell-'));
    dirs.push(dir);
    const abort = new AbortController();
    const lines: string[] = [];
    const ctx: ExecutorContext = {
      root: dir,
      project: { name: 'p', root: '.', absRoot: dir, language: 'go', fields: {} },
      task: 'build',
      hash: 'h',
      dependencyHashes: {},
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      log: (line) => lines.push(line),
      signal: abort.signal,
    };
    const exit = runShell('sleep 300 & echo $! > grandchild.pid; echo $$ > shell.pid; echo started; wait', ctx);
    const deadline = Date.now() + 10_000;
    while (!existsSync(path.join(dir, 'shell.pid')) || !existsSync(path.join(dir, 'grandchild.pid'))) {
      if (Date.now() > deadline) throw new Error('the shell never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    const shell = Number(readFileSync(path.join(dir, 'shell.pid'), 'utf8'));
    const grandchild = Number(readFileSync(path.join(dir, 'grandchild.pid'), 'utf8'));
    expect(isAlive(grandchild)).toBe(true);

    abort.abort();
    expect(await exit).toBe(128);
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(shell)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect(lines).toContain('started');
  });
});
