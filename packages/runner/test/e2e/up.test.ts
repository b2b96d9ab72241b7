import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';
import { freePort, isAlive, noteTime, startAnt } from '../up/up-harness.js';

/** A node HTTP server that starts listening after `delay` ms and leaves a sleeping grandchild. */
const NODE_SERVER = `
const fs = require('fs');
const http = require('http');
const [port, delay] = process.argv.slice(2).map(Number);
fs.writeFileSync('node.pid', String(process.pid));
setTimeout(() => {
  http.createServer((req, res) => res.end('node ok')).listen(port, '127.0.0.1', () => {
    fs.writeFileSync('node.listening', String(Date.now()));
    console.log('node listening on', port);
  });
}, delay);
`;

/** A Go net/http server that writes its pid and start time. */
const GO_SERVER = `package main

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	os.WriteFile("go.pid", []byte(strconv.Itoa(os.Getpid())), 0o644)
	os.WriteFile("go.start", []byte(strconv.FormatInt(time.Now().UnixMilli(), 10)), 0o644)
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "go ok") })
	fmt.Println("go listening on", os.Args[1])
	if err := http.ListenAndServe("127.0.0.1:"+os.Args[1], nil); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
`;

/** node (a) ← python (b, healthy a) ← go task process (c, healthy b), plus an `it` project with checks. */
function platform(ports: { node: number; py: number; go: number }) {
  return {
    'ant.config.json': {
      services: {
        gosrv: {
          language: 'sh',
          path: 'gosrv',
          tasks: {
            build: { command: 'go build -buildvcs=false -o bin/server . && echo built go', outputs: ['bin/**'], inputs: ['*.go', 'go.mod'] },
            serve: { command: `exec ./bin/server ${ports.go}`, dependsOn: ['build'], persistent: true },
          },
        },
        it: {
          language: 'sh',
          path: 'it',
          tasks: {
            check: {
              command: `node -e "fetch('http://127.0.0.1:${ports.go}/').then(r => r.text()).then(t => { console.log('got', t); process.exit(t === 'go ok' ? 0 : 1) })"`,
              cache: false,
            },
            fail: { command: 'echo failing on purpose; exit 5', cache: false },
          },
        },
      },
      up: {
        processes: {
          a: {
            command: `sleep 300 & echo $! > sleep.pid; node server.js ${ports.node} 700`,
            cwd: 'node',
            readiness: { http: `http://127.0.0.1:${ports.node}/`, periodMs: 50 },
          },
          b: {
            command: `echo $$ > py.pid; date +%s%3N > py.start; exec python3 -m http.server ${ports.py} --bind 127.0.0.1`,
            cwd: 'py',
            env: { PYTHONUNBUFFERED: '1' },
            dependsOn: { a: 'healthy' },
            readiness: { http: `http://127.0.0.1:${ports.py}/`, periodMs: 50 },
          },
          c: { task: 'gosrv:serve', dependsOn: { b: 'healthy' }, readiness: { tcp: `127.0.0.1:${ports.go}`, periodMs: 50 } },
        },
      },
    },
    'node/server.js': NODE_SERVER,
    'py/index.html': 'py ok\n',
    'gosrv/go.mod': 'module gosrv\n\ngo 1.21\n',
    'gosrv/main.go': GO_SERVER,
    'it/README': 'integration checks\n',
  };
}

async function ports() {
  return { node: await freePort(), py: await freePort(), go: await freePort() };
}

describe('ant up', () => {
  it('starts node, python and go servers in readiness order, and Ctrl-C stops all of them (grandchildren too) in reverse order', async () => {
    const p = await ports();
    const repo = tempRepo(platform(p));
    const up = startAnt(repo.root, ['up']);
    await up.waitFor(/\[c\]\s+ant: ready/, 60_000);

    // Every server answers.
    expect(await (await fetch(`http://127.0.0.1:${p.node}/`)).text()).toBe('node ok');
    expect(await (await fetch(`http://127.0.0.1:${p.py}/`)).text()).toBe('py ok\n');
    expect(await (await fetch(`http://127.0.0.1:${p.go}/`)).text()).toBe('go ok');

    // Order follows readiness: b started only after a's probe passed, c only after b's.
    const aLog = repo.read('.ant/up/a.log');
    const bLog = repo.read('.ant/up/b.log');
    const aListening = Number(repo.read('node/node.listening'));
    const aReady = noteTime(aLog, 'ready');
    const bStarted = Number(repo.read('py/py.start'));
    const bReady = noteTime(bLog, 'ready');
    const cStarted = Number(repo.read('gosrv/go.start'));
    expect(aReady).toBeGreaterThanOrEqual(aListening);
    expect(bStarted).toBeGreaterThanOrEqual(aReady);
    expect(cStarted).toBeGreaterThanOrEqual(bReady);
    expect(noteTime(bLog, 'started')).toBeGreaterThanOrEqual(aListening);

    // The task's dependency was built through the graph first; the persistent task ran as the process.
    expect(up.stdout()).toContain('gosrv:build | built go');
    // Prefixed lines side by side, and the same lines in the log files.
    expect(up.stdout()).toMatch(/^\[a\] node listening on \d+$/m);
    expect(up.stdout()).toMatch(/^\[b\] Serving HTTP on 127\.0\.0\.1 port \d+/m);
    expect(up.stdout()).toMatch(/^\[c\] go listening on \d+$/m);
    expect(aLog).toMatch(/^\S+Z node listening on/m);
    expect(repo.read('.ant/up/c.log')).toContain('go listening on');

    const pids = {
      node: Number(repo.read('node/node.pid')),
      sleep: Number(repo.read('node/sleep.pid')),
      py: Number(repo.read('py/py.pid')),
      go: Number(repo.read('gosrv/go.pid')),
    };
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(true);

    up.child.kill('SIGINT');
    expect(await up.exit).toBe(130);
    for (const [name, pid] of Object.entries(pids)) expect({ name, alive: isAlive(pid) }).toEqual({ name, alive: false });

    // Reverse dependency order: c is gone before b is signalled, b before a.
    const out = up.stdout();
    expect(out.indexOf('[c] ant: stopped')).toBeGreaterThan(-1);
    expect(out.indexOf('[c] ant: stopped')).toBeLessThan(out.indexOf('[b] ant: stopping'));
    expect(out.indexOf('[b] ant: stopped')).toBeLessThan(out.indexOf('[a] ant: stopping'));
    expect(up.stderr()).toContain('interrupted: every process stopped');
  });

  it('completed_successfully waits for a one-shot to exit 0; a log readiness probe gates its dependent', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        up: {
          processes: {
            migrate: { command: 'sleep 0.3; echo migrated' },
            api: { command: 'echo $$ > api.pid; echo warming; sleep 0.2; echo "api up"; exec sleep 300', dependsOn: { migrate: 'completed_successfully' }, readiness: { log: '^api up$' } },
            worker: { command: 'echo $$ > worker.pid; exec sleep 300', dependsOn: { api: 'healthy' } },
          },
        },
      },
    });
    const up = startAnt(repo.root, ['up', 'worker']);
    await up.waitFor(/\[worker\]\s+ant: started/);
    const migrateLog = repo.read('.ant/up/migrate.log');
    const apiLog = repo.read('.ant/up/api.log');
    expect(noteTime(apiLog, 'started')).toBeGreaterThanOrEqual(noteTime(migrateLog, 'exited with code 0'));
    expect(apiLog).toMatch(/ant: ready after \d+ ms \(log line "api up"\)/);
    expect(noteTime(repo.read('.ant/up/worker.log'), 'started')).toBeGreaterThanOrEqual(noteTime(apiLog, 'ready'));
    up.child.kill('SIGTERM');
    expect(await up.exit).toBe(130);
    expect(isAlive(Number(repo.read('api.pid')))).toBe(false);
    expect(isAlive(Number(repo.read('worker.pid')))).toBe(false);
  });

  it('--run runs tasks once the services are ready, then stops them and exits with the run\'s code; the task build is cached', async () => {
    const p = await ports();
    const repo = tempRepo(platform(p));
    // The --run string is split like shell words: a quoted file name with a space stays one argument.
    const first = startAnt(repo.root, ['up', 'c', '--run', "it:check --summarize='run summary.json'"]);
    expect(await first.exit).toBe(0);
    expect(JSON.parse(repo.read('run summary.json')).tasks.map((t: { id: string }) => t.id)).toContain('it:check');
    expect(first.stdout()).toContain('gosrv:build | built go');
    expect(first.stdout()).toContain('it:check | got go ok');
    // `up c` brought up its dependencies, in order.
    const out = first.stdout();
    expect(out.indexOf('[a] ant: ready')).toBeLessThan(out.indexOf('[b] ant: started'));
    expect(out.indexOf('[b] ant: ready')).toBeLessThan(out.indexOf('[c] ant: started'));
    expect(out.indexOf('[c] ant: ready')).toBeLessThan(out.indexOf('it:check | got'));
    for (const file of ['node/node.pid', 'node/sleep.pid', 'py/py.pid', 'gosrv/go.pid']) expect(isAlive(Number(repo.read(file)))).toBe(false);

    const second = startAnt(repo.root, ['up', 'c', '--run', 'it:fail']);
    expect(await second.exit).toBe(1);
    expect(second.stdout()).toMatch(/gosrv:build \| cache hit/);
    expect(second.stdout()).toContain('it:fail | failing on purpose');
    expect(isAlive(Number(repo.read('gosrv/go.pid')))).toBe(false);
  });
});
