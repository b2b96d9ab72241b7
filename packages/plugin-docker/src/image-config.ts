/**
 * The image configuration (OCI image-spec `config.json`, which Docker reads too) built from an
 * {@link ImageSpec}, the base image's config and the layers' diff_ids. Pure; serialised with
 * {@link canonicalJson} so its digest (Docker's "image ID") depends on content only.
 */
import type { Digest } from './digest.js';
import type { ImageSpec } from './image-spec.js';

/** The subset of the OCI image config plugin-docker reads and writes. Unknown base fields are kept. */
export interface ImageConfig {
  architecture: string;
  os: string;
  created?: string;
  config?: {
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Env?: string[];
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, object>;
    Labels?: Record<string, string>;
    Volumes?: Record<string, object>;
    [key: string]: unknown;
  };
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  [key: string]: unknown;
}

/** An empty base: what `scratch` means. */
export function scratchConfig(spec: Pick<ImageSpec, 'architecture' | 'os'>): ImageConfig {
  return { architecture: spec.architecture, os: spec.os, rootfs: { type: 'layers', diff_ids: [] }, history: [] };
}

/** Merges `K=V` lists: the overrides replace same-named keys in place; new keys follow, sorted. */
export function mergeEnv(base: readonly string[], overrides: Record<string, string>): string[] {
  const keyOf = (kv: string) => kv.slice(0, kv.indexOf('=') >= 0 ? kv.indexOf('=') : kv.length);
  const seen = new Set<string>();
  const merged = base.map((kv) => {
    const key = keyOf(kv);
    seen.add(key);
    return key in overrides ? `${key}=${overrides[key]}` : kv;
  });
  const added = Object.keys(overrides)
    .filter((k) => !seen.has(k))
    .sort()
    .map((k) => `${k}=${overrides[k]}`);
  return [...merged, ...added];
}

export interface ConfigLayer {
  name: string;
  diffId: Digest;
}

/**
 * Builds the config of the new image. `autoEntrypoint` is used only when neither the spec nor the
 * base names an entrypoint or command (e.g. the single binary of a Go service).
 */
export function buildImageConfig(spec: ImageSpec, base: ImageConfig, layers: readonly ConfigLayer[], autoEntrypoint?: string[]): ImageConfig {
  const baseRun = base.config ?? {};
  const run: NonNullable<ImageConfig['config']> = { ...baseRun };
  // Docker semantics: setting the entrypoint resets the inherited command.
  if (spec.entrypoint) {
    run.Entrypoint = spec.entrypoint;
    run.Cmd = spec.cmd ?? null;
  } else if (spec.cmd) {
    run.Cmd = spec.cmd;
  } else if (!baseRun.Entrypoint?.length && !baseRun.Cmd?.length && autoEntrypoint) {
    run.Entrypoint = autoEntrypoint;
  }
  if (run.Entrypoint === null || run.Entrypoint?.length === 0) delete run.Entrypoint;
  if (run.Cmd === null || run.Cmd?.length === 0) delete run.Cmd;
  const env = mergeEnv(baseRun.Env ?? [], spec.env);
  if (env.length) run.Env = env;
  if (spec.workdir) run.WorkingDir = spec.workdir;
  if (spec.user) run.User = spec.user;
  const ports = { ...(baseRun.ExposedPorts ?? {}) };
  for (const port of spec.exposedPorts) ports[port] = {};
  if (Object.keys(ports).length) run.ExposedPorts = ports;
  const labels = { ...(baseRun.Labels ?? {}), ...spec.labels };
  if (Object.keys(labels).length) run.Labels = labels;
  const volumes = { ...(baseRun.Volumes ?? {}) };
  for (const volume of spec.volumes) volumes[volume] = {};
  if (Object.keys(volumes).length) run.Volumes = volumes;

  return {
    ...base,
    architecture: spec.architecture,
    os: spec.os,
    created: spec.created,
    config: run,
    rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, ...layers.map((l) => l.diffId)] },
    history: [
      ...(base.history ?? []),
      ...layers.map((l) => ({ created: spec.created, created_by: 'ant plugin-docker', comment: `layer: ${l.name}` })),
    ],
  };
}
