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
  const present = (await engine.imageId(reference)) === built.configDigest;
  if (!present) {
    await engine.load(join(variantDir, built.dockerArchive));
    const id = await engine.imageId(reference);
    if (id !== built.configDigest) {
      throw new Error(`After loading ${join(variantDir, built.dockerArchive)}, the engine has ${reference} as ${id ?? 'nothing'}, expected ${built.configDigest}`);
    }
  }
  for (const tag of otherTags) {
    if ((await engine.imageId(`${built.name}:${tag}`)) !== built.configDigest) await engine.tag(reference, built.name, tag);
  }
  return { reference, status: present ? 'present' : 'loaded' };
}
