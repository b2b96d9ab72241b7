/**
 * Executor tasks (a worker thread, not a child process) as a user sees them: their log shows while
 * they run, once, and is cached like a command's; interrupting the run aborts the executor's
 * context signal, so what it started stops with it; an executor that ignores the signal is
 * terminated after the grace period, and ant still exits 130. The executor module is named by a
 * path from the workspace root.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/processes.js';
import { ANT_BIN, cleanEnv, tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const EXECUTORS = `
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

// Starts a long sleep the way a well-behaved executor does: bound to the run's signal.
export async function honours(options, ctx) {
  const child = spawn('sleep', ['300'], { stdio: 'ignore', signal: ctx.signal });
  child.on('error', () => undefined);
  writeFileSync(ctx.root + '/sleep.pid', String(child.pid));
  ctx.log('sleeping');
  const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 143 : 1))));
  ctx.log('stopped: ' + ctx.signal.aborted);
  return { exitCode: code };
}

// Logs, waits for the test to create ./go, logs again.
export async function gated(options, ctx) {
  ctx.log('first line');
  while (!existsSync(ctx.root + '/go')) await new Promise((r) => setTimeout(r, 20));
  ctx.log('second line');
}

// Never looks at the signal and never finishes.
export async function ignores(options, ctx) {
  writeFileSync(ctx.root + '/sleep.pid', String(process.pid));
  ctx.log('sleeping');
  await new Promise(() => setInterval(() => undefined, 1000));
}
`;

function repoWith(exportName: string, cache = false): TempRepo {
  return tempRepo({
    '.gitignore': 'go\n',
    'tools/executors.mjs': EXECUTORS,
    's/README': 's',
    'ant.config.json': {
      services: { s: { language: 'sh', path: 's', tasks: { build: { executor: { module: './tools/executors.mjs', export: exportName }, cache } } } },
    },
  });
}

/** `ant run build` started in the repo, its output collected as it comes. */
function startRun(repo: TempRepo) {
  const child = spawn(process.execPath, [ANT_BIN, 'run', 'build'], { cwd: repo.root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    closed,
    out: () => out,
    /** Polls until `ready()`; after 20 s kills ant and fails with `what` and the output. */
    async waitUntil(ready: () => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 20_000;
      while (!ready()) {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`${what}:\n${out}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** Starts `ant run build`, waits for the executor to have started, sends SIGTERM; resolves with the exit code and output. */
async function interrupt(repo: TempRepo): Promise<{ code: number | null; out: string }> {
  const run = startRun(repo);
  await run.waitUntil(() => repo.exists('sleep.pid'), 'the executor never started');
  run.child.kill('SIGTERM');
  return { code: await run.closed, out: run.out() };
}

describe('an executor task', () => {
  it('shows its log while it runs, once, and replays it from the cache', async () => {
    const repo = repoWith('gated', true);
    const run = startRun(repo);
    await run.waitUntil(() => run.out().includes('s:build | first line'), 'the first line never showed while the task ran');
    expect(run.out()).not.toContain('second line'); // it is still waiting for ./go
    repo.write({ go: '' });
    expect(await run.closed).toBe(0);
    expect(run.out().match(/first line/g)).toHaveLength(1);
    expect(run.out().match(/second line/g)).toHaveLength(1);

    const cached = await repo.ant(['run', 'build']);
    expect(cached.code).toBe(0);
    expect(cached.stdout).toMatch(/s:build \| first line\n[^]*s:build \| second line/);
  });
});

describe('interrupting an executor task', () => {
  it('aborts the executor context signal: the process it started stops, and ant exits 130', async () => {
    const repo = repoWith('honours');
    const { code, out } = await interrupt(repo);
    expect(code).toBe(130);
    expect(out).toContain('SIGTERM: stopping');
    const sleeper = Number(repo.read('sleep.pid'));
    expect(isAlive(sleeper)).toBe(false);
  });

  it('terminates an executor that ignores the signal after the grace period; ant still exits 130', async () => {
    const repo = repoWith('ignores');
    const { code, out } = await interrupt(repo);
    expect(code).toBe(130);
    expect(out).toContain('SIGTERM: stopping');
  });
});
