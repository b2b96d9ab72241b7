import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';
import { freePort, isAlive, startAnt } from '../up/up-harness.js';

const pythonServer = (port: number, pidFile: string) =>
  `echo $$ > ${pidFile}; exec python3 -m http.server ${port} --bind 127.0.0.1`;

describe('ant up failures', () => {
  it('a failing readiness probe is reported with the last 20 log lines; the rest is shut down; exit 1', async () => {
    const [dbPort, apiPort] = [await freePort(), await freePort()];
    const repo = tempRepo({
      'ant.config.json': {
        up: {
          processes: {
            db: { command: pythonServer(dbPort, 'db.pid'), env: { PYTHONUNBUFFERED: '1' }, readiness: { http: `http://127.0.0.1:${dbPort}/`, periodMs: 50 } },
            api: {
              // Talks a lot, never listens on its port.
              command: 'echo $$ > api.pid; for i in $(seq 1 25); do echo "api line $i"; done; exec sleep 300',
              dependsOn: { db: 'healthy' },
              readiness: { tcp: `127.0.0.1:${apiPort}`, periodMs: 100, failureThreshold: 3, initialDelayMs: 100 },
            },
          },
        },
      },
    });
    const up = startAnt(repo.root, ['up']);
    expect(await up.exit).toBe(1);
    const err = up.stderr();
    expect(err).toMatch(new RegExp(`^error process "api" did not become ready: tcp 127\\.0\\.0\\.1:${apiPort} failed 3 times in a row \\(last: connect ECONNREFUSED[^)]*\\); not restarted: restart is "no"$`, 'm'));
    expect(err).toContain('last 20 lines of api (all of them in .ant/up/api.log):\n');
    expect(err).toContain('│ api line 6\n');
    expect(err).toContain('│ api line 25\n');
    expect(err).not.toContain('│ api line 5\n');
    expect(repo.read('.ant/up/api.log')).toContain('api line 1\n');
    expect(up.stdout()).toMatch(/^\[db\]\s+ant: stopping: SIGTERM/m);
    expect(isAlive(Number(repo.read('db.pid')))).toBe(false);
    expect(isAlive(Number(repo.read('api.pid')))).toBe(false);
  });

  it('a crash restarts with exponential backoff until maxRestarts; other processes keep running meanwhile', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        up: {
          processes: {
            steady: { command: 'echo $$ > steady.pid; exec sleep 300' },
            crashy: { command: 'date +%s%3N >> starts.txt; echo boom; exit 3', restart: 'on_failure', maxRestarts: 3, backoffMs: 200 },
          },
        },
      },
    });
    const up = startAnt(repo.root, ['up']);
    expect(await up.exit).toBe(1);
    const starts = repo.read('starts.txt').trim().split('\n').map(Number);
    expect(starts).toHaveLength(4); // the first run and 3 restarts
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    // Each gap is the backoff (200, 400, 800 ms) plus the time to spawn a shell, which on a loaded
    // machine can exceed the backoff itself: assert the floors (the schedule is also in the log
    // lines below) and a loose ceiling, not the spacing between gaps.
    const expected = [200, 400, 800];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i]);
      expect(gap).toBeLessThan(expected[i] + 5000);
    });
    const out = up.stdout();
    expect(out).toContain('[crashy] ant: exited with code 3; restart 1 of 3 in 200 ms');
    expect(out).toContain('[crashy] ant: exited with code 3; restart 2 of 3 in 400 ms');
    expect(out).toContain('[crashy] ant: exited with code 3; restart 3 of 3 in 800 ms');
    expect(up.stderr()).toContain('error process "crashy" exited with code 3; not restarted: gave up after 3 restarts (maxRestarts 3)');
    expect(up.stderr()).toContain('│ boom');
    expect(out).toContain('[steady] ant: stopping');
    expect(isAlive(Number(repo.read('steady.pid')))).toBe(false);
  });

  it('a port already in use is a clear error before anything starts, naming the pid holding it', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void holder.close());
    const port = (holder.address() as net.AddressInfo).port;
    const repo = tempRepo({
      'ant.config.json': {
        up: {
          processes: {
            web: { command: pythonServer(port, 'web.pid'), readiness: { http: `http://127.0.0.1:${port}/` } },
            // No readiness probe, so no pre-check: the process's own EADDRINUSE is reported instead.
            dup: { command: `exec python3 -m http.server ${port} --bind 127.0.0.1` },
          },
        },
      },
    });
    const pre = startAnt(repo.root, ['up', 'web']);
    expect(await pre.exit).toBe(1);
    expect(pre.stderr()).toContain(`error port ${port} is already in use (by pid ${process.pid}: `);
    expect(pre.stderr()).toContain(`"web" needs it (its readiness probe targets 127.0.0.1:${port})`);
    expect(pre.stdout()).not.toContain('[web]');
    expect(repo.exists('web.pid')).toBe(false);

    const late = startAnt(repo.root, ['up', 'dup']);
    expect(await late.exit).toBe(1);
    expect(late.stderr()).toContain('error process "dup" exited with code 1; not restarted: restart is "no"');
    expect(late.stderr()).toMatch(/hint: its address was already in use \(".*Address already in use.*"\)/);
  });

  it('config errors: an unknown dependency and a cycle, with file, field and hint; exit 2', async () => {
    const repo = tempRepo({
      'ant.config.json': { up: { processes: { api: { command: 'true', dependsOn: { dynamo: 'healthy' } }, dynamodb: { command: 'true' } } } },
    });
    const unknown = await repo.ant(['up']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error ant.config.json: up.processes.api.dependsOn.dynamo: process "api" depends on unknown process "dynamo"\nhint: known processes: api, dynamodb\n',
    );
    repo.write({ 'ant.config.json': { up: { processes: { a: { command: 'true', dependsOn: { b: 'started' } }, b: { command: 'true', dependsOn: { a: 'started' } } } } } });
    const cycle = await repo.ant(['up']);
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toBe('error ant.config.json: up.processes.a.dependsOn: process dependency cycle: a → b → a\nhint: remove one of these dependsOn entries\n');
    const unknownName = await repo.ant(['up', 'nope']);
    expect(unknownName.code).toBe(2);
    expect(unknownName.stderr).toContain('unknown process nope');
  });
});
