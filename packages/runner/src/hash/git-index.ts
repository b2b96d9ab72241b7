/**
 * Reads git's `.git/index` (the "dircache") in-process, so a fully cached run can take the blob id of
 * every clean tracked file without spawning git or opening the file. Formats: versions 2, 3 and 4
 * (v4 prefix-compressed paths), SHA-1 and SHA-256 object ids. It deliberately does not read split
 * indexes (`link` extension) or sparse indexes (`sdir`, directory entries): those throw
 * {@link GitIndexUnsupportedError} and the caller falls back to git.
 *
 * Built for one pass over 20 000+ entries in a cold process: paths and ids are decoded up front
 * (needed for every entry anyway), while flags and stat data stay in the buffer and are read per
 * entry on demand instead of being copied into one object per entry.
 *
 * Format reference: git's Documentation/gitformat-index.txt.
 */
import type { Stats } from 'node:fs';

/** The index uses a feature this reader deliberately leaves to git (split or sparse index) or is damaged. */
export class GitIndexUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitIndexUnsupportedError';
  }
}

const FLAG_ASSUME_VALID = 0x8000;
const FLAG_EXTENDED = 0x4000;
const EXT_SKIP_WORKTREE = 0x4000;
const EXT_INTENT_TO_ADD = 0x2000;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
// Paths are sliced from a latin1 decode of the whole file; one with a byte ≥ 0x80 is UTF-8 to re-decode.
// A regex runs as native code, unlike a per-byte loop, which a cold process would interpret.
const NON_ASCII = /[\x80-\xff]/;

/** A parsed index: entry `i` has `paths[i]` and `hashes[i]`; the accessors read the rest. */
export class GitIndex {
  readonly version: number;
  /** Repo-relative posix paths in index order (sorted by bytes; conflict stages repeat a path). */
  readonly paths: string[];
  /** Object ids, lower-case hex. */
  readonly hashes: string[];
  readonly #buf: Buffer;
  readonly #starts: Uint32Array;
  readonly #flagsAt: number;

  /** Parses `buf`; `hashBytes` is 20 for SHA-1 repositories, 32 for SHA-256. Throws {@link GitIndexUnsupportedError}. */
  constructor(buf: Buffer, hashBytes = 20) {
    if (buf.length < 12 + hashBytes || buf.toString('latin1', 0, 4) !== 'DIRC') {
      throw new GitIndexUnsupportedError('not an index file (no DIRC signature)');
    }
    const version = buf.readUInt32BE(4);
    if (version < 2 || version > 4) throw new GitIndexUnsupportedError(`index version ${version}`);
    const count = buf.readUInt32BE(8);
    const end = buf.length - hashBytes;
    this.version = version;
    this.#buf = buf;
    this.#flagsAt = 40 + hashBytes;
    this.#starts = new Uint32Array(count);
    this.paths = new Array(count);
    this.hashes = new Array(count);
    // One latin1 and one hex decode of the whole buffer, then cheap slices per entry: much faster
    // than 2 × 20 000 small decodes. Non-ASCII paths are re-decoded as UTF-8.
    const text = buf.toString('latin1', 0, end);
    const hex = buf.toString('hex', 0, end);
    const fixed = this.#flagsAt + 2;
    let previous = ''; // v4 only: the previous entry's path, and whether it is pure ASCII
    let previousAscii = true;
    let pos = 12;
    for (let i = 0; i < count; i++) {
      const start = pos;
      if (pos + fixed > end) throw new GitIndexUnsupportedError('index truncated');
      const flags = (buf[pos + this.#flagsAt] << 8) | buf[pos + this.#flagsAt + 1];
      pos += fixed;
      if (flags & FLAG_EXTENDED) {
        if (version < 3) throw new GitIndexUnsupportedError('extended flags in a v2 index');
        pos += 2;
      }
      let path: string;
      if (version === 4) {
        // v4: a varint (bytes to drop from the previous path) then the NUL-terminated suffix, no padding.
        let c = buf[pos++];
        let strip = c & 127;
        while (c & 128) {
          c = buf[pos++];
          strip = ((strip + 1) << 7) | (c & 127);
        }
        const nul = buf.indexOf(0, pos);
        if (nul < 0 || nul >= end) throw new GitIndexUnsupportedError('bad v4 path');
        const suffix = text.slice(pos, nul);
        if (previousAscii && !NON_ASCII.test(suffix)) {
          if (strip > previous.length) throw new GitIndexUnsupportedError('bad v4 path compression');
          path = previous.slice(0, previous.length - strip) + suffix;
          previousAscii = true;
        } else {
          // The strip count is in bytes: splice at the byte level, then decode.
          const previousBytes = Buffer.from(previous, 'utf8');
          if (strip > previousBytes.length) throw new GitIndexUnsupportedError('bad v4 path compression');
          const head = previousBytes.subarray(0, previousBytes.length - strip);
          path = Buffer.concat([head, buf.subarray(pos, nul)]).toString('utf8');
          previousAscii = !NON_ASCII.test(path);
        }
        pos = nul + 1;
      } else {
        const nameLength = flags & 0x0fff;
        // 0xfff means "at least 0xfff": the real length is found by the terminating NUL.
        const nul = nameLength < 0x0fff ? pos + nameLength : buf.indexOf(0, pos);
        if (nul < 0 || nul >= end || buf[nul] !== 0) throw new GitIndexUnsupportedError('bad entry name');
        path = text.slice(pos, nul);
        if (NON_ASCII.test(path)) path = buf.toString('utf8', pos, nul);
        // v2/v3 entries are NUL-padded to a multiple of 8 bytes, with at least one NUL.
        pos = start + ((nul - start + 8) & ~7);
      }
      previous = path;
      this.#starts[i] = start;
      this.paths[i] = path;
      this.hashes[i] = hex.slice(2 * (start + 40), 2 * (start + this.#flagsAt));
      if ((this.#u32(start + 24) & S_IFMT) === S_IFDIR) throw new GitIndexUnsupportedError('sparse index (directory entry)');
    }
    // Extensions: only the ones that change what the entries mean matter here.
    while (pos + 8 <= end) {
      const signature = buf.toString('latin1', pos, pos + 4);
      if (signature === 'link') throw new GitIndexUnsupportedError('split index');
      if (signature === 'sdir') throw new GitIndexUnsupportedError('sparse index');
      pos += 8 + this.#u32(pos + 4);
    }
  }

  /** Number of entries. */
  get count(): number {
    return this.paths.length;
  }

  /** Git mode: 0o100644, 0o100755, 0o120000 (symlink) or 0o160000 (gitlink). */
  mode(i: number): number {
    return this.#u32(this.#starts[i] + 24);
  }

  /** 0 for a normal entry; 1–3 during a merge conflict. */
  stage(i: number): number {
    return (this.#flags(i) >> 12) & 3;
  }

  /** `git update-index --assume-unchanged`. */
  assumeValid(i: number): boolean {
    return (this.#flags(i) & FLAG_ASSUME_VALID) !== 0;
  }

  /** Sparse checkout: git does not expect the file in the work tree. */
  skipWorktree(i: number): boolean {
    return (this.#extendedFlags(i) & EXT_SKIP_WORKTREE) !== 0;
  }

  /** `git add -N`: the id is the empty blob, not the content. */
  intentToAdd(i: number): boolean {
    return (this.#extendedFlags(i) & EXT_INTENT_TO_ADD) !== 0;
  }

  /** mtime in ms, computed as Node computes `Stats.mtimeMs` (sec·1e3 + nsec/1e6), so equal times compare equal. */
  mtimeMs(i: number): number {
    const s = this.#starts[i];
    return this.#u32(s + 8) * 1e3 + this.#u32(s + 12) / 1e6;
  }

  /**
   * Whether the file's lstat still matches what git recorded, i.e. the index id can be used without
   * reading the file. Compares what git compares by default (mtime and ctime as precisely as a double
   * carries them — about 0.25 µs —, inode, owner, size; not the device, as git does not) plus the
   * file type. The racy-git rule (an entry not older than the index file) is the caller's job.
   */
  matchesStat(i: number, st: Stats): boolean {
    const s = this.#starts[i];
    return (
      this.#u32(s + 36) === st.size >>> 0 &&
      this.#u32(s + 8) * 1e3 + this.#u32(s + 12) / 1e6 === st.mtimeMs &&
      this.#u32(s) * 1e3 + this.#u32(s + 4) / 1e6 === st.ctimeMs &&
      this.#u32(s + 20) === st.ino >>> 0 &&
      this.#u32(s + 28) === st.uid &&
      this.#u32(s + 32) === st.gid &&
      (this.#u32(s + 24) & S_IFMT) === (st.mode & S_IFMT)
    );
  }

  #u32(at: number): number {
    const b = this.#buf;
    return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
  }

  #flags(i: number): number {
    const at = this.#starts[i] + this.#flagsAt;
    return (this.#buf[at] << 8) | this.#buf[at + 1];
  }

  #extendedFlags(i: number): number {
    if (!(this.#flags(i) & FLAG_EXTENDED)) return 0;
    const at = this.#starts[i] + this.#flagsAt + 2;
    return (this.#buf[at] << 8) | this.#buf[at + 1];
  }
}

/** Parses an index file (see {@link GitIndex}). */
export function parseGitIndex(buf: Buffer, hashBytes = 20): GitIndex {
  return new GitIndex(buf, hashBytes);
}
