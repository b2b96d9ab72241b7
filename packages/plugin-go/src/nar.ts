/**
 * Nix ARchive (NAR) serialisation and its SHA-256, the hash behind `vendorHash`.
 *
 * The format (NixOS/nix `src/libutil/archive.cc`): every token is a string written as its u64
 * little-endian length, its bytes and zero padding to a multiple of 8. A node is
 * `( type regular [executable ""] contents <bytes> )`, `( type symlink target <bytes> )` or
 * `( type directory { entry ( name <n> node <node> ) }… )` with entries in byte-wise name order.
 * Only the owner-exec bit is recorded: no other mode bits, times or owners.
 *
 * The serialiser is an async generator of chunks so hashing streams file contents instead of
 * reading whole files into memory; {@link narHash} feeds it to SHA-256.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';

const ZEROS = Buffer.alloc(8);

/** The 8-byte little-endian length prefix of a NAR string. */
function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(length));
  return prefix;
}

/** Padding that brings a string of `length` bytes to a multiple of 8. */
function padding(length: number): Buffer {
  return ZEROS.subarray(0, (8 - (length % 8)) % 8);
}

/** One NAR string token, as the chunks that encode it. */
function* token(value: string | Buffer): Generator<Buffer> {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  yield lengthPrefix(bytes.length);
  yield bytes;
  const pad = padding(bytes.length);
  if (pad.length > 0) yield pad;
}

/** Joins a raw (byte) directory path and an entry name without assuming UTF-8 names. */
function joinRaw(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, Buffer.from('/'), name]);
}

async function* fileContents(path: Buffer, size: number): AsyncGenerator<Buffer> {
  yield lengthPrefix(size);
  let read = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    read += buffer.length;
    if (read > size) break;
    yield buffer;
  }
  // The length prefix is already out: a file that changed while we read it would corrupt the hash.
  if (read !== size) {
    throw new Error(`${path.toString()} changed size while it was being hashed (expected ${size} bytes, read ${read})`);
  }
  const pad = padding(size);
  if (pad.length > 0) yield pad;
}

async function* node(path: Buffer): AsyncGenerator<Buffer> {
  const stats = await lstat(path);
  yield* token('(');
  yield* token('type');
  if (stats.isSymbolicLink()) {
    yield* token('symlink');
    yield* token('target');
    yield* token(await readlink(path, { encoding: 'buffer' }));
  } else if (stats.isFile()) {
    yield* token('regular');
    // Nix records only the owner-exec bit (S_IXUSR).
    if ((stats.mode & 0o100) !== 0) {
      yield* token('executable');
      yield* token('');
    }
    yield* token('contents');
    yield* fileContents(path, stats.size);
  } else if (stats.isDirectory()) {
    yield* token('directory');
    const names = await readdir(path, { encoding: 'buffer' });
    // Byte-wise order, as C++ std::map<std::string> sorts them: 'B' < 'Z' < 'a'.
    names.sort(Buffer.compare);
    for (const name of names) {
      yield* token('entry');
      yield* token('(');
      yield* token('name');
      yield* token(name);
      yield* token('node');
      yield* node(joinRaw(path, name));
      yield* token(')');
    }
  } else {
    throw new Error(`${path.toString()}: cannot put a socket, FIFO or device file in a NAR`);
  }
  yield* token(')');
}

/**
 * The NAR serialisation of the file, symlink or directory at `path`, as a stream of chunks.
 * The root's own name is not part of the archive.
 */
export async function* narChunks(path: string): AsyncGenerator<Buffer> {
  yield* token('nix-archive-1');
  yield* node(Buffer.from(path));
}

/** SHA-256 digest of the NAR serialisation of `path` (what `nix hash path` hashes). */
export async function narDigest(path: string): Promise<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of narChunks(path)) hash.update(chunk);
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
