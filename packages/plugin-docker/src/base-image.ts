/**
 * Base images: `scratch`, an OCI layout (`oci:DIR[:REF]`), a docker-archive
 * (`docker-archive:FILE`), or a registry reference (`docker://HOST/REPO:TAG[@DIGEST]`), pulled with
 * the registry client into a workspace blob cache. Every blob is checked against its digest.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { digestHex, sha256File, type Digest } from './digest.js';
import { extractDockerArchive } from './docker-archive.js';
import { scratchConfig, type ImageConfig } from './image-config.js';
import { DigestTap } from './layer-tar.js';
import { MEDIA_TYPES, readLayoutImage, blobPath, type Descriptor, type ImageIndex, type ImageManifest } from './oci-layout.js';
import { RegistryClient } from './registry-client.js';
import { parseImageReference } from './registry-ref.js';

/** A layer of the base image: its blob on disk (maybe compressed) and its diff_id. */
export interface BaseLayer {
  diffId: Digest;
  blob: Descriptor & { path: string };
}

export interface BaseImage {
  config: ImageConfig;
  layers: BaseLayer[];
}

export interface BaseImageOptions {
  root: string;
  projectRoot: string;
  /** Scratch space for extracting archives (deleted by the caller). */
  workDir: string;
  /** Blob cache for pulled images (`<root>/.ant/docker/blobs`). */
  cacheDir: string;
  architecture: string;
  insecure?: boolean;
  env: Record<string, string | undefined>;
}

/** Resolves `$root/…` against the workspace root and other relative paths against the project. */
export function resolveBasePath(path: string, options: Pick<BaseImageOptions, 'root' | 'projectRoot'>): string {
  if (path.startsWith('$root/')) return join(options.root, path.slice(6));
  return isAbsolute(path) ? path : resolve(options.projectRoot, path);
}

/** Splits `oci:DIR[:REF]` the way skopeo does: a last `:` segment without `/` is the reference. */
export function splitLayoutRef(spec: string): { dir: string; ref?: string } {
  const colon = spec.lastIndexOf(':');
  if (colon > 0 && !spec.slice(colon + 1).includes('/')) return { dir: spec.slice(0, colon), ref: spec.slice(colon + 1) };
  return { dir: spec };
}

/** Loads the base image named by an image spec's `base`. */
export async function loadBaseImage(base: string, options: BaseImageOptions): Promise<BaseImage> {
  if (base === 'scratch') return { config: scratchConfig({ architecture: options.architecture, os: 'linux' }), layers: [] };
  if (base.startsWith('oci:')) {
    const { dir, ref } = splitLayoutRef(base.slice(4));
    const layout = resolveBasePath(dir, options);
    const image = await readLayoutImage(layout, ref, options.architecture);
    return fromManifest(image.manifest, image.config, (d) => blobPath(layout, d.digest));
  }
  if (base.startsWith('docker-archive:')) {
    const file = resolveBasePath(base.slice('docker-archive:'.length), options);
    const archive = await extractDockerArchive(file, join(options.workDir, 'base-archive'));
    const diffIds = archive.config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== archive.layerPaths.length) throw new Error(`docker-archive ${file}: ${archive.layerPaths.length} layers but ${diffIds.length} diff_ids in its config`);
    const layers: BaseLayer[] = [];
    for (const [i, path] of archive.layerPaths.entries()) {
      const { digest, size } = await sha256File(path);
      const mediaType = (await compressionOf(path)) === 'gzip' ? MEDIA_TYPES.ociLayerGzip : MEDIA_TYPES.ociLayer;
      if (mediaType === MEDIA_TYPES.ociLayer && digest !== diffIds[i]) throw new Error(`docker-archive ${file}: layer ${archive.manifest.Layers[i]} has digest ${digest}, its config says ${diffIds[i]}`);
      layers.push({ diffId: diffIds[i], blob: { mediaType, digest, size, path } });
    }
    return { config: archive.config, layers };
  }
  if (base.startsWith('docker://')) return pullBaseImage(base, options);
  throw new Error(`Unknown base image "${base}": expected scratch, oci:DIR[:REF], docker-archive:FILE or docker://HOST/REPO:TAG`);
}

function fromManifest(manifest: ImageManifest, config: ImageConfig, pathOf: (d: Descriptor) => string): BaseImage {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) throw new Error(`Base image: ${manifest.layers.length} layers but ${diffIds.length} diff_ids in its config`);
  return { config, layers: manifest.layers.map((layer, i) => ({ diffId: diffIds[i], blob: { ...layer, mediaType: ociLayerType(layer.mediaType), path: pathOf(layer) } })) };
}

/** Docker's layer media types under their OCI names (the manifest we write is an OCI manifest). */
export function ociLayerType(mediaType: string): string {
  if (mediaType === MEDIA_TYPES.dockerLayerGzip) return MEDIA_TYPES.ociLayerGzip;
  if (mediaType === 'application/vnd.docker.image.rootfs.diff.tar') return MEDIA_TYPES.ociLayer;
  return mediaType;
}

async function pullBaseImage(base: string, options: BaseImageOptions): Promise<BaseImage> {
  const ref = parseImageReference(base);
  const client = new RegistryClient({ registry: ref.registry, insecure: options.insecure, env: options.env });
  let manifest = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
  if (manifest.mediaType === MEDIA_TYPES.ociIndex || manifest.mediaType === MEDIA_TYPES.dockerManifestList) {
    const index = JSON.parse(manifest.bytes.toString('utf8')) as ImageIndex;
    const entry = index.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === options.architecture);
    if (!entry) throw new Error(`Base image ${base} has no linux/${options.architecture} image`);
    manifest = await client.getManifest(ref.repository, entry.digest);
  }
  const parsed = JSON.parse(manifest.bytes.toString('utf8')) as ImageManifest;
  await mkdir(join(options.cacheDir, 'sha256'), { recursive: true });
  const cached = (digest: Digest) => join(options.cacheDir, 'sha256', digestHex(digest));
  for (const descriptor of [parsed.config, ...parsed.layers]) {
    const path = cached(descriptor.digest);
    // Cached blobs were verified when they were downloaded (downloadBlob renames only verified files).
    if (!(await stat(path).catch(() => undefined))) await client.downloadBlob(ref.repository, descriptor.digest, path);
  }
  const config = JSON.parse(await readFile(cached(parsed.config.digest), 'utf8')) as ImageConfig;
  return fromManifest(parsed, config, (d) => cached(d.digest));
}

/** `gzip`, `zstd` or `none`, from a file's magic bytes. */
export async function compressionOf(path: string): Promise<'gzip' | 'zstd' | 'none'> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gzip';
    if (bytesRead === 4 && buffer.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await handle.close();
  }
}

/**
 * The uncompressed tar of a base layer (for the docker-archive), checked against its diff_id:
 * the blob itself when it is uncompressed, else gunzipped into `workDir`.
 */
export async function uncompressedLayer(layer: BaseLayer, workDir: string): Promise<{ path: string; size: number }> {
  const kind = await compressionOf(layer.blob.path);
  if (kind === 'none') {
    const { digest, size } = await sha256File(layer.blob.path);
    if (digest !== layer.diffId) throw new Error(`Base layer ${layer.blob.path} has digest ${digest}, expected diff_id ${layer.diffId}`);
    return { path: layer.blob.path, size };
  }
  if (kind === 'zstd') throw new Error(`Base layer ${layer.blob.digest} is zstd-compressed, which plugin-docker cannot unpack; use a gzip or uncompressed base image`);
  const dest = join(workDir, `${digestHex(layer.diffId)}.tar`);
  const tap = new DigestTap();
  await pipeline(createReadStream(layer.blob.path), createGunzip(), tap, createWriteStream(dest));
  if (tap.digest() !== layer.diffId) throw new Error(`Base layer ${layer.blob.digest} unpacks to ${tap.digest()}, expected diff_id ${layer.diffId}`);
  return { path: dest, size: tap.size };
}
