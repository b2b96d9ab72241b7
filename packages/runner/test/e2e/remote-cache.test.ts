/**
 * The remote cache through the real `ant` binary and the real turborepo-remote-cache server:
 * teammates share results, a bad token or a dead server never fails a run, a tampered artifact
 * with a signature key is a miss, read-only mode never uploads, and the token never leaks.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRemoteCacheServer } from '../helpers/remote-cache-server.js';
import { tempRepo, twoProjectConfig } from '../helpers/temp-repo.js';

const byId = (tasks: { id: string; cache: string }[]) => Object.fromEntries(tasks.map((t) => [t.id, t.cache]));
const SIGNATURE_KEY = 'k'.repeat(40);

function stored(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  try {
    walk(dir);
  } catch {
    // nothing stored yet
  }
  return out.filter((f) => !f.endsWith('.tag'));
}

describe('remote cache (turborepo-remote-cache on 127.0.0.1)', () => {
  it('clone A uploads, clone B restores identical outputs from the remote; secrets never leak', async () => {
    const server = await startRemoteCacheServer({ signatures: true });
    try {
      const config = twoProjectConfig({ remoteCache: { url: server.url, team: 'team_ant', tokenEnv: 'TEAM_TOKEN', signatureKeyEnv: 'SIG_KEY' } });
      const files = { 'ant.config.json': config, 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' };
      const env = { TEAM_TOKEN: server.token, SIG_KEY: SIGNATURE_KEY };
      const a = tempRepo(files);
      const first = await a.runSummary(['build'], { env });
      expect(first.code).toBe(0);
      expect(byId(first.summary.tasks)).toEqual({ 'a:build': 'miss', 'b:build': 'miss' });
      expect(stored(server.storageDir)).toHaveLength(2);

      const b = tempRepo(files);
      const second = await b.runSummary(['build'], { env });
      expect(byId(second.summary.tasks)).toEqual({ 'a:build': 'remote', 'b:build': 'remote' });
      expect(b.read('b/dist/out.txt')).toBe(a.read('b/dist/out.txt'));
      // A remote hit is kept locally: the next run hits locally.
      const third = await b.runSummary(['build'], { env });
      expect(byId(third.summary.tasks)).toEqual({ 'a:build': 'local', 'b:build': 'local' });

      const status = await b.ant(['cache', 'status', '--json'], { env });
      expect(JSON.parse(status.stdout).remote).toMatchObject({ ok: true, tokenAccepted: true });
      for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, status.stdout, JSON.stringify(second.summary)]) {
        expect(text).not.toContain(server.token);
        expect(text).not.toContain(SIGNATURE_KEY);
      }
    } finally {
      await server.stop();
    }
  });

  it('a wrong token or a dead server warns once and the run succeeds locally', async () => {
    const server = await startRemoteCacheServer();
    try {
      const repo = tempRepo({ 'ant.config.json': twoProjectConfig({ remoteCache: { url: server.url, team: 'team_ant' } }), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
      const wrong = await repo.runSummary(['build'], { env: { ANT_REMOTE_CACHE_TOKEN: 'not-the-token' } });
      expect(wrong.code).toBe(0);
      expect((wrong.stdout + wrong.stderr).match(/warning/g)?.length).toBe(1);
      expect(wrong.stdout + wrong.stderr).toMatch(/token/i);
      expect(wrong.stdout + wrong.stderr).not.toContain('not-the-token');

      await server.kill();
      const started = Date.now();
      const dead = await repo.runSummary(['build', '--force'], { env: { ANT_REMOTE_CACHE_TOKEN: server.token } });
      expect(dead.code).toBe(0);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(dead.stdout + dead.stderr).toMatch(/warning/);
    } finally {
      await server.stop();
    }
  });

  it('with a signature key, a tampered artifact is a miss with a warning, never a restore', async () => {
    const server = await startRemoteCacheServer({ signatures: true });
    try {
      const files = { 'ant.config.json': twoProjectConfig({ remoteCache: { url: server.url, team: 'team_ant' } }), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' };
      const env = { ANT_REMOTE_CACHE_TOKEN: server.token, ANT_REMOTE_CACHE_SIGNATURE_KEY: SIGNATURE_KEY };
      await tempRepo(files).runSummary(['build'], { env });
      for (const file of stored(server.storageDir)) {
        const bytes = readFileSync(file);
        bytes[bytes.length - 20] ^= 0xff;
        writeFileSync(file, bytes);
      }
      const b = tempRepo(files);
      const r = await b.runSummary(['build'], { env });
      expect(r.code).toBe(0);
      expect(byId(r.summary.tasks)).toEqual({ 'a:build': 'miss', 'b:build': 'miss' });
      expect(r.stdout + r.stderr).toMatch(/signature/i);
      expect(b.read('b/dist/out.txt')).toBe('A\nB\n');
    } finally {
      await server.stop();
    }
  });

  it('read-only mode restores but never uploads', async () => {
    const server = await startRemoteCacheServer();
    try {
      const repo = tempRepo({ 'ant.config.json': twoProjectConfig({ remoteCache: { url: server.url, team: 'team_ant' } }), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
      const r = await repo.runSummary(['build'], { env: { ANT_REMOTE_CACHE_TOKEN: server.token, ANT_REMOTE_CACHE_READ_ONLY: '1' } });
      expect(r.code).toBe(0);
      expect(stored(server.storageDir)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
