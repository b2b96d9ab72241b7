/**
 * Builds one image variant without a Docker daemon: base image + one deterministic tar per layer +
 * canonical config and manifest, written as an OCI layout (`oci/`), a docker-archive
 * (`image.tar`) and a summary (`image.json`) under the variant's output directory.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadBaseImage, uncompressedLayer, type BaseImage } from './base-image.js';
import { canonicalJson, digestHex, sha256, type Digest } from './digest.js';
import { writeDockerArchive } from './docker-archive.js';
import { assertLinuxExecutables } from './executable-format.js';
import { buildImageConfig, type ConfigLayer } from './image-config.js';
import type { ImageSpec } from './image-spec.js';
import { collectLayerEntries, type LayerEntry } from './layer-contents.js';
import { copyHashed, gzipFile, writeLayerTar } from './layer-tar.js';
import { blobPath, encodeManifest, MEDIA_TYPES, writeJsonBlob, writeLayoutIndex, type Descriptor } from './oci-layout.js';

/** `image.json`: what was built, read back by `ant docker load|push|tags`. */
export interface BuiltImage {
  schemaVersion: 1;
  name: string;
  variant: string;
  /** `[<task hash>, 'latest']`. */
  tags: string[];
  /** The image's identity: the OCI manifest digest (what a registry reports after a push). */
  manifestDigest: Digest;
  /** Docker's image ID: the config digest. */
  configDigest: Digest;
  layers: { name: string; diffId: Digest; digest: Digest; size: number; mediaType: string }[];
  /** Paths relative to the variant's output directory. */
  ociLayout: 'oci';
  dockerArchive: 'image.tar';
}

export interface BuildImageContext {
  root: string;
  projectRoot: string;
  /** The variant's output directory (`<project>/dist/image/<variant>`); replaced. */
  outDir: string;
  /** The content tag (the task hash). */
  tag: string;
  /** Names the service's config in errors, e.g. `services.api.docker`. */
  where: string;
  env: Record<string, string | undefined>;
  insecure?: boolean;
  log(line: string): void;
}

/** Builds one variant; returns its `image.json` content (also written to disk). */
export async function buildImage(spec: ImageSpec, ctx: BuildImageContext): Promise<BuiltImage> {
  await rm(ctx.outDir, { recursive: true, force: true });
  const layout = join(ctx.outDir, 'oci');
  const work = join(ctx.outDir, '.work');
  await mkdir(join(layout, 'blobs', 'sha256'), { recursive: true });
  await mkdir(work, { recursive: true });
  try {
    const mtime = new Date(spec.created);
    const base = await loadBaseImage(spec.base, {
      root: ctx.root,
      projectRoot: ctx.projectRoot,
      workDir: work,
      cacheDir: join(ctx.root, '.ant', 'docker', 'blobs'),
      architecture: spec.architecture,
      insecure: ctx.insecure,
      env: ctx.env,
    });
    const layers: BuiltImage['layers'] = [];
    const uncompressed: { diffId: Digest; path: string; size: number }[] = [];
    for (const [i, layer] of base.layers.entries()) {
      const copied = await copyHashed(createReadStream(layer.blob.path), blobPath(layout, layer.blob.digest));
      if (copied.digest !== layer.blob.digest) throw new Error(`Base image ${spec.base}: layer blob ${layer.blob.path} has digest ${copied.digest}, expected ${layer.blob.digest}`);
      layers.push({ name: `base-${i}`, diffId: layer.diffId, digest: layer.blob.digest, size: layer.blob.size, mediaType: layer.blob.mediaType });
      uncompressed.push({ diffId: layer.diffId, ...(await uncompressedLayer(layer, work)) });
    }

    const own: ConfigLayer[] = [];
    let top: LayerEntry[] = [];
    for (const name of spec.layers) {
      const contents = spec.contents.map((c, index) => ({ ...c, index })).filter((c) => c.layer === name);
      const entries = await collectLayerEntries(contents, {
        root: ctx.root,
        projectRoot: ctx.projectRoot,
        exclude: [join(ctx.projectRoot, 'dist', 'image')],
        where: `${ctx.where}.contents`,
      });
      if (entries.length === 0) {
        ctx.log(`${spec.name}: layer "${name}" is empty, skipped`);
        continue;
      }
      await assertLinuxExecutables(entries, ctx.where);
      top = entries;
      const tarPath = join(work, `layer-${name}.tar`);
      const tarBlob = await writeLayerTar(entries, tarPath, mtime);
      let blob: { digest: Digest; size: number; mediaType: string };
      if (spec.compression === 'gzip') {
        const gz = await gzipFile(tarPath, join(work, `layer-${name}.tar.gz`));
        await rename(gz.path, blobPath(layout, gz.digest));
        blob = { digest: gz.digest, size: gz.size, mediaType: MEDIA_TYPES.ociLayerGzip };
        uncompressed.push({ diffId: tarBlob.digest, path: tarPath, size: tarBlob.size });
      } else {
        await rename(tarPath, blobPath(layout, tarBlob.digest));
        blob = { digest: tarBlob.digest, size: tarBlob.size, mediaType: MEDIA_TYPES.ociLayer };
        uncompressed.push({ diffId: tarBlob.digest, path: blobPath(layout, tarBlob.digest), size: tarBlob.size });
      }
      own.push({ name, diffId: tarBlob.digest });
      layers.push({ name, diffId: tarBlob.digest, ...blob });
      ctx.log(`${spec.name}: layer ${name}: ${entries.length} entries, ${tarBlob.size} bytes, ${tarBlob.digest.slice(0, 19)}`);
    }

    const config = buildImageConfig(spec, base.config, own, autoEntrypoint(top, base));
    const configBytes = Buffer.from(canonicalJson(config));
    const configDescriptor = await writeJsonBlob(layout, MEDIA_TYPES.ociConfig, configBytes);
    const layerDescriptors: Descriptor[] = layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size }));
    const manifest = encodeManifest(configDescriptor, layerDescriptors);
    const manifestDescriptor = await writeJsonBlob(layout, MEDIA_TYPES.ociManifest, manifest.bytes);
    const tags = [ctx.tag, 'latest'];
    await writeLayoutIndex(layout, manifestDescriptor, tags);
    await writeDockerArchive(join(ctx.outDir, 'image.tar'), {
      configBytes,
      layers: uncompressed,
      repoTags: tags.map((t) => `${spec.name}:${t}`),
      mtime,
    });
    const built: BuiltImage = {
      schemaVersion: 1,
      name: spec.name,
      variant: spec.variant,
      tags,
      manifestDigest: manifest.digest,
      configDigest: sha256(configBytes),
      layers,
      ociLayout: 'oci',
      dockerArchive: 'image.tar',
    };
    await writeFile(join(ctx.outDir, 'image.json'), JSON.stringify(built, null, 2) + '\n');
    ctx.log(`${spec.name}:${ctx.tag} ${manifest.digest} (image id ${digestHex(built.configDigest).slice(0, 12)}, ${layers.length} layers)`);
    return built;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The entrypoint to use when none is configured: the top layer's only executable file, e.g. the
 * one binary of a Go service. Undefined when there is none or more than one, or the base has one.
 */
function autoEntrypoint(top: readonly LayerEntry[], base: BaseImage): string[] | undefined {
  if (base.config.config?.Entrypoint?.length || base.config.config?.Cmd?.length) return undefined;
  const executables = top.filter((e) => e.type === 'file' && e.executable);
  return executables.length === 1 ? [`/${executables[0].path}`] : undefined;
}
