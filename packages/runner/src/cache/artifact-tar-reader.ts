/**
 * Streams the entries of a gzip'd tar held in memory, counting decompressed bytes as they come out
 * of the inflater, so a gzip bomb is stopped at `maxBytes` instead of filling memory or disk.
 * Every failure (not gzip, truncated, bad CRC, corrupt tar header, too large) surfaces as
 * {@link ArtifactRejected}. It knows nothing of the artifact layout; `artifact-unpack.ts` does.
 */
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { ArtifactRejected } from './artifact-format.js';

/** One tar entry: its header and its content stream, which must be read or drained before the next. */
export type TarEntry = tar.ExtractEvents['entry'][1];

/** Reads one gzip'd tar once, front to back. */
export class TarGzReader {
  readonly #body: Buffer;
  readonly #maxBytes: number;
  #failure: ArtifactRejected | undefined;
  #cleanup: (() => void) | undefined;

  constructor(body: Buffer, maxBytes: number) {
    this.#body = body;
    this.#maxBytes = maxBytes;
  }

  /** Yields the entries in order; stop early by breaking out of the loop. */
  async *entries(): AsyncGenerator<TarEntry> {
    // Bigger chunks than the 16 KiB default: fewer round trips to the thread pool that inflates.
    const gunzip = createGunzip({ chunkSize: 128 * 1024 });
    const extract = tar.extract();
    let inflated = 0;
    const maxBytes = this.#maxBytes;
    const fail = (error: ArtifactRejected) => {
      this.#failure ??= error;
      extract.destroy(error);
    };
    // Counting after the inflater (not trusting any declared size) is what makes this bomb-safe.
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        inflated += chunk.length;
        if (inflated > maxBytes) {
          callback(new ArtifactRejected(`artifact inflates to more than the limit of ${maxBytes} bytes`));
          return;
        }
        callback(null, chunk);
      },
    });
    gunzip.on('error', (cause: Error) =>
      fail(new ArtifactRejected(`artifact is not a complete, valid gzip stream (${cause.message})`, { cause })),
    );
    counter.on('error', (error: Error) => fail(error as ArtifactRejected));
    gunzip.pipe(counter).pipe(extract as unknown as Writable);
    this.#cleanup = () => {
      gunzip.destroy();
      counter.destroy();
      extract.destroy();
    };
    gunzip.end(this.#body);
    try {
      for await (const entry of extract) yield entry;
    } catch (cause) {
      throw this.#rejection(cause);
    } finally {
      this.#cleanup();
    }
    if (this.#failure) throw this.#failure;
  }

  /** Reads an entry's content into memory, refusing more than `limit` bytes. */
  async collect(entry: TarEntry, limit: number): Promise<Buffer> {
    if ((entry.header.size ?? 0) > limit) {
      throw new ArtifactRejected(`artifact entry ${entry.header.name} is larger than ${limit} bytes`);
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of entry) chunks.push(chunk as Buffer);
    } catch (cause) {
      throw this.#rejection(cause);
    }
    return Buffer.concat(chunks);
  }

  /** Reads and discards an entry's content. */
  async drain(entry: TarEntry): Promise<void> {
    try {
      for await (const _chunk of entry) {
        // Reading is the point: tar-stream only moves on once the entry is consumed.
      }
    } catch (cause) {
      throw this.#rejection(cause);
    }
  }

  /** Streams an entry's content into `sink` (a file write stream). */
  async pipeTo(entry: TarEntry, sink: Writable): Promise<void> {
    try {
      await pipeline(entry, sink);
    } catch (cause) {
      throw this.#failure ?? cause;
    }
  }

  #rejection(cause: unknown): ArtifactRejected {
    if (this.#failure) return this.#failure;
    if (cause instanceof ArtifactRejected) return cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    return new ArtifactRejected(`artifact tar is corrupt or truncated (${message})`, { cause });
  }
}
