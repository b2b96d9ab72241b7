/**
 * The remote client against small misbehaving servers (node:http on 127.0.0.1): hangs, resets,
 * 5xx, garbage, truncation, slow drips. Each call must end within its deadline plus slack, resolve
 * (never reject), and warn once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RemoteCache, type RemoteCacheOptions } from '../../src/cache/remote-cache.js';
import { signArtifact } from '../../src/cache/signature.js';
import { freePort } from '../helpers/remote-cache-server.js';

const TOKEN = 'hostile-test-token-5f2a9c';
const ARTIFACT = gzipSync(Buffer.from('pretend this is a tar'));
// Generous deadlines and slack: these tests run beside heavy suites on two cores, where a local
// server can take a second to answer. They check bounds, not speed.
const HEADER_MS = 2000;
const BODY_MS = 2400;
const UPLOAD_MS = 3200;
const SLACK_MS = 1500;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Starts a server answering with `handler`; records every request it sees. */
async function hostile(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      handler(req, res, seen.length);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function client(url: string, options: Partial<RemoteCacheOptions> = {}) {
  const warnings: string[] = [];
  const remote = new RemoteCache({ url, token: TOKEN, slug: 'platform', timeoutMs: HEADER_MS, bodyTimeoutMs: BODY_MS, uploadTimeoutMs: UPLOAD_MS, ...options, warn: (m) => warnings.push(m) });
  onTestFinished(() => {
    for (const w of warnings) expect(w).not.toContain(TOKEN);
  });
  return { remote, warnings };
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

describe('RemoteCache against hostile servers', () => {
  it('sends what Turborepo servers expect', async () => {
    const s = await hostile((req, res) => {
      res.writeHead(req.method === 'PUT' ? 200 : 404).end('{}');
    });
    const key = 'k'.repeat(40);
    const { remote } = client(s.url, { teamId: 'team_abc', slug: undefined, signatureKey: key });
    await remote.put('0123456789abcdef', ARTIFACT, 1234.6);
    await remote.get('0123456789abcdef');
    const [put, get] = s.seen;
    expect(put).toMatchObject({ method: 'PUT', url: '/v8/artifacts/0123456789abcdef?teamId=team_abc' });
    expect(put!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/octet-stream',
      'x-artifact-duration': '1235',
      'x-artifact-tag': signArtifact(key, '0123456789abcdef', 'team_abc', ARTIFACT),
      'content-length': String(ARTIFACT.length),
    });
    expect(put!.body.equals(ARTIFACT)).toBe(true);
    expect(get).toMatchObject({ method: 'GET', url: '/v8/artifacts/0123456789abcdef?teamId=team_abc' });
  });

  it('keeps a path prefix in the base URL', async () => {
    const s = await hostile((_req, res) => res.writeHead(404).end());
    await client(`${s.url}/cache/`).remote.get('abc');
    expect(s.seen[0]!.url).toBe('/cache/v8/artifacts/abc?slug=platform');
  });

  it('a server that never answers: resolves after timeoutMs, one warning', async () => {
    const s = await hostile(() => undefined);
    const { remote, warnings } = client(s.url);
    const { value, ms } = await timed(remote.get('aaaa'));
    expect(value).toBeUndefined();
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(HEADER_MS + SLACK_MS);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`no response within ${HEADER_MS} ms`))]);
    // Timeouts are not retried, and the client is now off: no more requests, no more waiting.
    expect(s.seen).toHaveLength(1);
    expect((await timed(remote.get('bbbb'))).ms).toBeLessThan(300);
    expect(s.seen).toHaveLength(1);
  });

  it('connection resets: retried, then given up, quickly', async () => {
    const s = await hostile((req) => req.socket.destroy());
    const { remote, warnings } = client(s.url, { retries: 2 });
    const { value, ms } = await timed(remote.get('aaaa'));
    expect(value).toBeUndefined();
    expect(s.seen).toHaveLength(3);
    expect(ms).toBeLessThan(300 + SLACK_MS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/unreachable or too slow/);
  });

  it('nothing listening: refused, one warning across many concurrent calls', async () => {
    const port = await freePort();
    const { remote, warnings } = client(`http://127.0.0.1:${port}`);
    const { value, ms } = await timed(Promise.all(Array.from({ length: 10 }, (_, i) => remote.get(`h${i}`))));
    expect(value.every((v) => v === undefined)).toBe(true);
    expect(ms).toBeLessThan(300 + SLACK_MS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ECONNREFUSED/);
  });

  it('HTTP 500: retried twice, then gives up with the server message', async () => {
    const s = await hostile((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"disk on fire"}'));
    const { remote, warnings } = client(s.url);
    expect(await remote.get('aaaa')).toBeUndefined();
    expect(s.seen).toHaveLength(3);
    expect(warnings).toEqual([expect.stringMatching(/HTTP 500: disk on fire/)]);
  });

  it('a 503 that recovers: the retry gets the artifact', async () => {
    const s = await hostile((_req, res, n) => (n === 1 ? res.writeHead(503).end() : res.writeHead(200).end(ARTIFACT)));
    const { remote, warnings } = client(s.url);
    expect((await remote.get('aaaa'))?.equals(ARTIFACT)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('200 with garbage: a miss, one warning', async () => {
    const s = await hostile((_req, res) => res.writeHead(200).end('<html>login page</html>'));
    const { remote, warnings } = client(s.url);
    expect(await remote.get('aaaa')).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/not an ant artifact/)]);
  });

  it('a body shorter than its Content-Length: a miss, one warning', async () => {
    const s = await hostile((_req, res) => {
      res.writeHead(200, { 'content-length': String(ARTIFACT.length + 1000) });
      res.write(ARTIFACT);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { remote, warnings } = client(s.url);
    const { value, ms } = await timed(remote.get('aaaa'));
    expect(value).toBeUndefined();
    expect(ms).toBeLessThan(BODY_MS + SLACK_MS);
    expect(warnings).toHaveLength(1);
  });

  it('a slow drip: stopped at bodyTimeoutMs', async () => {
    const s = await hostile((_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write(ARTIFACT.subarray(0, 2));
      const timer = setInterval(() => res.write(Buffer.from([0])), 100);
      res.on('close', () => clearInterval(timer));
    });
    const { remote, warnings } = client(s.url);
    const { value, ms } = await timed(remote.get('aaaa'));
    expect(value).toBeUndefined();
    expect(ms).toBeLessThan(BODY_MS + SLACK_MS);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`body did not finish within ${BODY_MS} ms`))]);
  });

  it('too large: a miss with a warning, the client stays on', async () => {
    const s = await hostile((_req, res) => res.writeHead(200).end(Buffer.concat([ARTIFACT, Buffer.alloc(5000)])));
    const { remote, warnings } = client(s.url, { maxBytes: 1000 });
    expect(await remote.get('aaaa')).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/too large/)]);
    expect(remote.enabled).toBe(true);
  });

  it('uploads: a failing PUT never throws and warns once', async () => {
    const s = await hostile((_req, res) => res.writeHead(500).end());
    const { remote, warnings } = client(s.url, { retries: 0 });
    await expect(remote.put('a', ARTIFACT, 1)).resolves.toBeUndefined();
    await expect(remote.put('b', ARTIFACT, 1)).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(s.seen).toHaveLength(1);
  });

  it('flush() abandons uploads that outlive its deadline', async () => {
    const s = await hostile(() => undefined);
    const { remote, warnings } = client(s.url, { uploadTimeoutMs: 60_000 });
    void remote.put('a', ARTIFACT, 1);
    void remote.put('b', ARTIFACT, 1);
    const { ms } = await timed(remote.flush(300));
    expect(ms).toBeLessThan(300 + SLACK_MS);
    expect(remote.stats.abandoned).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/2 upload\(s\) did not finish within 300 ms/)]);
  });

  it('flush() waits for uploads that finish in time', async () => {
    const s = await hostile((_req, res) => setTimeout(() => res.writeHead(200).end('{}'), 150));
    const { remote } = client(s.url);
    void remote.put('a', ARTIFACT, 1);
    await remote.flush(5000);
    expect(remote.stats).toMatchObject({ uploads: 1, abandoned: 0 });
  });

  it('a warn callback that throws does not make get() reject', async () => {
    const s = await hostile((_req, res) => res.writeHead(500).end());
    const remote = new RemoteCache({ url: s.url, retries: 0, warn: () => {
      throw new Error('reporter bug');
    } });
    await expect(remote.get('aaaa')).resolves.toBeUndefined();
    await expect(remote.put('aaaa', ARTIFACT, 1)).resolves.toBeUndefined();
  });
});
