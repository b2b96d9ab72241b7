/**
 * Hostile remote servers against the whole `ant run` (the client alone is covered by
 * test/cache/remote-hostile.test.ts): a node:http server on 127.0.0.1 that hangs, resets, answers
 * 500, answers 200 with garbage, drips bytes, cuts a body short, or accepts downloads and hangs on
 * uploads. With `remoteCache.timeoutMs` small in ant.config.json, every run exits 0 with correct
 * outputs, warns about the remote exactly once, and finishes within the configured timeouts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempRepo, twoProjectConfig } from '../helpers/temp-repo.js';
import { count, reportFigures } from './figures.js';
import { scratchDir } from './helpers.js';

reportFigures('hostile-server');

const TOKEN = 'hostile-server-token-7d1e0b9a44';
// Small next to the defaults (10 s headers, 30 s body, 60 s upload), large enough that a loaded
// two-core machine answers a well-behaved request in time.
const TIMEOUT_MS = 1000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function hostileServer(handler: Handler): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const hang: Handler = () => undefined;
const drip = (res: ServerResponse, total: number) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
  res.write(Buffer.from([0x1f, 0x8b]));
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write(Buffer.from([0]));
  }, 150);
  res.on('close', () => clearInterval(timer));
};

/** Each mode, and the warning it must give (naming what went wrong). */
const MODES: Record<string, [Handler, RegExp]> = {
  hangs: [hang, /no response within 1000 ms/],
  'resets the connection': [(req) => req.socket.destroy(), /other side closed|ECONNRESET|socket/i],
  'answers 500': [(_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"boom"}'), /HTTP 500: boom/],
  'answers 200 with garbage': [(req, res) => res.writeHead(200).end(req.method === 'GET' ? 'garbage, not gzip' : '{}'), /not an ant artifact/],
  'drips bytes slowly': [(req, res) => (req.method === 'GET' ? drip(res, 100_000) : res.writeHead(200).end('{}')), /body did not finish within 1000 ms/],
  'sends headers, then half a body, then stalls': [
    (req, res) => {
      if (req.method !== 'GET') return void res.writeHead(200).end('{}');
      res.writeHead(200, { 'content-length': '4096' });
      res.write(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(1000)]));
    },
    /body did not finish within 1000 ms/,
  ],
  'claims a 50 GB body': [
    (req, res) => {
      if (req.method !== 'GET') return void res.writeHead(200).end('{}');
      res.writeHead(200, { 'content-length': String(50 * 1024 ** 3) });
      res.write(Buffer.from([0x1f, 0x8b]));
    },
    /too large/,
  ],
  // PUT: read the body, never answer.
  'misses fast, then hangs on uploads': [(req, res) => void (req.method === 'GET' && res.writeHead(404).end('{"message":"not found"}')), /no response within 1000 ms/],
  'misses fast, then resets uploads': [(req, res) => (req.method === 'GET' ? res.writeHead(404).end('{}') : req.socket.destroy()), /other side closed|ECONNRESET|socket/i],
};

describe('ant run against a hostile remote cache server', () => {
  it(`${Object.keys(MODES).length} misbehaviours: exit 0, one warning, within the configured timeouts`, async () => {
    const config = (url: string) => twoProjectConfig({ remoteCache: { url, team: 'platform', timeoutMs: TIMEOUT_MS } });
    // The same run without a remote, in every batch: what a run costs on this machine right now.
    const baseline = async () => {
      const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
      const started = Date.now();
      await repo.runSummary(['build'], { env: { ANT_CACHE_DIR: await scratchDir() } });
      return Date.now() - started;
    };
    const one = async ([mode, [handler]]: [string, [Handler, RegExp]]) => {
      const url = await hostileServer(handler);
      const repo = tempRepo({ 'ant.config.json': config(url), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
      const started = Date.now();
      const run = await repo.runSummary(['build'], { env: { ANT_CACHE_DIR: await scratchDir(), ANT_REMOTE_CACHE_TOKEN: TOKEN } });
      return { mode, run, ms: Date.now() - started, out: repo.read('b/dist/out.txt') };
    };
    // Two modes and a baseline at a time: quick, yet the baseline sees the same load, and few
    // enough that the load does not time out a well-behaved request and hide the misbehaviour.
    const entries = Object.entries(MODES);
    const results: (Awaited<ReturnType<typeof one>> & { baselineMs: number })[] = [];
    for (let i = 0; i < entries.length; i += 2) {
      const [baselineMs, ...batch] = await Promise.all([baseline(), ...entries.slice(i, i + 2).map(one)]);
      results.push(...batch.map((r) => ({ ...(r as Awaited<ReturnType<typeof one>>), baselineMs: baselineMs as number })));
    }
    count({ hostileCases: results.length, faultsInjected: results.length });
    if (process.env.ANT_RELIABILITY_VERBOSE) for (const r of results) console.log(r.mode, r.ms, r.run.stdout.split("\n").filter((l) => l.startsWith("warning")));
    for (const { mode, run, ms, out, baselineMs } of results) {
      const what = `${mode} (${ms} ms, baseline ${baselineMs} ms)\n${run.stdout}\n${run.stderr}`;
      expect(run.code, what).toBe(0);
      expect(out, what).toBe('A\nB\n');
      expect(run.summary.tasks.map((t) => t.status), what).toEqual(['success', 'success']);
      const warnings = run.stdout.split('\n').filter((line) => line.startsWith('warning'));
      expect(warnings, what).toHaveLength(1);
      expect(warnings[0], what).toMatch(/remote cache/);
      expect(warnings[0], what).toMatch(MODES[mode]![1]);
      expect(run.stdout + run.stderr, what).not.toContain(TOKEN);
      // The baseline plus a few deadlines (headers, body, upload), retry backoff and slack for a
      // loaded machine: far below what the defaults (10 s headers, 30 s body, 60 s upload) allow.
      expect(ms, what).toBeLessThan(1.5 * baselineMs + 3 * TIMEOUT_MS + 2500);
    }
  });
});
