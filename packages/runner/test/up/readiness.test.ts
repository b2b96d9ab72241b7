import http from 'node:http';
import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { probeOnce, waitUntilReady } from '../../src/up/readiness.js';
import { findPortConflicts, listeningProcess } from '../../src/up/port-check.js';
import type { ProcessSpec, ReadinessSpec } from '../../src/up/process-spec.js';

const ctx = { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '' } };

async function server(status: number): Promise<number> {
  const s = http.createServer((_req, res) => {
    res.statusCode = status;
    if (status === 302) res.setHeader('location', '/elsewhere');
    res.end('x');
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => void s.close());
  return (s.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('readiness probes', () => {
  it('http passes on 2xx and 3xx, fails on 5xx and on a closed port', async () => {
    for (const [status, ok] of [[200, true], [302, true], [503, false]] as const) {
      const port = await server(status);
      expect(await probeOnce({ kind: 'http', url: `http://127.0.0.1:${port}/` }, 1000, ctx)).toEqual({ ok, detail: `HTTP ${status}` });
    }
    const closed = await closedPort();
    expect(await probeOnce({ kind: 'http', url: `http://127.0.0.1:${closed}/` }, 1000, ctx)).toMatchObject({ ok: false, detail: expect.stringContaining('ECONNREFUSED') });
  });

  it('tcp connects; exec passes on exit 0', async () => {
    const port = await server(200);
    expect((await probeOnce({ kind: 'tcp', host: '127.0.0.1', port }, 1000, ctx)).ok).toBe(true);
    expect((await probeOnce({ kind: 'tcp', host: '127.0.0.1', port: await closedPort() }, 1000, ctx)).ok).toBe(false);
    expect((await probeOnce({ kind: 'exec', command: 'exit 0' }, 1000, ctx)).ok).toBe(true);
    expect(await probeOnce({ kind: 'exec', command: 'echo nope; exit 3' }, 1000, ctx)).toEqual({ ok: false, detail: 'exit 3: nope' });
    expect(await probeOnce({ kind: 'exec', command: 'sleep 5' }, 200, ctx)).toEqual({ ok: false, detail: 'still running after 200 ms' });
  });

  it('fails after failureThreshold consecutive failures, period apart, after the initial delay', async () => {
    const readiness: ReadinessSpec = { probe: { kind: 'tcp', host: '127.0.0.1', port: await closedPort() }, periodMs: 100, timeoutMs: 500, initialDelayMs: 200, failureThreshold: 4 };
    const start = Date.now();
    const outcome = await waitUntilReady(readiness, { ...ctx, signal: new AbortController().signal, logMatched: new Promise(() => undefined) });
    const elapsed = Date.now() - start;
    expect(outcome).toMatchObject({ ready: false, reason: expect.stringMatching(/^tcp 127\.0\.0\.1:\d+ failed 4 times in a row \(last: connect ECONNREFUSED/) });
    expect(elapsed).toBeGreaterThanOrEqual(200 + 3 * 100);
    expect(elapsed).toBeLessThan(2000);
  });

  it('log probe passes on a matching line, fails at its deadline', async () => {
    const readiness: ReadinessSpec = { probe: { kind: 'log', pattern: /ready/ }, periodMs: 50, timeoutMs: 500, initialDelayMs: 0, failureThreshold: 2 };
    const signal = new AbortController().signal;
    const ok = await waitUntilReady(readiness, { ...ctx, signal, logMatched: Promise.resolve('server ready') });
    expect(ok).toMatchObject({ ready: true, detail: 'log line "server ready"' });
    const late = await waitUntilReady(readiness, { ...ctx, signal, logMatched: new Promise(() => undefined) });
    expect(late).toEqual({ ready: false, reason: 'no output line matched /ready/ within 100 ms' });
  });

  it('port pre-check finds a bound readiness port and who holds it', async () => {
    const port = await server(200);
    expect(listeningProcess(port)?.pid).toBe(process.pid);
    const spec = { name: 'api', readiness: { probe: { kind: 'http', url: `http://localhost:${port}/health` } } } as unknown as ProcessSpec;
    const free = { name: 'db', readiness: { probe: { kind: 'tcp', host: '127.0.0.1', port: await closedPort() } } } as unknown as ProcessSpec;
    const conflicts = await findPortConflicts([spec, free]);
    expect(conflicts).toEqual([{ process: 'api', host: 'localhost', port, owner: { pid: process.pid, command: expect.any(String) } }]);
  });
});
