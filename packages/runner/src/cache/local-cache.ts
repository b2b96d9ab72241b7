/**
 * The local content-addressed store: `<dir>/<hh>/<hash>.tar.gz`, plus `<hash>.log` beside it so a
 * hit whose outputs are already in place can replay its log without opening the artifact.
 *
 * Writes go to a unique temp name in the same directory and are renamed into place (atomic on
 * POSIX): a killed run leaves at most a stray `.tmp-*` file, never an entry that a later run
 * restores. The log is renamed first and the artifact last, so an artifact always has its log.
 * Concurrent writers of one hash write identical bytes, so whichever rename lands last is fine.
 * The entry's mtime is its last use (a hit touches it): `prune` evicts least recently used first.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CacheError } from '../errors.js';
import type { ArtifactStore } from './cache.js';

/** An entry used within this long ago is not touched again (prune works at hour/day scale). */
const TOUCH_AFTER_MS = 10 * 60_000;

export class LocalCache implements ArtifactStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir); // absolute and without a trailing slash: paths below are joined by hand
  }

  // Joined by hand: a fully cached run asks for two paths per task, and path.join normalises each.
  artifactPath(hash: string): string {
    return `${this.dir}/${hash.slice(0, 2)}/${hash}.tar.gz`;
  }

  logPath(hash: string): string {
    return `${this.dir}/${hash.slice(0, 2)}/${hash}.log`;
  }

  async get(hash: string): Promise<Buffer | undefined> {
    try {
      const body = await readFile(this.artifactPath(hash));
      this.#touch(hash);
      return body;
    } catch {
      return undefined;
    }
  }

  /** Whether an entry exists (and marks it used), without reading anything. */
  hasEntry(hash: string): boolean {
    const st = statSync(this.artifactPath(hash), { throwIfNoEntry: false });
    if (!st) return false;
    // Last use only needs minute precision for LRU pruning: skip the write when it is fresh.
    if (Date.now() - st.mtimeMs > TOUCH_AFTER_MS) this.#touch(hash);
    return true;
  }

  /** The log of an entry, without reading its artifact; undefined when there is no entry. */
  readLog(hash: string): Buffer | undefined {
    try {
      // Synchronous on purpose: logs are small, and a fully cached run reads one per task — a
      // thread-pool round trip each costs more than the read.
      const log = readFileSync(this.logPath(hash));
      // The artifact is renamed into place last: a log alone is not an entry. This stat also marks
      // the entry used (only when that is stale, see hasEntry), instead of a write on every hit.
      return this.hasEntry(hash) ? log : undefined;
    } catch {
      return undefined;
    }
  }

  async put(hash: string, body: Buffer, meta: { log: Buffer }): Promise<void> {
    const dir = path.dirname(this.artifactPath(hash));
    try {
      await mkdir(dir, { recursive: true });
      await writeAtomic(this.logPath(hash), meta.log);
      await writeAtomic(this.artifactPath(hash), body);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CacheError(`could not store cache entry ${hash} in ${this.dir}: ${(error as Error).message}`, {
        code: code === 'ENOSPC' ? 'ANT_CACHE_DISK_FULL' : 'ANT_CACHE_WRITE_FAILED',
        hint: code === 'ENOSPC' ? 'the disk is full: free space or run `ant cache prune --max-size 1GB`' : 'check the cache directory is writable (ANT_CACHE_DIR)',
        cause: error,
      });
    }
  }

  #touch(hash: string): void {
    const now = new Date();
    utimes(this.artifactPath(hash), now, now).catch(() => undefined);
  }
}

/** Writes a file atomically: unique temp file in the same directory, then rename. */
export async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
