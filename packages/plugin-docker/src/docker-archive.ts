/**
 * docker-archive tars (what `docker save` writes and `docker load` / `POST /images/load` read):
 * `manifest.json` = `[{"Config":"<hex>.json","RepoTags":[…],"Layers":["<diff hex>/layer.tar",…]}]`,
 * the config blob, and each layer as an uncompressed tar named after its diff_id.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { canonicalJson, digestHex, sha256, type Digest } from './digest.js';
import type { ImageConfig } from './image-config.js';
import { addFileEntry } from './tar-file-entry.js';

/** tar-stream's header argument (its type is not exported by name). */
type TarHeader = Parameters<tar.Pack['entry']>[0];

/** One entry of `manifest.json`. */
export interface ArchiveManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

export interface ArchiveInput {
  configBytes: Buffer;
  /** Uncompressed layer tars, bottom first. */
  layers: { diffId: Digest; path: string; size: number }[];
  repoTags: string[];
  /** mtime of every archive entry. */
  mtime: Date;
}

/** Writes a docker-archive whose bytes depend only on the input (same rules as the layers). */
export async function writeDockerArchive(file: string, input: ArchiveInput): Promise<void> {
  const configName = `${digestHex(sha256(input.configBytes))}.json`;
  const manifest: ArchiveManifestEntry[] = [
    { Config: configName, RepoTags: input.repoTags, Layers: input.layers.map((l) => `${digestHex(l.diffId)}/layer.tar`) },
  ];
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(file));
  const common = { uid: 0, gid: 0, uname: '', gname: '', mtime: input.mtime };
  const add = (header: TarHeader, body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) pack.entry(header, body, done);
      else pack.entry(header, done);
    });
  try {
    // manifest.json and the config first, so a streaming reader knows what follows.
    const manifestBytes = Buffer.from(canonicalJson(manifest));
    await add({ ...common, name: 'manifest.json', mode: 0o644, size: manifestBytes.length }, manifestBytes);
    await add({ ...common, name: configName, mode: 0o644, size: input.configBytes.length }, input.configBytes);
    const seen = new Set<string>();
    for (const layer of input.layers) {
      const hex = digestHex(layer.diffId);
      if (seen.has(hex)) continue; // the same layer twice in one image is stored once
      seen.add(hex);
      await add({ ...common, name: `${hex}/`, type: 'directory', mode: 0o755 });
      await addFileEntry(pack, { ...common, name: `${hex}/layer.tar`, mode: 0o644, size: layer.size }, layer.path);
    }
    pack.finalize();
  } catch (err) {
    pack.destroy(err as Error);
    await done.catch(() => undefined);
    throw err;
  }
  await done;
}

/** A docker-archive unpacked to a directory. */
export interface ExtractedArchive {
  dir: string;
  manifest: ArchiveManifestEntry;
  configBytes: Buffer;
  config: ImageConfig;
  /** Absolute paths of the layer files, bottom first (possibly compressed, see base-image.ts). */
  layerPaths: string[];
}

/** Extracts a docker-archive into `dir` (refusing entries that would escape it) and reads its first image. */
export async function extractDockerArchive(file: string, dir: string): Promise<ExtractedArchive> {
  await mkdir(dir, { recursive: true });
  const extract = tar.extract();
  const done = pipeline(createReadStream(file), extract);
  // `docker save` of some versions links `<id>/layer.tar` to `../<diffid>.tar`: copied after extraction.
  const links: { dest: string; target: string }[] = [];
  for await (const entry of extract) {
    const name = normalize(entry.header.name);
    if (name.startsWith('..') || name.startsWith(sep)) throw new Error(`docker-archive ${file}: entry "${entry.header.name}" escapes the archive`);
    if (entry.header.type === 'file') {
      const dest = join(dir, name);
      await mkdir(dirname(dest), { recursive: true });
      await pipeline(entry, createWriteStream(dest));
    } else if (entry.header.type === 'symlink' || entry.header.type === 'link') {
      const dest = join(dir, name);
      const target = entry.header.type === 'link' ? join(dir, normalize(entry.header.linkname ?? '')) : join(dirname(dest), entry.header.linkname ?? '');
      if (!target.startsWith(dir + sep)) throw new Error(`docker-archive ${file}: link "${entry.header.name}" points outside the archive`);
      links.push({ dest, target });
      entry.resume();
    } else {
      entry.resume();
    }
  }
  await done;
  for (const link of links) {
    await mkdir(dirname(link.dest), { recursive: true });
    await copyFile(link.target, link.dest);
  }
  const manifestText = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => {
    throw new Error(`${file} is not a docker-archive: it has no manifest.json`);
  });
  const entries = JSON.parse(manifestText) as ArchiveManifestEntry[];
  if (!entries[0]) throw new Error(`docker-archive ${file}: manifest.json lists no image`);
  const manifest = entries[0];
  const resolveInside = (name: string) => {
    const path = normalize(name);
    if (path.startsWith('..') || path.startsWith(sep)) throw new Error(`docker-archive ${file}: "${name}" escapes the archive`);
    return join(dir, path);
  };
  const configBytes = await readFile(resolveInside(manifest.Config));
  return {
    dir,
    manifest,
    configBytes,
    config: JSON.parse(configBytes.toString('utf8')) as ImageConfig,
    layerPaths: manifest.Layers.map(resolveInside),
  };
}
