/**
 * Git blob ids of work-tree files, computed in-process: `<algo>("blob <size>\0" + content)`, hex, which
 * is what `git hash-object` prints. A symlink hashes as the blob of its target text, as git stores it.
 * It deliberately applies no filters (no CRLF conversion, no clean/smudge/LFS): ant hashes the bytes
 * a build reads, so a file with such attributes gets an id that may differ from git's.
 */
import { createHash } from 'node:crypto';
import fs, { type Stats } from 'node:fs';

/** Object id format; SHA-256 only for repositories created with `--object-format=sha256`. */
export type HashAlgorithm = 'sha1' | 'sha256';

/** Git's mode for regular files, executables and symlinks. */
export const MODE_FILE = 0o100644;
export const MODE_EXECUTABLE = 0o100755;
export const MODE_SYMLINK = 0o120000;

// Past this size a file is hashed in chunks instead of being loaded whole.
const WHOLE_READ_LIMIT = 16 << 20;
const CHUNK = 1 << 20;

/** The git mode for an lstat result, or undefined for what git does not store (directories, fifos, sockets…). */
export function gitModeOf(st: Stats): number | undefined {
  if (st.isFile()) return st.mode & 0o100 ? MODE_EXECUTABLE : MODE_FILE;
  if (st.isSymbolicLink()) return MODE_SYMLINK;
  return undefined;
}

/** Blob id of an in-memory content. */
export function blobIdOf(content: Buffer, algo: HashAlgorithm = 'sha1'): string {
  return createHash(algo).update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * Blob id of the file at `absPath` whose lstat is `st` (a symlink hashes its target text).
 * Returns undefined when the file vanished or stopped being a file or symlink in between.
 */
export function blobIdOfFile(absPath: string, st: Stats, algo: HashAlgorithm = 'sha1'): string | undefined {
  try {
    if (st.isSymbolicLink()) return blobIdOf(fs.readlinkSync(absPath, { encoding: 'buffer' }), algo);
    if (st.size <= WHOLE_READ_LIMIT) return blobIdOf(fs.readFileSync(absPath), algo);
    return blobIdOfLargeFile(absPath, algo);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EINVAL') return undefined;
    throw error;
  }
}

// The header needs the size before the content, so take it from fstat and check that exactly that
// many bytes were read; a file still being written is hashed again (bounded, then read whole).
function blobIdOfLargeFile(absPath: string, algo: HashAlgorithm): string {
  for (let attempt = 0; attempt < 3; attempt++) {
    const fd = fs.openSync(absPath, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const hash = createHash(algo).update(`blob ${size}\0`);
      const chunk = Buffer.allocUnsafe(CHUNK);
      let total = 0;
      for (let n; (n = fs.readSync(fd, chunk, 0, CHUNK, null)) > 0; ) {
        hash.update(chunk.subarray(0, n));
        total += n;
      }
      if (total === size) return hash.digest('hex');
    } finally {
      fs.closeSync(fd);
    }
  }
  return blobIdOf(fs.readFileSync(absPath), algo);
}
