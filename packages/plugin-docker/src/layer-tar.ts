/**
 * Deterministic layer tars: entries in the given (sorted) order, one fixed mtime, uid/gid 0, no
 * user or group names, modes reduced to 0755/0644 (so the host's umask never leaks in), and the
 * same ustar/pax encoding every time. Same entries → same bytes → same diff_id, on any host.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Digest } from './digest.js';
import type { LayerEntry } from './layer-contents.js';
import { addFileEntry } from './tar-file-entry.js';

/** tar-stream's header argument (its type is not exported by name). */
type TarHeader = Parameters<tar.Pack['entry']>[0];

/** A blob written to disk, with its digest and size. */
export interface WrittenBlob {
  path: string;
  digest: Digest;
  size: number;
}

/** A pass-through stream that hashes and counts what flows through it. */
export class DigestTap extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  /** Valid once the stream has ended. */
  digest(): Digest {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

/** Header fields every entry shares: nothing about the host that ran the build. */
function header(entry: LayerEntry, mtime: Date): TarHeader {
  const common = { uid: 0, gid: 0, uname: '', gname: '', mtime };
  switch (entry.type) {
    case 'directory':
      return { ...common, name: `${entry.path}/`, type: 'directory', mode: 0o755 };
    case 'symlink':
      return { ...common, name: entry.path, type: 'symlink', mode: 0o777, linkname: entry.target };
    case 'file':
      return { ...common, name: entry.path, type: 'file', mode: entry.executable ? 0o755 : 0o644, size: entry.size };
  }
}

/** Writes the entries as an uncompressed tar to `file`; the digest is the layer's diff_id. */
export async function writeLayerTar(entries: readonly LayerEntry[], file: string, mtime: Date): Promise<WrittenBlob> {
  const pack = tar.pack();
  const tap = new DigestTap();
  const done = pipeline(pack, tap, createWriteStream(file));
  try {
    for (const entry of entries) {
      if (entry.type !== 'file') {
        await new Promise<void>((resolve, reject) => pack.entry(header(entry, mtime), (err) => (err ? reject(err) : resolve())));
        continue;
      }
      // A file that changed size since it was listed would make tar-stream fail: say which one.
      await addFileEntry(pack, header(entry, mtime), entry.source, (err) => new Error(`Cannot add ${entry.source} to the layer as /${entry.path}: ${err.message}`));
    }
    pack.finalize();
  } catch (err) {
    pack.destroy(err as Error);
    await done.catch(() => undefined);
    throw err;
  }
  await done;
  return { path: file, digest: tap.digest(), size: tap.size };
}

/**
 * Gzips a file. Node's zlib writes a fixed header (mtime 0), so the output is stable for a given
 * zlib build; uncompressed layers are the default because only they are identical everywhere.
 */
export async function gzipFile(source: string, dest: string): Promise<WrittenBlob> {
  const tap = new DigestTap();
  await pipeline(createReadStream(source), createGzip({ level: 6 }), tap, createWriteStream(dest));
  return { path: dest, digest: tap.digest(), size: tap.size };
}

/** Copies a file while hashing it (to land a blob whose digest must be checked). */
export async function copyHashed(source: NodeJS.ReadableStream, dest: string): Promise<WrittenBlob> {
  const tap = new DigestTap();
  await pipeline(source, tap, createWriteStream(dest));
  return { path: dest, digest: tap.digest(), size: tap.size };
}
