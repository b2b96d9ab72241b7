/**
 * The on-disk stat cache: path → (lstat fingerprint → blob id) for the files git's index cannot vouch
 * for (dirty, untracked, outside git). An entry is only ever used after the file's current lstat
 * matches it exactly (size, mtime, ctime, inode, mode); a file changed in the same clock tick as it was
 * hashed is never recorded (the racy-git rule); a damaged cache file is ignored as a whole.
 * Written atomically (temp file + rename) and only when its content changed.
 *
 * Usage: `const c = StatCache.load(file); c.lookup(p, st) ?? c.record(p, st, hash, mode); c.save('replace')`.
 */
import { createHash } from 'node:crypto';
import fs, { type Stats } from 'node:fs';
import path from 'node:path';

/** A cached blob id and the lstat fingerprint it was computed for. */
export interface StatCacheEntry {
  hash: string;
  mode: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

type Row = [path: string, hash: string, mode: number, size: number, mtimeMs: number, ctimeMs: number, ino: number];

const MAGIC = 'ant-stat-cache/1';
// A file whose mtime or ctime is this close to the moment ant started looking may still change
// within the same timestamp tick without its stat changing, so its hash is not cached. Generous on
// purpose: it covers coarse (1–2 s) filesystem clocks, and the cost is one more read next run.
export const RACY_MARGIN_MS = 2000;

/** See the module comment. Entries are keyed by the caller's path strings (repo- or root-relative). */
export class StatCache {
  readonly #file: string;
  readonly #algo: string;
  readonly #loaded: Map<string, StatCacheEntry>;
  readonly #next = new Map<string, StatCacheEntry>();
  readonly #forgotten = new Set<string>();
  readonly #notBefore: number;
  /** True when a cache file existed but was damaged (and therefore ignored). */
  readonly wasCorrupt: boolean;

  private constructor(file: string, algo: string, loaded: Map<string, StatCacheEntry>, corrupt: boolean, startMs: number) {
    this.#file = file;
    this.#algo = algo;
    this.#loaded = loaded;
    this.wasCorrupt = corrupt;
    this.#notBefore = startMs - RACY_MARGIN_MS;
  }

  /**
   * Loads the cache at `file` (missing or damaged → empty). `algo` tags the ids (a cache written for
   * SHA-1 ids is not used for SHA-256). `startMs` is when the caller started looking at files.
   */
  static load(file: string, algo: string, startMs: number = Date.now()): StatCache {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return new StatCache(file, algo, new Map(), false, startMs);
    }
    const entries = parse(text, algo);
    return new StatCache(file, algo, entries ?? new Map(), entries === undefined, startMs);
  }

  /** Number of entries loaded from disk. */
  get loadedSize(): number {
    return this.#loaded.size;
  }

  /** The cached entry for `key` if `st` (its current lstat) matches the fingerprint, else undefined. */
  lookup(key: string, st: Stats, mode: number): StatCacheEntry | undefined {
    const entry = this.#loaded.get(key);
    if (
      entry === undefined ||
      entry.mode !== mode ||
      entry.size !== st.size ||
      entry.mtimeMs !== st.mtimeMs ||
      entry.ctimeMs !== st.ctimeMs ||
      entry.ino !== st.ino
    ) {
      return undefined;
    }
    this.#next.set(key, entry);
    return entry;
  }

  /** Remembers a hash just computed for `key` with lstat `st`, unless the file is too recent to trust. */
  record(key: string, st: Stats, hash: string, mode: number): void {
    if (st.mtimeMs >= this.#notBefore || st.ctimeMs >= this.#notBefore) return;
    this.#next.set(key, { hash, mode, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
  }

  /** Drops `key` (merge mode: the file is gone). */
  forget(key: string): void {
    this.#next.delete(key);
    this.#forgotten.add(key);
  }

  /**
   * Writes the cache if it changed. 'replace' keeps only the entries looked up or recorded in this
   * session (the caller saw every file it cares about); 'merge' adds them to what was loaded and
   * drops forgotten keys, keeping at most `limit` entries. Returns whether a file was written;
   * a cache that cannot be written is not an error (the next run just reads more).
   */
  save(strategy: 'replace' | 'merge', limit = 200_000): boolean {
    let result: Map<string, StatCacheEntry>;
    if (strategy === 'replace') {
      result = this.#next;
    } else {
      result = new Map(this.#loaded);
      for (const key of this.#forgotten) result.delete(key);
      for (const [key, entry] of this.#next) {
        result.delete(key); // re-insert at the end: the oldest insertions are dropped first
        result.set(key, entry);
      }
      for (const key of result.keys()) {
        if (result.size <= limit) break;
        result.delete(key);
      }
    }
    if (sameEntries(result, this.#loaded)) return false;
    const rows: Row[] = [];
    for (const [key, e] of result) rows.push([key, e.hash, e.mode, e.size, e.mtimeMs, e.ctimeMs, e.ino]);
    const body = JSON.stringify({ algo: this.#algo, entries: rows });
    const text = `${MAGIC} ${checksum(body)}\n${body}`;
    const temp = `${this.#file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.#file), { recursive: true });
      fs.writeFileSync(temp, text);
      fs.renameSync(temp, this.#file);
      return true;
    } catch {
      fs.rmSync(temp, { force: true });
      return false;
    }
  }
}

function checksum(body: string): string {
  return createHash('sha1').update(body).digest('hex');
}

function sameEntries(a: Map<string, StatCacheEntry>, b: Map<string, StatCacheEntry>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, x] of a) {
    const y = b.get(key);
    if (
      y === undefined ||
      x.hash !== y.hash ||
      x.mode !== y.mode ||
      x.size !== y.size ||
      x.mtimeMs !== y.mtimeMs ||
      x.ctimeMs !== y.ctimeMs ||
      x.ino !== y.ino
    ) {
      return false;
    }
  }
  return true;
}

// Any deviation (bad magic, checksum, JSON, types, other algorithm) → undefined: the whole file is
// ignored rather than partly trusted.
function parse(text: string, algo: string): Map<string, StatCacheEntry> | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const [magic, sum] = text.slice(0, newline).split(' ');
  const body = text.slice(newline + 1);
  if (magic !== MAGIC || sum !== checksum(body)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { algo: fileAlgo, entries } = data as { algo?: unknown; entries?: unknown };
  if (fileAlgo !== algo || !Array.isArray(entries)) return undefined;
  const hashPattern = algo === 'sha256' ? /^[0-9a-f]{64}$/ : /^[0-9a-f]{40}$/;
  const map = new Map<string, StatCacheEntry>();
  for (const row of entries as unknown[]) {
    if (!Array.isArray(row) || row.length !== 7) return undefined;
    const [key, hash, mode, size, mtimeMs, ctimeMs, ino] = row as unknown[];
    if (
      typeof key !== 'string' ||
      typeof hash !== 'string' ||
      !hashPattern.test(hash) ||
      typeof mode !== 'number' ||
      typeof size !== 'number' ||
      typeof mtimeMs !== 'number' ||
      typeof ctimeMs !== 'number' ||
      typeof ino !== 'number'
    ) {
      return undefined;
    }
    map.set(key, { hash, mode, size, mtimeMs, ctimeMs, ino });
  }
  return map;
}
