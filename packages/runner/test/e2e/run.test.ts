import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/processes.js';
import { ANT_BIN, cleanEnv, tempRepo, twoProjectConfig } from '../helpers/temp-repo.js';

/** A project whose build appends "start/end <name> <ms>" lines to a shared log, to observe order and overlap. */
function timedProject(name: string, deps: string[], sleep = 0.3) {
  return {
    language: 'sh',
    path: name,
    dependsOn: deps,
    tasks: {
      build: {
        command: `echo "start ${name} $(date +%s%N)" >> ../events.log; sleep ${sleep}; echo "end ${name} $(date +%s%N)" >> ../events.log`,
        dependsOn: ['^build'],
        cache: false,
      },
    },
  };
}

function readEvents(root: string) {
  return readFileSync(path.join(root, 'events.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [kind, name, ns] = line.split(' ');
      return { kind, name, t: Number(BigInt(ns) / 1_000_000n) };
    });
}

describe('ant run', () => {
  it('runs ^build dependencies first and writes the summary JSON contract', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    const { code, summary, stdout } = await repo.runSummary(['build']);
    expect(code).toBe(0);
    expect(repo.read('b/dist/out.txt')).toBe('A\nB\n');
    expect(stdout).toContain('a:build | built a');
    expect(summary.version).toBe(1);
    expect(summary.exitCode).toBe(0);
    expect(summary.tasks.map((t) => t.id)).toEqual(['a:build', 'b:build']);
    const b = summary.tasks[1];
    expect(b).toMatchObject({ id: 'b:build', project: 'b', task: 'build', cache: 'miss', exitCode: 0, dependsOn: ['a:build'] });
    expect(b.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof b.durationMs).toBe('number');
  });

  it('orders by ^deps: a dependent starts only after its dependency ended', async () => {
    const repo = tempRepo({
      'ant.config.json': { services: { base: timedProject('base', []), mid: timedProject('mid', ['base']), top: timedProject('top', ['mid']), side: timedProject('side', []) } },
      ...dirs('base', 'mid', 'top', 'side'),
    });
    const r = await repo.ant(['run', 'build', '--concurrency', '4']);
    expect(r.code).toBe(0);
    const events = readEvents(repo.root);
    const at = (kind: string, name: string) => events.find((e) => e.kind === kind && e.name === name)!.t;
    expect(at('start', 'mid')).toBeGreaterThanOrEqual(at('end', 'base'));
    expect(at('start', 'top')).toBeGreaterThanOrEqual(at('end', 'mid'));
  });

  it('respects --concurrency (measured: never more than N tasks overlap)', async () => {
    const services = Object.fromEntries(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((n) => [n, timedProject(n, [], 0.4)]));
    const repo = tempRepo({ 'ant.config.json': { services }, ...dirs('p1', 'p2', 'p3', 'p4', 'p5', 'p6') });
    const r = await repo.ant(['run', 'build', '--concurrency', '2']);
    expect(r.code).toBe(0);
    const events = readEvents(repo.root).sort((x, y) => x.t - y.t || (x.kind === 'end' ? -1 : 1));
    let running = 0;
    let peak = 0;
    for (const e of events) {
      running += e.kind === 'start' ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(2);
  });

  it('reports a cycle with its full path', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        services: {
          a: { language: 'sh', path: 'a', dependsOn: ['b'], tasks: { build: { command: 'true', dependsOn: ['^build'] } } },
          b: { language: 'sh', path: 'b', dependsOn: ['c'], tasks: { build: { command: 'true', dependsOn: ['^build'] } } },
          c: { language: 'sh', path: 'c', dependsOn: ['a'], tasks: { build: { command: 'true', dependsOn: ['^build'] } } },
        },
      },
    });
    const r = await repo.ant(['run', 'build']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/task dependency cycle: (\w):build → (\w):build → (\w):build → \1:build/);
  });

  it('a failing task exits 1, shows its log and skips its dependents; --continue runs independent tasks', async () => {
    const config = {
      services: {
        bad: { language: 'sh', path: 'bad', tasks: { build: { command: 'echo broken >&2; exit 3' } } },
        dep: { language: 'sh', path: 'dep', dependsOn: ['bad'], tasks: { build: { command: 'echo dep ran', dependsOn: ['^build'] } } },
        slow: { language: 'sh', path: 'slow', tasks: { build: { command: 'sleep 0.5; echo slow ran' } } },
      },
    };
    const repo = tempRepo({ 'ant.config.json': config, ...dirs('bad', 'dep', 'slow') });
    const failing = await repo.runSummary(['build', '--concurrency', '1']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('bad:build | broken');
    expect(failing.stdout).toContain('bad:build | failed with exit code 3');
    const byId = Object.fromEntries(failing.summary.tasks.map((t) => [t.id, t]));
    expect(byId['bad:build'].status).toBe('failed');
    expect(byId['dep:build'].status).toBe('skipped');

    const continuing = await repo.runSummary(['build', '--continue', '--concurrency', '1']);
    expect(continuing.code).toBe(1);
    const byId2 = Object.fromEntries(continuing.summary.tasks.map((t) => [t.id, t]));
    expect(byId2['slow:build'].status).toBe('success');
    expect(byId2['dep:build'].status).toBe('skipped');
  });

  it('unknown task names list the available ones', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig() });
    const r = await repo.ant(['run', 'deploy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no project has a task "deploy"');
    expect(r.stderr).toContain('available tasks: build');
  });

  it('--dry-run=json lists tasks with hashes and runs nothing', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    const r = await repo.ant(['run', 'build', '--dry-run=json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { tasks: { id: string; cache: string; hash: string; dependsOn: string[] }[] };
    expect(parsed.tasks.map((t) => [t.id, t.cache])).toEqual([['a:build', 'miss'], ['b:build', 'miss']]);
    expect(repo.exists('a/dist/out.txt')).toBe(false);
  });

  it('--projects selects by name and glob, with dependencies still run', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    const { summary } = await repo.runSummary(['build', '--projects', 'b']);
    expect(summary.tasks.map((t) => t.id)).toEqual(['a:build', 'b:build']);
    const only = await repo.runSummary(['build', '--projects', 'a']);
    expect(only.summary.tasks.map((t) => t.id)).toEqual(['a:build']);
  });

  it('show projects --json and graph --format json|dot', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig() });
    const projects = JSON.parse((await repo.ant(['show', 'projects', '--json'])).stdout);
    expect(projects).toEqual([
      { name: 'a', language: 'sh', path: 'a', dependencies: [], tasks: ['build'] },
      { name: 'b', language: 'sh', path: 'b', dependencies: ['a'], tasks: ['build'] },
    ]);
    const graph = JSON.parse((await repo.ant(['graph', '--format', 'json'])).stdout);
    expect(graph.tasks).toEqual([
      { id: 'a:build', project: 'a', task: 'build', dependsOn: [], command: expect.any(String) },
      { id: 'b:build', project: 'b', task: 'build', dependsOn: ['a:build'], command: expect.any(String) },
    ]);
    const dot = (await repo.ant(['graph', '--format', 'dot'])).stdout;
    expect(dot).toContain('"b:build" -> "a:build"');
  });

  it('SIGINT stops every task, grandchildren included, and exits 130', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        services: {
          s: {
            language: 'sh',
            path: 's',
            // The script starts a grandchild that would outlive a naive kill of the shell.
            tasks: { build: { command: 'sleep 60 & echo $! > ../grandchild.pid; echo started; wait', cache: false } },
          },
        },
      },
      ...dirs('s'),
    });
    const child = spawn(process.execPath, [ANT_BIN, 'run', 'build'], { cwd: repo.root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 20_000;
      const poll = setInterval(() => {
        if (out.includes('started') && repo.exists('grandchild.pid')) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          child.kill('SIGKILL');
          reject(new Error(`the task never started:\n${out}`));
        }
      }, 50);
    });
    const grandchild = Number(repo.read('grandchild.pid').trim());
    expect(isAlive(grandchild)).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('config `commands` become ant <name> and keep their exit code', async () => {
    const repo = tempRepo({
      'ant.config.json': { ...twoProjectConfig(), commands: { hello: { run: 'echo hi from $0; exit 4', help: 'Say hi', category: 'demo' } } },
    });
    const r = await repo.ant(['hello']);
    expect(r.stdout).toContain('hi from');
    expect(r.code).toBe(4);
    const help = await repo.ant(['--help']);
    expect(help.stdout).toContain('ant hello');
  });
});

/** Project directories with a placeholder file, so they exist in the repo. */
function dirs(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [`${n}/README`, n]));
}

