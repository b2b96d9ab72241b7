/**
 * Reads artifacts back: the head (meta + log) alone, or a full restore. A restore is validate-first:
 * a first pass reads the whole artifact (every header, every byte, the gzip CRC) and checks it
 * against `meta.json`, the allowed roots and the disk, writing nothing; only then a second pass
 * inflates it again and writes. Inflating twice costs little next to a half-restored output tree.
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  ArtifactRejected,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_FILES,
  LOG_ENTRY,
  MAX_LOG_BYTES,
  MAX_META_BYTES,
  META_ENTRY,
  OUTPUTS_PREFIX,
  parseArtifactMeta,
  type ArtifactFile,
  type ArtifactMeta,
} from './artifact-format.js';
import { IoQueue } from './artifact-io-queue.js';
import { checkArtifactAgainstDisk, checkArtifactFiles, normaliseAllowedRoots } from './artifact-safety.js';
import { TarGzReader, type TarEntry } from './artifact-tar-reader.js';

/** Limits and expectations for {@link unpackArtifact}. */
export interface UnpackOptions {
  /** Repo-relative project roots every output must lie in (`''` or `'.'` = the whole repo). */
  allowedRoots: readonly string[];
  /** Cap on decompressed bytes (tar headers included); default 2 GiB. */
  maxBytes?: number;
  /** Cap on the number of outputs; default 1,000,000. */
  maxFiles?: number;
  /** When given, `meta.hash` must equal it: a server cannot serve one task's artifact for another. */
  hash?: string;
  /**
   * Runs once the artifact's contents have been fully validated and before the disk is checked or
   * written, e.g. to remove stale outputs: a refused artifact then never costs the user them.
   */
  beforeWrite?: (head: ArtifactHead) => Promise<void>;
  /**
   * What `beforeWrite` may remove (repo-relative). The disk is checked before `beforeWrite` runs,
   * counting these as gone, so an entry the disk refuses never costs the user their outputs.
   */
  removes?: readonly string[];
}

/** What a restore or a head read returns. */
export interface ArtifactHead {
  meta: ArtifactMeta;
  log: Buffer;
}

// Files up to this size are read into memory and written several at a time; larger ones stream.
const SMALL_FILE_BYTES = 1024 * 1024;

const TAR_TYPES: Record<string, ArtifactFile['type'] | undefined> = {
  file: 'file',
  directory: 'dir',
  symlink: 'symlink',
};

async function readHeadEntries(reader: TarGzReader, entries: AsyncGenerator<TarEntry>, maxBytes: number): Promise<ArtifactHead> {
  const metaEntry = await nextEntry(entries, 'meta.json');
  expectPlainFile(metaEntry, META_ENTRY);
  const meta = parseArtifactMeta(await reader.collect(metaEntry, Math.min(maxBytes, MAX_META_BYTES)));
  const logEntry = await nextEntry(entries, 'log');
  expectPlainFile(logEntry, LOG_ENTRY);
  const log = await reader.collect(logEntry, Math.min(maxBytes, MAX_LOG_BYTES));
  return { meta, log };
}

async function nextEntry(entries: AsyncGenerator<TarEntry>, what: string): Promise<TarEntry> {
  const next = await entries.next();
  if (next.done) throw new ArtifactRejected(`artifact ends before its ${what} entry`);
  return next.value;
}

function expectPlainFile(entry: TarEntry, name: string): void {
  if (entry.header.name !== name || entry.header.type !== 'file') {
    throw new ArtifactRejected(`artifact entry ${JSON.stringify(entry.header.name)} found where ${name} belongs`);
  }
}

/** Checks one output entry's header against the `meta.json` line it must match. */
function checkEntry(entry: TarEntry, expected: ArtifactFile | undefined): void {
  const header = entry.header;
  const type = TAR_TYPES[header.type ?? ''];
  if (!type) {
    throw new ArtifactRejected(
      `artifact entry ${JSON.stringify(header.name)} is a ${header.type ?? 'unknown'} entry; only files, directories and symlinks are allowed`,
    );
  }
  if (!expected) throw new ArtifactRejected(`artifact has more entries than its meta.json lists (${JSON.stringify(header.name)})`);
  // Other tools write directories with a trailing slash; ours never do, but both mean the same.
  const name = type === 'dir' ? header.name.replace(/\/$/, '') : header.name;
  const mismatch =
    name !== OUTPUTS_PREFIX + expected.path ? 'path'
    : type !== expected.type ? 'type'
    : ((header.mode ?? 0) & 0o777) !== expected.mode ? 'mode'
    : (header.size ?? 0) !== expected.size ? 'size'
    : type === 'symlink' && header.linkname !== expected.target ? 'symlink target'
    : undefined;
  if (mismatch) {
    throw new ArtifactRejected(`artifact entry ${JSON.stringify(header.name)} disagrees with meta.json (${mismatch}; expected ${expected.path})`);
  }
}

/**
 * Reads only `meta.json` and the log, writing nothing: for `ant explain`, log replay, and to look
 * at the outputs on disk before deciding to restore. Does not validate the outputs; a later
 * {@link unpackArtifact} does. Throws {@link ArtifactRejected} when the head is unreadable.
 */
export async function readArtifactHead(body: Buffer, options: { maxBytes?: number } = {}): Promise<ArtifactHead> {
  const reader = new TarGzReader(body, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const entries = reader.entries();
  try {
    return await readHeadEntries(reader, entries, options.maxBytes ?? DEFAULT_MAX_BYTES);
  } finally {
    await entries.return(undefined).catch(() => undefined);
  }
}

/** Pass one: reads everything and checks everything except the disk; writes nothing. */
async function validate(body: Buffer, roots: string[], options: Omit<UnpackOptions, 'beforeWrite'>): Promise<ArtifactHead> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const reader = new TarGzReader(body, maxBytes);
  const entries = reader.entries();
  try {
    const head = await readHeadEntries(reader, entries, maxBytes);
    const { files } = head.meta;
    if (options.hash !== undefined && head.meta.hash !== options.hash) {
      throw new ArtifactRejected(`artifact is for task hash ${head.meta.hash}, not ${options.hash}`);
    }
    if (files.length > maxFiles) throw new ArtifactRejected(`artifact has ${files.length} outputs, more than the limit of ${maxFiles}`);
    checkArtifactFiles(files, roots);
    let index = 0;
    let declared = 0;
    for await (const entry of entries) {
      checkEntry(entry, files[index]);
      // Refuse a huge declared size before reading it, not after the inflater has churned through it.
      declared += entry.header.size ?? 0;
      if (declared > maxBytes) throw new ArtifactRejected(`artifact declares more than the limit of ${maxBytes} bytes`);
      await reader.drain(entry);
      index++;
    }
    if (index !== files.length) {
      throw new ArtifactRejected(`artifact is truncated: meta.json lists ${files.length} outputs, the tar holds ${index}`);
    }
    return head;
  } finally {
    await entries.return(undefined).catch(() => undefined);
  }
}

function tempNameFor(abs: string): string {
  return path.join(path.dirname(abs), `.${path.basename(abs)}.ant-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes a file to a temp name beside it and renames it into place, so no reader sees half a file. */
async function writeAtomically(abs: string, mode: number, made: Set<string>, fill: (temp: string) => Promise<void>): Promise<void> {
  await ensureDir(path.dirname(abs), made);
  const temp = tempNameFor(abs);
  try {
    await fill(temp);
    // chmod after writing: the umask would otherwise strip bits, and a 0o444 file could not be written.
    await chmod(temp, mode);
    await rename(temp, abs);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `mkdir -p`, remembering what this restore already made: one syscall a directory, not a file. */
async function ensureDir(dir: string, made: Set<string>): Promise<void> {
  if (made.has(dir)) return;
  await mkdir(dir, { recursive: true });
  made.add(dir);
}

async function linkAtomically(abs: string, target: string): Promise<void> {
  await mkdir(path.dirname(abs), { recursive: true });
  const temp = tempNameFor(abs);
  await symlink(target, temp);
  try {
    await rename(temp, abs);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Pass two: writes files as they stream by (small ones a few at a time), then dirs' modes (deepest first), then symlinks last. */
async function write(body: Buffer, root: string, head: ArtifactHead, maxBytes: number): Promise<void> {
  const reader = new TarGzReader(body, maxBytes);
  const entries = reader.entries();
  const dirs: ArtifactFile[] = [];
  const links: ArtifactFile[] = [];
  const queue = new IoQueue();
  const made = new Set<string>();
  try {
    await reader.drain(await nextEntry(entries, 'meta.json'));
    await reader.drain(await nextEntry(entries, 'log'));
    let index = 0;
    for await (const entry of entries) {
      const file = head.meta.files[index++];
      // The body cannot change between passes unless the caller mutates it; cheap insurance anyway.
      checkEntry(entry, file);
      const abs = path.join(root, file.path);
      if (file.type === 'file' && file.size <= SMALL_FILE_BYTES) {
        const content = await reader.collect(entry, SMALL_FILE_BYTES);
        await queue.add(content.length, () => writeAtomically(abs, file.mode, made, (temp) => writeFile(temp, content, { flag: 'wx', mode: 0o600 })));
        continue;
      }
      if (file.type === 'file') {
        await writeAtomically(abs, file.mode, made, (temp) => reader.pipeTo(entry, createWriteStream(temp, { flags: 'wx', mode: 0o600 })));
        continue;
      }
      await reader.drain(entry);
      if (file.type === 'dir') {
        await ensureDir(abs, made);
        dirs.push(file);
      } else {
        links.push(file);
      }
    }
  } finally {
    await entries.return(undefined).catch(() => undefined);
    // Even on failure: no write may still be running when this returns.
    await queue.drain().catch(() => undefined);
  }
  await queue.drain();
  for (const dir of dirs.reverse()) await chmod(path.join(root, dir.path), dir.mode);
  // Links go last so that nothing this restore writes can pass through one.
  for (const link of links) await linkAtomically(path.join(root, link.path), link.target ?? '');
}

/**
 * Restores an artifact's outputs under `root` (the repo root) and returns its meta and log.
 * Everything is validated before anything is written: paths (no `..`, absolute paths, backslashes
 * or NULs), every output inside one of `allowedRoots`, symlinks that stay inside their project,
 * nothing written through a symlink (from the artifact or already on disk), only file/dir/symlink
 * entries, size and count limits counted while inflating, and the tar agreeing with `meta.json`
 * entry by entry. Throws {@link ArtifactRejected} for a hostile or corrupt artifact, in which case
 * nothing was written (beyond what `options.beforeWrite` did, which runs only after the contents
 * passed and the disk checks passed counting `options.removes` as gone; they run again after it, on
 * the disk as it left it). Each file is written to a temp name and renamed; modes are kept (permission
 * bits only), empty dirs created, symlinks recreated. A failure while writing (disk full) throws a
 * plain error and may leave some outputs restored: the caller should treat the task as a miss.
 */
export async function unpackArtifact(body: Buffer, root: string, options: UnpackOptions): Promise<ArtifactHead> {
  const head = await validate(body, normaliseAllowedRoots(options.allowedRoots), options);
  if (options.beforeWrite) {
    await checkArtifactAgainstDisk(root, head.meta.files, { removed: options.removes ?? [] });
    await options.beforeWrite(head);
  }
  await checkArtifactAgainstDisk(root, head.meta.files);
  await write(body, root, head, options.maxBytes ?? DEFAULT_MAX_BYTES);
  return head;
}

/**
 * Runs every check {@link unpackArtifact} runs except those against the disk, and writes nothing:
 * the whole body is inflated and compared with `meta.json`. Throws {@link ArtifactRejected}.
 */
export async function validateArtifact(body: Buffer, options: Omit<UnpackOptions, 'beforeWrite'>): Promise<ArtifactHead> {
  return validate(body, normaliseAllowedRoots(options.allowedRoots), options);
}
