/**
 * Packs a task's outputs into an artifact (layout in `artifact-format.ts`). Deterministic: paths
 * are sorted, headers carry mtime 0, uid/gid 0 and no owner names, and Node's gzip writes no
 * timestamp, so the same outputs, log and meta always give the same bytes.
 */
import { createReadStream } from 'node:fs';
import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { CacheError } from '../errors.js';
import {
  LOG_ENTRY,
  MAX_LOG_BYTES,
  META_ENTRY,
  OUTPUTS_PREFIX,
  type ArtifactFile,
  type ArtifactMeta,
  type ArtifactMetaInput,
} from './artifact-format.js';
import { describeUnsafePath } from './artifact-safety.js';

const FIXED_HEADER = { uid: 0, gid: 0, uname: '', gname: '', mtime: new Date(0) } as const;
// Small files are read ahead, this many at a time, while earlier ones go into the tar.
const READ_AHEAD = 16;
const SMALL_FILE_BYTES = 1024 * 1024;

/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function describeOutput(root: string, p: string): Promise<ArtifactFile> {
  const problem = describeUnsafePath(p);
  if (problem) throw new CacheError(`cannot cache output ${JSON.stringify(p)}: the path ${problem}`);
  const abs = path.join(root, p);
  let stats;
  try {
    stats = await lstat(abs);
  } catch (cause) {
    throw new CacheError(`cannot cache output ${p}: ${(cause as Error).message}`, { cause });
  }
  const mode = stats.mode & 0o777;
  if (stats.isFile()) return { path: p, type: 'file', mode, size: stats.size };
  if (stats.isDirectory()) return { path: p, type: 'dir', mode, size: 0 };
  if (stats.isSymbolicLink()) return { path: p, type: 'symlink', mode, size: 0, target: await readlink(abs) };
  throw new CacheError(`cannot cache output ${p}: it is a device, fifo or socket`, {
    hint: 'only files, directories and symlinks can be task outputs; narrow the task\'s "outputs" globs',
  });
}

async function readExactly(abs: string, size: number): Promise<Buffer> {
  const content = await readFile(abs);
  if (content.length !== size) throw new Error(`${abs} changed size while it was being cached`);
  return content;
}

/** Describes each output from disk, in sorted order; anything but a file, dir or symlink is refused. */
async function describeOutputs(root: string, paths: readonly string[]): Promise<ArtifactFile[]> {
  // Code-unit order is stable across machines and locales, which `localeCompare` is not.
  const sorted = [...new Set(paths)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return mapLimit(sorted, 32, (p) => describeOutput(root, p));
}

function addEntry(pack: tar.Pack, header: Partial<tar.Header> & { name: string }, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (content) pack.entry(header, content, done);
    else pack.entry(header, done);
  });
}

function addFile(pack: tar.Pack, header: Partial<tar.Header> & { name: string }, abs: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    const source = createReadStream(abs);
    source.on('error', (error) => {
      entry.destroy(error);
      reject(error);
    });
    source.pipe(entry);
  });
}

/**
 * Packs outputs under `root` into an artifact. `paths` are repo-relative posix paths of files,
 * dirs and symlinks, already expanded by the caller: a dir entry stands for the directory itself
 * (its mode, and its existence when empty), not its contents. Symlinks are stored as links.
 * Throws {@link CacheError} when an output is missing, special, or changes size while being read.
 */
export async function packArtifact(
  root: string,
  paths: readonly string[],
  meta: ArtifactMetaInput,
  log: Uint8Array,
): Promise<Buffer> {
  if (log.byteLength > MAX_LOG_BYTES) {
    // An entry whose log every restore would refuse is not worth storing.
    throw new CacheError(`cannot cache ${meta.taskId}: its log is ${log.byteLength} bytes, more than the limit of ${MAX_LOG_BYTES}`);
  }
  const files = await describeOutputs(root, paths);
  const full: ArtifactMeta = {
    version: 1,
    hash: meta.hash,
    taskId: meta.taskId,
    durationMs: meta.durationMs,
    exitCode: 0,
    createdAt: meta.createdAt,
    files,
  };
  const pack = tar.pack();
  const gzip = createGzip();
  const chunks: Buffer[] = [];
  const finished = new Promise<void>((resolve, reject) => {
    gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
    gzip.on('end', resolve);
    gzip.on('error', reject);
    pack.on('error', reject);
  });
  // Awaited below; this only keeps an early failure from counting as an unhandled rejection.
  finished.catch(() => undefined);
  pack.pipe(gzip);
  try {
    const metaBytes = Buffer.from(JSON.stringify(full));
    await addEntry(pack, { ...FIXED_HEADER, name: META_ENTRY, type: 'file', mode: 0o644, size: metaBytes.length }, metaBytes);
    const logBytes = Buffer.from(log.buffer, log.byteOffset, log.byteLength);
    await addEntry(pack, { ...FIXED_HEADER, name: LOG_ENTRY, type: 'file', mode: 0o644, size: logBytes.length }, logBytes);
    const reads = new Map<number, Promise<Buffer>>();
    const readAhead = (index: number) => {
      const file = files[index];
      if (!file || file.type !== 'file' || file.size > SMALL_FILE_BYTES || reads.has(index)) return;
      const read = readExactly(path.join(root, file.path), file.size);
      // Awaited in order below; this only stops a failure ahead of time counting as unhandled.
      read.catch(() => undefined);
      reads.set(index, read);
    };
    for (const [index, file] of files.entries()) {
      for (let ahead = index; ahead < index + READ_AHEAD; ahead++) readAhead(ahead);
      const header = { ...FIXED_HEADER, name: OUTPUTS_PREFIX + file.path, mode: file.mode };
      const read = reads.get(index);
      reads.delete(index);
      if (file.type === 'dir') await addEntry(pack, { ...header, type: 'directory' });
      else if (file.type === 'symlink') await addEntry(pack, { ...header, type: 'symlink', linkname: file.target });
      else if (read) await addEntry(pack, { ...header, type: 'file', size: file.size }, await read);
      else await addFile(pack, { ...header, type: 'file', size: file.size }, path.join(root, file.path));
    }
    pack.finalize();
    await finished;
  } catch (cause) {
    pack.destroy();
    gzip.destroy();
    throw new CacheError(`cannot pack the outputs of ${meta.taskId}: ${(cause as Error).message}`, {
      hint: 'an output changed or vanished while it was being cached; does another task write the same files?',
      cause,
    });
  }
  return Buffer.concat(chunks);
}
