/**
 * Inspecting and shrinking the local store: size and entry count, pruning least recently used
 * entries (mtime = last use) to a size or age limit, and cleaning it out. Deletes the artifact
 * before its log, so a concurrent reader sees either a whole entry or none.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AntError } from '../errors.js';

export interface CacheEntryInfo {
  hash: string;
  bytes: number;
  lastUsedMs: number;
}

export async function listEntries(dir: string): Promise<CacheEntryInfo[]> {
  const entries: CacheEntryInfo[] = [];
  let shards: string[];
  try {
    shards = await readdir(dir);
  } catch {
    return [];
  }
  for (const shard of shards) {
    let files: string[];
    try {
      files = await readdir(path.join(dir, shard));
    } catch {
      continue;
    }
    for (const file of files) {
      if (!file.endsWith('.tar.gz')) continue;
      const hash = file.slice(0, -'.tar.gz'.length);
      try {
        const st = await stat(path.join(dir, shard, file));
        let bytes = st.size;
        try {
          bytes += (await stat(path.join(dir, shard, `${hash}.log`))).size;
        } catch {
          // no log
        }
        entries.push({ hash, bytes, lastUsedMs: st.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
  }
  return entries;
}

export async function pruneEntries(dir: string, limits: { maxBytes?: number; maxAgeMs?: number }, now = Date.now()) {
  const entries = (await listEntries(dir)).sort((a, b) => a.lastUsedMs - b.lastUsedMs);
  let total = entries.reduce((s, e) => s + e.bytes, 0);
  const removed: CacheEntryInfo[] = [];
  for (const entry of entries) {
    const tooOld = limits.maxAgeMs !== undefined && now - entry.lastUsedMs > limits.maxAgeMs;
    const tooBig = limits.maxBytes !== undefined && total > limits.maxBytes;
    if (!tooOld && !tooBig) continue;
    await removeEntry(dir, entry.hash);
    total -= entry.bytes;
    removed.push(entry);
  }
  await removeStrayTemps(dir, now);
  return { removed, remainingBytes: total, remainingEntries: entries.length - removed.length };
}

async function removeEntry(dir: string, hash: string): Promise<void> {
  const shard = path.join(dir, hash.slice(0, 2));
  await rm(path.join(shard, `${hash}.tar.gz`), { force: true });
  await rm(path.join(shard, `${hash}.log`), { force: true });
}

/** Temp files of killed runs, older than an hour (younger ones may belong to a running ant). */
async function removeStrayTemps(dir: string, now: number): Promise<void> {
  for (const shard of await readdir(dir).catch(() => [] as string[])) {
    for (const file of await readdir(path.join(dir, shard)).catch(() => [] as string[])) {
      if (!file.includes('.tmp-')) continue;
      const full = path.join(dir, shard, file);
      const st = await stat(full).catch(() => undefined);
      if (st && now - st.mtimeMs > 3_600_000) await rm(full, { force: true });
    }
  }
}

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };
const AGE_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = (match?.[2] || 'B').toUpperCase();
  if (!match || SIZE_UNITS[unit] === undefined) {
    throw new AntError('ANT_USAGE_SIZE', `--max-size: expected a size like 5GB or 500MB, found "${text}"`, { hint: 'units: B, KB, MB, GB, TB, KiB, MiB, GiB' });
  }
  return Math.floor(Number(match[1]) * SIZE_UNITS[unit]);
}

export function parseAge(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match) throw new AntError('ANT_USAGE_AGE', `--max-age: expected an age like 7d or 12h, found "${text}"`, { hint: 'units: s, m, h, d, w' });
  return Number(match[1]) * AGE_UNITS[match[2]];
}

export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
