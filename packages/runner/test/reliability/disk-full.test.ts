/**
 * Disk full: the cache dir is a 2 MiB tmpfs (or, where tmpfs is refused, a loop-mounted 4 MiB
 * ext4 image). Stores that do not fit are reported with a warning naming the full disk, the run
 * still succeeds (the tasks did), no `.tmp-*` file is left, and every entry that did land
 * restores byte-for-byte. A remote hit that cannot be kept locally is still a hit.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackArtifact } from '../../src/cache/artifact.js';
import { startRemoteCacheServer } from '../helpers/remote-cache-server.js';
import { tempRepo } from '../helpers/temp-repo.js';
import { count, reportFigures } from './figures.js';
import { cacheEntries, scratchDir, snapshot } from './helpers.js';

reportFigures('disk-full');

let mountPoint: string | undefined;
let how = '';
let skipReason = '';
const cleanups: (() => void)[] = [];

function tryRun(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Mounts a tiny file system at a fresh dir: tmpfs first, a loop ext4 image second. */
function mountTiny(base: string, index: number): string | undefined {
  const dir = path.join(base, `mnt-${index}`);
  mkdirSync(dir, { recursive: true });
  if (tryRun('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir])) {
    how = 'tmpfs 2 MiB';
    cleanups.push(() => tryRun('umount', ['-l', dir]));
    return dir;
  }
  const image = path.join(base, `disk-${index}.img`);
  if (tryRun('truncate', ['-s', '4M', image]) && tryRun('mkfs.ext4', ['-q', '-F', image]) && tryRun('mount', ['-o', 'loop', image, dir])) {
    how = 'loop ext4 4 MiB';
    cleanups.push(() => tryRun('umount', ['-l', dir]));
    return dir;
  }
  return undefined;
}

let base = '';
beforeAll(() => {
  base = execFileSync('mktemp', ['-d', '/tmp/ant-rel-diskfull-XXXXXX'], { encoding: 'utf8' }).trim();
  mountPoint = mountTiny(base, 0);
  if (!mountPoint) skipReason = 'neither a tmpfs nor a loop-mounted ext4 image could be mounted (not root, or no loop devices)';
});
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  rmSync(base, { recursive: true, force: true });
});

/** Three projects with incompressible outputs: 300 KB, 1.2 MB and 3 MB; together they cannot fit. */
function bigTree(): Record<string, string | object> {
  const project = (name: string, bytes: number) => ({
    language: 'sh',
    path: name,
    tasks: { build: { command: `mkdir -p dist && head -c ${bytes} /dev/urandom > dist/blob && echo built ${name}`, inputs: ['src.txt'], outputs: ['dist/**'] } },
  });
  return {
    'ant.config.json': { services: { a: project('a', 300_000), b: project('b', 1_200_000), c: project('c', 3_000_000) } },
    'a/src.txt': 'a\n',
    'b/src.txt': 'b\n',
    'c/src.txt': 'c\n',
  };
}

/** Restores every entry into a fresh dir and compares it with the outputs in `root`; returns failures. */
async function entriesThatDoNotRestore(cacheDir: string, root: string): Promise<string[]> {
  const failures: string[] = [];
  const { entries } = await cacheEntries(cacheDir);
  for (const { hash, file } of entries) {
    const fresh = await scratchDir('ant-rel-restore-');
    try {
      const head = await unpackArtifact(await readFile(file), fresh, { allowedRoots: ['a', 'b', 'c'], hash });
      const project = head.meta.taskId.split(':')[0]!;
      expect(snapshot(path.join(fresh, project, 'dist'))).toEqual(snapshot(path.join(root, project, 'dist')));
    } catch (error) {
      failures.push(`${hash}: ${(error as Error).message}`);
    }
  }
  count({ entriesChecked: entries.length, entriesCorrupt: failures.length });
  return failures;
}

describe('a full disk under the cache dir', () => {
  it('warns naming the full disk, succeeds, leaves no temp file and no entry that fails to restore', async (ctx) => {
    if (!mountPoint) ctx.skip(skipReason);
    const repo = tempRepo(bigTree());
    const env = { ANT_CACHE_DIR: mountPoint! };
    const first = await repo.runSummary(['build', '--concurrency=1'], { env });
    count({ faultsInjected: 1 });
    expect(first.code, `${how}\n${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.summary.tasks.every((t) => t.status === 'success')).toBe(true);
    expect(first.stdout).toMatch(/warning .*not cached.*(disk is full|ENOSPC)/);
    expect((await cacheEntries(mountPoint!)).temps).toEqual([]);
    expect(await entriesThatDoNotRestore(mountPoint!, repo.root)).toEqual([]);

    // Again, on a cache that is still full: the entries that landed hit, the rest run and warn.
    rmSync(path.join(repo.root, 'a/dist'), { recursive: true });
    const second = await repo.runSummary(['build', '--concurrency=3'], { env });
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).not.toMatch(/refused/);
    expect((await cacheEntries(mountPoint!)).temps).toEqual([]);
    expect(await entriesThatDoNotRestore(mountPoint!, repo.root)).toEqual([]);
    expect(readFileSync(path.join(repo.root, 'a/dist/blob')).length).toBe(300_000);
  });

  it('a remote hit that cannot be kept in the full local cache is still restored, with a warning', async (ctx) => {
    if (!mountPoint) ctx.skip(skipReason);
    const local = mountTiny(base, 1);
    if (!local) ctx.skip(skipReason);
    const server = await startRemoteCacheServer();
    try {
      const remoteEnv = { ANT_REMOTE_CACHE_URL: server.url, ANT_REMOTE_CACHE_TOKEN: server.token, ANT_REMOTE_CACHE_TEAM: 'platform' };
      const origin = tempRepo(bigTree());
      const seeded = await origin.runSummary(['build'], { env: { ...remoteEnv, ANT_CACHE_DIR: await scratchDir() } });
      expect(seeded.code).toBe(0);
      // Fill the small local cache so nothing more fits.
      execFileSync('sh', ['-c', `head -c 100000000 /dev/zero > ${path.join(local!, 'filler')} || true`]);
      const clone = tempRepo(bigTree());
      const run = await clone.runSummary(['build'], { env: { ...remoteEnv, ANT_CACHE_DIR: local! } });
      count({ faultsInjected: 1 });
      expect(run.code, run.stdout).toBe(0);
      expect(Object.fromEntries(run.summary.tasks.map((t) => [t.id, t.cache])), run.stdout).toEqual({ 'a:build': 'remote', 'b:build': 'remote', 'c:build': 'remote' });
      expect(run.stdout).toMatch(/warning .*(disk is full|ENOSPC)/);
      expect(run.stdout).not.toMatch(/refused/);
      for (const p of ['a', 'b', 'c']) expect(readFileSync(path.join(clone.root, p, 'dist/blob')).equals(readFileSync(path.join(origin.root, p, 'dist/blob')))).toBe(true);
      expect((await cacheEntries(local!)).temps).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
