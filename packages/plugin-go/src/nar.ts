/**
 * Nix ARchive (NAR) serialisation and its SHA-256, the hash behind `vendorHash`.
 *
 * The format (NixOS/nix `src/libutil/archive.cc`): every token is a string written as its u64
 * little-endian length, its bytes and zero padding to a multiple of 8. A node is
 * `( type regular [executable ""] contents <bytes> )`, `( type symlink target <bytes> )` or
 * `( type directory { entry ( name <n> node <node> ) }… )` with entries in byte-wise name order.
 * Only the owner-exec bit is recorded: no other mode bits, times or owners.
 *
 * The serialiser pushes bytes to a sink (SHA-256 for {@link narHash}) as it walks the tree, so
 * large files stream through a fixed buffer instead of being read whole.
 */
import { createHash } from 'node:crypto';
import { lstat, open, readdir, readFile, readlink } from 'node:fs/promises';

/**
 * Receives the archive's bytes in order. A chunk is only valid during the call (buffers are
 * reused), so a sink must consume or copy it, as `hash.update` does.
 */
export type NarSink = (chunk: Buffer) => void;

/** Files up to this size are read in one call; larger ones stream through a reused buffer. */
const WHOLE_FILE_LIMIT = 1 << 20;

/**
 * Collects the many small tokens of the format into one buffer before handing them to the sink:
 * an update per 8-byte length prefix would cost more than the hashing itself.
 */
class TokenWriter {
  private readonly buffer = Buffer.alloc(64 * 1024);
  private used = 0;

  constructor(private readonly sink: NarSink) {}

  /** Raw bytes, copied into the batch (or passed straight through when large). */
  bytes(data: Buffer): void {
    if (data.length > this.buffer.length - this.used) {
      this.flush();
      if (data.length > this.buffer.length) {
        this.sink(data);
        return;
      }
    }
    data.copy(this.buffer, this.used);
    this.used += data.length;
  }

  /** The u64 little-endian length prefix of a string of `length` bytes. */
  length(length: number): void {
    if (this.buffer.length - this.used < 8) this.flush();
    this.buffer.writeBigUInt64LE(BigInt(length), this.used);
    this.used += 8;
  }

  /** Zero padding after `length` bytes of string data, to a multiple of 8. */
  pad(length: number): void {
    const pad = (8 - (length % 8)) % 8;
    if (pad === 0) return;
    if (this.buffer.length - this.used < pad) this.flush();
    this.buffer.fill(0, this.used, this.used + pad);
    this.used += pad;
  }

  /** One NAR string token. */
  token(value: string | Buffer): void {
    const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.length(data.length);
    this.bytes(data);
    this.pad(data.length);
  }

  flush(): void {
    if (this.used === 0) return;
    this.sink(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

/** Joins a raw (byte) directory path and an entry name without assuming UTF-8 names. */
function joinRaw(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, Buffer.from('/'), name]);
}

async function fileContents(out: TokenWriter, path: Buffer, size: number): Promise<void> {
  out.length(size);
  let read = 0;
  if (size <= WHOLE_FILE_LIMIT) {
    const data = await readFile(path);
    read = data.length;
    if (read === size) out.bytes(data);
  } else {
    out.flush();
    const handle = await open(path, 'r');
    try {
      const chunk = Buffer.alloc(WHOLE_FILE_LIMIT);
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - read + 1), null);
        if (bytesRead === 0) break;
        read += bytesRead;
        if (read > size) break;
        out.bytes(chunk.subarray(0, bytesRead));
        out.flush();
      }
    } finally {
      await handle.close();
    }
  }
  // The length prefix is already out: a file that changed while we read it would corrupt the hash.
  if (read !== size) {
    throw new Error(`${path.toString()} changed size while it was being hashed (expected ${size} bytes, read ${read})`);
  }
  out.pad(size);
}

async function node(out: TokenWriter, path: Buffer): Promise<void> {
  const stats = await lstat(path);
  out.token('(');
  out.token('type');
  if (stats.isSymbolicLink()) {
    out.token('symlink');
    out.token('target');
    out.token(await readlink(path, { encoding: 'buffer' }));
  } else if (stats.isFile()) {
    out.token('regular');
    // Nix records only the owner-exec bit (S_IXUSR).
    if ((stats.mode & 0o100) !== 0) {
      out.token('executable');
      out.token('');
    }
    out.token('contents');
    await fileContents(out, path, stats.size);
  } else if (stats.isDirectory()) {
    out.token('directory');
    const names = await readdir(path, { encoding: 'buffer' });
    // Byte-wise order, as C++ std::map<std::string> sorts them: 'B' < 'Z' < 'a'.
    names.sort(Buffer.compare);
    for (const name of names) {
      out.token('entry');
      out.token('(');
      out.token('name');
      out.token(name);
      out.token('node');
      await node(out, joinRaw(path, name));
      out.token(')');
    }
  } else {
    throw new Error(`${path.toString()}: cannot put a socket, FIFO or device file in a NAR`);
  }
  out.token(')');
}

/**
 * Writes the NAR serialisation of the file, symlink or directory at `path` to `sink`, reading
 * files as it goes (never a whole large file in memory). The root's own name is not part of it.
 */
export async function writeNar(path: string, sink: NarSink): Promise<void> {
  const out = new TokenWriter(sink);
  out.token('nix-archive-1');
  await node(out, Buffer.from(path));
  out.flush();
}

/** SHA-256 digest of the NAR serialisation of `path` (what `nix hash path` hashes). */
export async function narDigest(path: string): Promise<Buffer> {
  const hash = createHash('sha256');
  await writeNar(path, (chunk) => hash.update(chunk));
  return hash.digest();
}

/** SRI form of a SHA-256 digest: `sha256-` + standard base64 with padding. */
export function toSri(digest: Buffer): string {
  return `sha256-${digest.toString('base64')}`;
}

/** `nix hash path PATH`: the SRI SHA-256 of the NAR serialisation of `path`. */
export async function narHash(path: string): Promise<string> {
  return toSri(await narDigest(path));
}

const NIX_BASE32 = '0123456789abcdfghijklmnpqrsvwxyz';

/** Nix's own base-32 form of a digest (52 characters for SHA-256), as older `vendorSha256` used. */
export function toNixBase32(digest: Buffer): string {
  const length = Math.ceil((digest.length * 8) / 5);
  let out = '';
  for (let n = length - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = bit >> 3;
    const j = bit & 7;
    const c = ((digest[i]! >> j) | (i + 1 < digest.length ? digest[i + 1]! << (8 - j) : 0)) & 31;
    out += NIX_BASE32[c];
  }
  return out;
}

/** Whether `value` looks like an SRI SHA-256 hash (`sha256-` and 44 base64 characters). */
export function isSriSha256(value: string): boolean {
  return /^sha256-[A-Za-z0-9+/]{43}=$/.test(value);
}
