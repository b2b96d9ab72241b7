/**
 * The remote client against the real turborepo-remote-cache server (DESIGN §6).
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { packArtifact, unpackArtifact } from '../../src/cache/artifact.js';
import { RemoteCache, type RemoteCacheOptions } from '../../src/cache/remote-cache.js';
import { startRemoteCacheServer, type RemoteCacheServerOptions } from '../helpers/remote-cache-server.js';
import { listTree, tempDir } from './artifact-fixtures.js';

const SIGNATURE_KEY = 'a-signature-key-that-is-long-enough-0123456789';

async function server(options: RemoteCacheServerOptions = {}) {
  const s = await startRemoteCacheServer(options);
  onTestFinished(() => s.stop());
  return s;
}

/** A client that records its warnings, and a check that no warning leaks a secret. */
function client(options: RemoteCacheOptions) {
  const warnings: string[] = [];
  const remote = new RemoteCache({ timeoutMs: 3000, ...options, warn: (m) => warnings.push(m) });
  const noSecrets = () => {
    for (const w of warnings) {
      if (options.token) expect(w).not.toContain(options.token);
      if (options.signatureKey) expect(w).not.toContain(options.signatureKey);
    }
  };
  onTestFinished(noSecrets);
  return { remote, warnings };
}

async function artifact(hash: string, content = 'hello\n'): Promise<Buffer> {
  const src = await tempDir();
  await mkdir(path.join(src, 'p/dist'), { recursive: true });
  await writeFile(path.join(src, 'p/dist/out.txt'), content);
  return packArtifact(src, ['p/dist', 'p/dist/out.txt'], { hash, taskId: 'p:build', durationMs: 42, createdAt: '2025-01-01T00:00:00Z' }, Buffer.from('built\n'));
}

async function storedFiles(dir: string): Promise<string[]> {
  return (await listTree(dir)).filter((line) => line.startsWith('f '));
}

describe('RemoteCache against turborepo-remote-cache', () => {
  it('put, then get the identical bytes from a second client, and restore them', async () => {
    const s = await server();
    const body = await artifact('aaaa000011112222');
    const writer = client({ url: s.url, token: s.token, slug: 'platform' });
    await writer.remote.put('aaaa000011112222', body, 42);
    await writer.remote.flush();
    expect(await storedFiles(s.storageDir)).toEqual(['f platform/aaaa000011112222']);

    const reader = client({ url: s.url, token: s.token, slug: 'platform' });
    const got = await reader.remote.get('aaaa000011112222');
    expect(got?.equals(body)).toBe(true);
    expect(await reader.remote.get('ffff000011112222')).toBeUndefined();
    expect(reader.remote.stats).toMatchObject({ hits: 1, misses: 1 });
    const dst = await tempDir();
    await unpackArtifact(got!, dst, { allowedRoots: ['p'], hash: 'aaaa000011112222' });
    expect(await readFile(path.join(dst, 'p/dist/out.txt'), 'utf8')).toBe('hello\n');
    expect([...writer.warnings, ...reader.warnings]).toEqual([]);
  });

  it('a team_ id goes out as teamId and names the same storage', async () => {
    const s = await server();
    const writer = client({ url: s.url, token: s.token, teamId: 'team_abc' });
    await writer.remote.put('bbbb000011112222', await artifact('bbbb000011112222'), 1);
    expect(await storedFiles(s.storageDir)).toEqual(['f team_abc/bbbb000011112222']);
    // Another team does not see it.
    const other = client({ url: s.url, token: s.token, slug: 'someone-else' });
    expect(await other.remote.get('bbbb000011112222')).toBeUndefined();
    expect(other.warnings).toEqual([]);
  });

  it('a wrong token: undefined, one warning saying the token was rejected, then local-only', async () => {
    const s = await server();
    const token = 'wrong-token-0123456789-secret';
    const { remote, warnings } = client({ url: s.url, token, slug: 'platform' });
    expect(await remote.get('cccc000011112222')).toBeUndefined();
    await remote.put('cccc000011112222', await artifact('cccc000011112222'), 1);
    expect(await remote.get('cccc000011112222')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/rejected the token \(HTTP 401/);
    expect(warnings[0]).toMatch(/local cache only/);
    expect(remote.enabled).toBe(false);
    expect(await storedFiles(s.storageDir)).toEqual([]);
  });

  it('a server killed mid-run: calls resolve quickly to undefined, with one warning', async () => {
    const s = await server();
    const { remote, warnings } = client({ url: s.url, token: s.token, slug: 'platform' });
    await remote.put('dddd000011112222', await artifact('dddd000011112222'), 1);
    expect(await remote.get('dddd000011112222')).toBeDefined();
    await s.kill('SIGKILL');

    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => remote.get(`eeee00001111222${i}`)));
    expect(results.every((r) => r === undefined)).toBe(true);
    await remote.put('ffff000011112222', await artifact('ffff000011112222'), 1);
    expect(await remote.get('dddd000011112222')).toBeUndefined();
    // Two retries with 100 + 200 ms backoff on a refused connection: well under the 3 s header
    // deadline, even on a loaded machine.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not usable: unreachable/);
  });

  it('signed artifacts: verified on download; tampered body or old-scheme tag is a miss with a warning', async () => {
    const s = await server({ signatures: true });
    const hash = '1234567890abcdef';
    const body = await artifact(hash);
    const writer = client({ url: s.url, token: s.token, slug: 'platform', signatureKey: SIGNATURE_KEY });
    await writer.remote.put(hash, body, 1);
    const tag = (await readFile(path.join(s.storageDir, 'platform', `${hash}.tag`), 'utf8')).trim();
    expect(tag).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    const reader = client({ url: s.url, token: s.token, slug: 'platform', signatureKey: SIGNATURE_KEY });
    expect((await reader.remote.get(hash))?.equals(body)).toBe(true);

    // Tamper with the stored body: the tag no longer matches.
    const tampered = Buffer.from(body);
    tampered[tampered.length - 12] = tampered[tampered.length - 12]! ^ 0xff;
    await writeFile(path.join(s.storageDir, 'platform', hash), tampered);
    const victim = client({ url: s.url, token: s.token, slug: 'platform', signatureKey: SIGNATURE_KEY });
    expect(await victim.remote.get(hash)).toBeUndefined();
    expect(victim.warnings).toHaveLength(1);
    expect(victim.warnings[0]).toMatch(/invalid signature/);
    // A signature failure is about one artifact: the client stays on.
    expect(victim.remote.enabled).toBe(true);

    // Restore the body but swap in a v1-scheme tag (HMAC over hash ‖ teamId ‖ body).
    await writeFile(path.join(s.storageDir, 'platform', hash), body);
    const v1 = createHmac('sha256', SIGNATURE_KEY).update(hash).update('').update(body).digest('base64');
    await writeFile(path.join(s.storageDir, 'platform', `${hash}.tag`), v1);
    const again = client({ url: s.url, token: s.token, slug: 'platform', signatureKey: SIGNATURE_KEY });
    expect(await again.remote.get(hash)).toBeUndefined();
    expect(again.warnings[0]).toMatch(/invalid signature/);

    // Another key: a miss too.
    const stranger = client({ url: s.url, token: s.token, slug: 'platform', signatureKey: `${SIGNATURE_KEY}-other` });
    await writeFile(path.join(s.storageDir, 'platform', `${hash}.tag`), tag);
    expect(await stranger.remote.get(hash)).toBeUndefined();
  });

  it('an unsigned artifact is a miss for a client with a key', async () => {
    const s = await server();
    const hash = '00000000000000aa';
    await client({ url: s.url, token: s.token, slug: 'platform' }).remote.put(hash, await artifact(hash), 1);
    const { remote, warnings } = client({ url: s.url, token: s.token, slug: 'platform', signatureKey: SIGNATURE_KEY });
    expect(await remote.get(hash)).toBeUndefined();
    expect(warnings[0]).toMatch(/has no signature/);
  });

  it('readOnly never uploads', async () => {
    const s = await server();
    const { remote, warnings } = client({ url: s.url, token: s.token, slug: 'platform', readOnly: true });
    await remote.put('abababababababab', await artifact('abababababababab'), 1);
    await remote.flush();
    expect(await readdir(s.storageDir)).toEqual([]);
    expect(await remote.get('abababababababab')).toBeUndefined();
    expect(remote.stats).toMatchObject({ uploads: 0, misses: 1 });
    expect(warnings).toEqual([]);
  });

  it('a read-only server: the upload refusal is one warning, downloads keep working', async () => {
    const s = await server({ readOnly: true });
    const { remote, warnings } = client({ url: s.url, token: s.token, slug: 'platform' });
    await remote.put('acacacacacacacac', await artifact('acacacacacacacac'), 1);
    await remote.put('adadadadadadadad', await artifact('adadadadadadadad'), 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/refused an upload \(HTTP 403/);
    expect(await remote.get('acacacacacacacac')).toBeUndefined();
    expect(remote.enabled).toBe(true);
  });

  it('status(): ok with the right token; tokenAccepted false with a wrong one', async () => {
    const s = await server();
    const good = await client({ url: s.url, token: s.token, slug: 'platform' }).remote.status();
    expect(good).toMatchObject({ ok: true, status: 'enabled', tokenAccepted: true });
    expect(good.message).toMatch(/token accepted/);

    const token = 'not-the-token-987654321';
    const bad = await client({ url: s.url, token, slug: 'platform' }).remote.status();
    expect(bad).toMatchObject({ ok: false, status: 'enabled', tokenAccepted: false });
    expect(bad.message).toMatch(/token rejected \(HTTP 401/);
    expect(bad.message).not.toContain(token);

    await s.kill();
    const down = await client({ url: s.url, token: s.token, slug: 'platform' }).remote.status();
    expect(down.ok).toBe(false);
    expect(down.tokenAccepted).toBeUndefined();
    expect(down.message).toMatch(/unreachable/);
  });
});
