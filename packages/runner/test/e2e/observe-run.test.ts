/**
 * Seeing what a run did, through the real binary: the `--profile` Chrome trace, `--summarize`'s
 * time saved, the live block on a real pseudo-terminal (tmux and script), and GitHub Actions
 * groups and step summary.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ANT_BIN, tempRepo } from '../helpers/temp-repo.js';
import { threadNames, traceProblems, type TraceEvent } from '../report/trace-format.js';

/** Projects a (root), b and c (on a), d (on b and c); each build sleeps, prints two lines, writes dist/. */
function diamond(sleep = 0.3) {
  const project = (name: string, deps: string[]) => ({
    language: 'sh',
    path: name,
    dependsOn: deps,
    tasks: { build: { command: `echo "start ${name}"; sleep ${sleep}; mkdir -p dist && cat src.txt > dist/out.txt; echo "built ${name}"`, dependsOn: ['^build'], outputs: ['dist/**'] } },
  });
  return {
    'ant.config.json': { services: { a: project('a', []), b: project('b', ['a']), c: project('c', ['a']), d: project('d', ['b', 'c']) } },
    'a/src.txt': 'a\n', 'b/src.txt': 'b\n', 'c/src.txt': 'c\n', 'd/src.txt': 'd\n',
  };
}

describe('ant run --profile', () => {
  it('writes a valid trace-event file: main lane with planning/hashing, one lane per worker, phases nested in tasks', async () => {
    const repo = tempRepo(diamond());
    const file = path.join(repo.root, 'prof', 'trace.json');
    const r = await repo.ant(['run', 'build', '--concurrency', '2', '--profile', file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
    expect(traceProblems(doc)).toEqual([]);
    expect(threadNames(doc)).toEqual(new Map([[0, 'main'], [1, 'worker 1'], [2, 'worker 2']]));
    const x = doc.traceEvents.filter((e) => e.ph === 'X');
    const main = x.filter((e) => e.tid === 0).map((e) => e.name);
    expect(main).toEqual(expect.arrayContaining(['load workspace (config, plugins, projects)', 'plan (task graph, hash inputs, task hashes)', 'run tasks']));
    const plan = x.find((e) => e.name.startsWith('plan'))!;
    const run = x.find((e) => e.name === 'run tasks')!;
    expect(plan.ts + plan.dur!).toBeLessThanOrEqual(run.ts);

    const tasks = x.filter((e) => e.cat === 'task');
    expect(tasks.map((t) => t.name).sort()).toEqual(['a:build', 'b:build', 'c:build', 'd:build']);
    // b and c ran at the same time, so on different lanes; every task on a worker lane.
    expect(tasks.find((t) => t.name === 'b:build')!.tid).not.toBe(tasks.find((t) => t.name === 'c:build')!.tid);
    for (const task of tasks) {
      expect([1, 2]).toContain(task.tid);
      expect(task.ts).toBeGreaterThanOrEqual(run.ts);
      const phases = x.filter((e) => e.args?.task === task.name);
      expect(phases.map((p) => p.name)).toEqual(['cache-lookup', 'run', 'store']);
      for (const p of phases) {
        expect(p.tid).toBe(task.tid);
        expect(p.ts).toBeGreaterThanOrEqual(task.ts);
        expect(p.ts + p.dur!).toBeLessThanOrEqual(task.ts + task.dur!);
      }
      expect(phases.find((p) => p.name === 'run')!.dur).toBeGreaterThanOrEqual(300_000);
    }

    // A cached run with the outputs deleted: lookups and restores instead of runs.
    execFileSync('rm', ['-rf', 'a/dist', 'b/dist', 'c/dist', 'd/dist'], { cwd: repo.root });
    const again = await repo.ant(['run', 'build', '--concurrency', '2', '--profile', file]);
    expect(again.code).toBe(0);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
    expect(traceProblems(cached)).toEqual([]);
    const phases = cached.traceEvents.filter((e) => e.ph === 'X' && e.args?.task === 'd:build').map((e) => e.name);
    expect(phases).toEqual(['cache-lookup', 'restore']);
  });
});

describe('ant run --summarize: time saved by the cache', () => {
  it('credits each hit with the time its task took when it ran, and the run with the sum', async () => {
    const repo = tempRepo(diamond(0.4));
    const first = await repo.runSummary(['build']);
    expect(first.code).toBe(0);
    expect(first.summary.savedMs).toBe(0);
    expect(first.summary.tasks.every((t) => (t as { savedMs: number }).savedMs === 0)).toBe(true);
    expect((first.summary as { startedAt?: string }).startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    for (const removeOutputs of [false, true]) {
      // Outputs still in place (replay only), then deleted (a full restore): both save the same.
      if (removeOutputs) execFileSync('rm', ['-rf', 'a/dist', 'd/dist'], { cwd: repo.root });
      const second = await repo.runSummary(['build']);
      expect(second.code).toBe(0);
      let total = 0;
      for (const task of second.summary.tasks) {
        const saved = (task as { savedMs: number }).savedMs;
        const ran = first.summary.tasks.find((t) => t.id === task.id)!;
        expect(task.cache).toBe('local');
        expect(saved).toBeGreaterThanOrEqual(400);
        expect(saved).toBeLessThanOrEqual(ran.durationMs);
        total += saved;
      }
      expect(second.summary.savedMs).toBe(total);
      expect(second.stdout).toMatch(/cache saved \d\.\d\ds\) >>> FULLY CACHED/);
    }
  });
});

describe('GitHub Actions', () => {
  it('folds each task log in ::group:: once, and appends a Markdown table to $GITHUB_STEP_SUMMARY', async () => {
    const repo = tempRepo(diamond(0));
    const summary = path.join(repo.root, 'step-summary.md');
    repo.write({ 'step-summary.md': '# earlier step\n' });
    const r = await repo.ant(['run', 'build'], { env: { GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^::group::a:build \(success, \d+ms\)\nstart a\nbuilt a\n::endgroup::$/m);
    for (const name of ['a', 'b', 'c', 'd']) {
      expect(r.stdout.match(new RegExp(`^built ${name}$`, 'gm')), `log of ${name} printed once`).toHaveLength(1);
      expect(r.stdout).toContain(`::group::${name}:build`);
    }
    expect(r.stdout).not.toContain('a:build | built a');
    expect(r.stdout.match(/::endgroup::/g)).toHaveLength(4);
    expect(r.stdout).toContain(' Tasks:    4 successful, 4 total');
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n### ant run succeeded\n')).toBe(true);
    expect(md).toContain('| task | status | cache | time | saved | hash |\n| --- | --- | --- | ---: | ---: | --- |\n');
    expect(md).toMatch(/^\| ✅ `a:build` \| success \| miss \| \d+ms \|  \| `[0-9a-f]{16}` \|$/m);

    repo.write({ 'c/src.txt': 'changed\n', 'ant.config.json': { ...(diamond(0)['ant.config.json'] as object) } });
    const hit = await repo.ant(['run', 'build', '--output-logs', 'new-only'], { env: { GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(hit.stdout).toMatch(/::group::a:build \(cached, local cache, \d+ms\)\ncache hit \(local\), suppressing logs [0-9a-f]{16}\n::endgroup::/);
    expect(hit.stdout).toMatch(/::group::c:build \(success, \d+ms\)\nstart c\nbuilt c\n::endgroup::/);
    expect(readFileSync(summary, 'utf8')).toMatch(/4 tasks, 2 cached, 0 failed in [^;]+; the cache saved \d+ms\./);
  });

  it('annotates a failure with ::error', async () => {
    const repo = tempRepo({ 'ant.config.json': { services: { a: { language: 'sh', path: 'a', tasks: { build: { command: 'echo oops; exit 3' } } } } }, 'a/x': '' });
    const summary = path.join(repo.root, 'step-summary.md');
    const r = await repo.ant(['run', 'build'], { env: { GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::group::a:build (failed, ');
    expect(r.stdout).toContain('::error title=a%3Abuild failed::a:build exited with code 3');
    expect(readFileSync(summary, 'utf8')).toContain('### ant run failed (exit 1)');
  });
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasScript = existsSync('/usr/bin/script');

describe('the live block on a real terminal', () => {
  /** An env for the child that looks like a person's shell: a TTY, no CI, no colours. */
  const shellEnv = () => ['env', '-i', `PATH=${process.env.PATH}`, `HOME=${process.env.HOME}`, 'TERM=xterm-256color', 'NO_COLOR=1'];
  const slow = () => tempRepo(diamond(1.2));

  it.skipIf(!hasTmux)('tmux: shows running tasks with elapsed time under the output while it runs, then the summary', async () => {
    const repo = slow();
    const socket = `ant-observe-${process.pid}-${Date.now()}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    onTestFinished(() => void spawnSync('tmux', ['-L', socket, 'kill-server']));
    const cmd = [...shellEnv(), process.execPath, ANT_BIN, 'run', 'build', '--concurrency', '2'].map((a) => `'${a}'`).join(' ');
    tmux('new-session', '-d', '-x', '90', '-y', '10', '-c', repo.root, `${cmd}; echo EXIT=$?; sleep 30`);
    const screens: string[][] = [];
    const deadline = Date.now() + 30_000;
    let final: string[] = [];
    while (Date.now() < deadline) {
      const screen = tmux('capture-pane', '-p').replace(/\n$/, '').split('\n');
      screens.push(screen);
      if (screen.some((l) => l.startsWith('EXIT='))) {
        final = screen;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // While b and c run: their output above, the block at the bottom of what was printed.
    const during = screens.find((s) => s.some((l) => /▸ b:build\s+\d/.test(l)) && s.some((l) => /▸ c:build\s+\d/.test(l)));
    expect(during, screens.map((s) => s.join('\n')).join('\n----\n')).toBeDefined();
    const text = during!.filter((l) => l.trim());
    expect(text.at(-3)).toMatch(/^\S 1\/4 done · 2 running · 0 cached · 0 failed · [\d.]+m?s · slowest a:build [\d.]+m?s$/);
    expect(text.at(-2)).toMatch(/^ {2}▸ [bc]:build {2}[\d.]+m?s$/);
    expect(text.slice(0, -3)).toContain('a:build | built a');
    // Capped: never more lines than the 10-row terminal.
    expect(screens.every((s) => s.length <= 10)).toBe(true);
    // At the end the block is gone, the output stays and the summary follows.
    expect(final).toContain('EXIT=0');
    expect(final.join('\n')).not.toMatch(/running/);
    expect(final).toContain(' Tasks:    4 successful, 4 total');
    expect(final).toContain('d:build | built d');
  });

  it.skipIf(!hasScript)('script: the live block is drawn and erased in place, with the cursor hidden and shown again', () => {
    const repo = slow();
    const cmd = ['stty', 'cols', '100', 'rows', '12;', ...shellEnv(), `'${process.execPath}'`, `'${ANT_BIN}'`, 'run', 'build', '--concurrency', '2'].join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: repo.root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('\x1b[?25l');
    expect(out).toContain('\x1b[?25h');
    expect(out).toMatch(/\r\x1b\[\d+A\x1b\[J/); // erase: back to the block's first line, clear below
    expect(out).toMatch(/2 running · 0 cached · 0 failed/);
    expect(out).toMatch(/▸ b:build {2}[\d.]+m?s/);
    expect(out).toContain(' Tasks:    4 successful, 4 total');
    // The summary comes after the block was erased for the last time.
    expect(out.lastIndexOf('\x1b[?25h')).toBeLessThan(out.lastIndexOf(' Tasks:'));
  });
});
