/**
 * OCI image layout directories (`oci-layout`, `index.json`, `blobs/sha256/…`), as the image-spec
 * describes them: written for every built image, read for `oci:` base images and for pushing.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson, digestHex, sha256, type Digest } from './digest.js';
import type { ImageConfig } from './image-config.js';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** The annotation that names a manifest in `index.json` (what `oci:DIR:REF` selects). */
export const REF_NAME = 'org.opencontainers.image.ref.name';

/** A content descriptor (image-spec `descriptor.md`). */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string; variant?: string };
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

/** Where a blob lives in a layout. */
export function blobPath(layout: string, digest: string): string {
  return join(layout, 'blobs', 'sha256', digestHex(digest));
}

/** Builds the manifest JSON bytes and their digest (canonical: stable key order, no whitespace). */
export function encodeManifest(config: Descriptor, layers: readonly Descriptor[]): { bytes: Buffer; digest: Digest } {
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: [...layers] };
  const bytes = Buffer.from(canonicalJson(manifest));
  return { bytes, digest: sha256(bytes) };
}

/** Writes `oci-layout` and an `index.json` naming the manifest once per tag. Blobs must be in place. */
export async function writeLayoutIndex(layout: string, manifest: Descriptor, tags: readonly string[]): Promise<void> {
  await mkdir(join(layout, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(layout, 'oci-layout'), canonicalJson({ imageLayoutVersion: '1.0.0' }));
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: tags.map((tag) => ({ ...manifest, annotations: { [REF_NAME]: tag } })),
  };
  await writeFile(join(layout, 'index.json'), canonicalJson(index));
}

/** Writes a JSON blob into the layout and returns its descriptor. */
export async function writeJsonBlob(layout: string, mediaType: string, bytes: Buffer): Promise<Descriptor> {
  const digest = sha256(bytes);
  await writeFile(blobPath(layout, digest), bytes);
  return { mediaType, digest, size: bytes.length };
}

/** A manifest read from a layout, with its config. */
export interface LayoutImage {
  layout: string;
  manifestDescriptor: Descriptor;
  manifestBytes: Buffer;
  manifest: ImageManifest;
  configBytes: Buffer;
  config: ImageConfig;
}

/** Reads a blob and checks its digest: a layout on disk is input we did not write. */
export async function readVerifiedBlob(layout: string, digest: Digest): Promise<Buffer> {
  const bytes = await readFile(blobPath(layout, digest)).catch((err: Error) => {
    throw new Error(`OCI layout ${layout}: blob ${digest} is missing (${err.message})`);
  });
  if (sha256(bytes) !== digest) throw new Error(`OCI layout ${layout}: blob ${digest} does not match its digest (corrupt layout)`);
  return bytes;
}

/**
 * Reads the image named `ref` (the `org.opencontainers.image.ref.name` annotation) from a layout,
 * or its only image when `ref` is omitted. Nested indexes are followed to the linux/`arch` image.
 */
export async function readLayoutImage(layout: string, ref?: string, arch?: string): Promise<LayoutImage> {
  const indexText = await readFile(join(layout, 'index.json'), 'utf8').catch(() => {
    throw new Error(`${layout} is not an OCI image layout: index.json is missing`);
  });
  let index = JSON.parse(indexText) as ImageIndex;
  let candidates = ref === undefined ? index.manifests : index.manifests.filter((m) => m.annotations?.[REF_NAME] === ref);
  if (candidates.length === 0) {
    const refs = index.manifests.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
    throw new Error(`OCI layout ${layout} has no image "${ref}"; it has: ${refs.join(', ') || '(no named images)'}`);
  }
  if (new Set(candidates.map((m) => m.digest)).size > 1) {
    throw new Error(`OCI layout ${layout} holds several images; name one as oci:${layout}:<ref>`);
  }
  let descriptor = candidates[0];
  while (descriptor.mediaType === MEDIA_TYPES.ociIndex || descriptor.mediaType === MEDIA_TYPES.dockerManifestList) {
    index = JSON.parse((await readVerifiedBlob(layout, descriptor.digest)).toString('utf8')) as ImageIndex;
    candidates = index.manifests.filter((m) => !m.platform || (m.platform.os === 'linux' && (!arch || m.platform.architecture === arch)));
    if (!candidates[0]) throw new Error(`OCI layout ${layout}: no linux/${arch ?? '*'} image in index ${descriptor.digest}`);
    descriptor = candidates[0];
  }
  const manifestBytes = await readVerifiedBlob(layout, descriptor.digest);
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as ImageManifest;
  const configBytes = await readVerifiedBlob(layout, manifest.config.digest);
  return { layout, manifestDescriptor: descriptor, manifestBytes, manifest, configBytes, config: JSON.parse(configBytes.toString('utf8')) as ImageConfig };
}
