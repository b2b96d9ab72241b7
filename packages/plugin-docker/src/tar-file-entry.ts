/**
 * Streams a file on disk into a tar-stream pack as one entry, resolving once the entry is
 * complete. `describe` turns a read failure (e.g. the file changed size since it was listed)
 * into a message that names the file.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type tar from 'tar-stream';

export function addFileEntry(
  pack: tar.Pack,
  header: Parameters<tar.Pack["entry"]>[0],
  source: string,
  describe: (err: Error) => Error = (err) => err,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
    pipeline(createReadStream(source), sink).catch((err: Error) => reject(describe(err)));
  });
}
