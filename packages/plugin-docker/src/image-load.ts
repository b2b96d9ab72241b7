/**
 * Loads a built image into a Docker engine the way the seed's `ant-build-docker` did: images the
 * engine already has (same content tag, same image ID) are not loaded again, and `latest` is
 * re-pointed at the new build.
 */
import { join } from 'node:path';
import type { DockerEngine } from './docker-engine.js';
import type { BuiltImage } from './image-builder.js';

export interface LoadResult {
  reference: string;
  status: 'loaded' | 'present';
}

/** Loads `<variantDir>/image.tar` unless the engine already holds `name:<content tag>`. */
export async function loadImage(engine: DockerEngine, variantDir: string, built: BuiltImage): Promise<LoadResult> {
  const [contentTag, ...otherTags] = built.tags;
  const reference = `${built.name}:${contentTag}`;
  // dockerd and podman name an image by its config digest; dockerd's containerd image store names
  // it by a manifest digest. Either of ours means "this very image"; anything else is reloaded.
  const ours = (id: string | undefined) => id === built.configDigest || id === built.manifestDigest;
  const present = ours(await engine.imageId(reference));
  let id: string | undefined;
  if (!present) {
    await engine.load(join(variantDir, built.dockerArchive));
    id = await engine.imageId(reference);
    if (!id) throw new Error(`The engine accepted ${join(variantDir, built.dockerArchive)} but has no ${reference} afterwards`);
  }
  for (const tag of otherTags) {
    const current = await engine.imageId(`${built.name}:${tag}`);
    if (!ours(current) && current !== id) await engine.tag(reference, built.name, tag);
  }
  return { reference, status: present ? 'present' : 'loaded' };
}
