/**
 * Pushes a built image (its OCI layout) to a registry: blobs the repository already has are
 * skipped (HEAD), the rest uploaded, then the manifest is PUT under each tag. An image whose
 * content tag already points at the same manifest is not re-pushed at all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Digest } from './digest.js';
import type { BuiltImage } from './image-builder.js';
import { blobPath, MEDIA_TYPES, type ImageManifest } from './oci-layout.js';
import type { RegistryClient } from './registry-client.js';

export interface PushResult {
  /** `registry/repository:tag` of the content tag. */
  reference: string;
  digest: Digest;
  /** False when the registry already had this manifest under the content tag. */
  pushed: boolean;
  uploaded: number;
  skipped: number;
}

/** Pushes `<variantDir>/oci` as `repository` with the image's tags. */
export async function pushImage(client: RegistryClient, variantDir: string, built: BuiltImage, repository: string): Promise<PushResult> {
  const layout = join(variantDir, built.ociLayout);
  const manifestBytes = await readFile(blobPath(layout, built.manifestDigest));
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as ImageManifest;
  const [contentTag, ...otherTags] = built.tags;
  const reference = `${client.registry}/${repository}:${contentTag}`;
  const result: PushResult = { reference, digest: built.manifestDigest, pushed: false, uploaded: 0, skipped: 0 };

  if ((await client.manifestDigest(repository, contentTag)) !== built.manifestDigest) {
    for (const blob of [manifest.config, ...manifest.layers]) {
      if (await client.hasBlob(repository, blob.digest)) {
        result.skipped++;
        continue;
      }
      await client.uploadBlob(repository, blob.digest, blob.size, blobPath(layout, blob.digest));
      result.uploaded++;
    }
    const digest = await client.putManifest(repository, contentTag, manifestBytes, manifest.mediaType ?? MEDIA_TYPES.ociManifest);
    if (digest !== built.manifestDigest) {
      throw new Error(`Registry ${client.registry} stored ${repository}:${contentTag} as ${digest}, expected ${built.manifestDigest}: it rewrote the manifest`);
    }
    result.pushed = true;
  }
  // Moving tags (`latest`) are re-pointed whenever they lag behind, even if the content was there.
  for (const tag of otherTags) {
    if ((await client.manifestDigest(repository, tag)) !== built.manifestDigest) {
      await client.putManifest(repository, tag, manifestBytes, manifest.mediaType ?? MEDIA_TYPES.ociManifest);
    }
  }
  return result;
}
