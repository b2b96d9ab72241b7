/**
 * Resolves what one service's images look like: plugin defaults, then language defaults, then the
 * service's `docker` field, then the variant, merged into one {@link ImageSpec} per variant.
 * Pure: the result is the executor's options, so everything that shapes an image is in the task hash.
 */
import type { Content, PluginConfig, ServiceDockerConfig, VariantConfig } from './config-schema.js';

/** Everything needed to build one image variant, fully resolved. */
export interface ImageSpec {
  variant: string;
  /** Repository name, e.g. `api` or `api-test`. */
  name: string;
  /** `scratch`, `oci:…`, `docker-archive:…` or `docker://…` (paths still relative, see base-image.ts). */
  base: string;
  entrypoint?: string[];
  cmd?: string[];
  env: Record<string, string>;
  workdir?: string;
  user?: string;
  /** Normalised `port/proto`, sorted. */
  exposedPorts: string[];
  labels: Record<string, string>;
  volumes: string[];
  architecture: string;
  os: 'linux';
  created: string;
  compression: 'none' | 'gzip';
  contents: Content[];
  /** Layer names, bottom to top. */
  layers: string[];
}

/** Nix dockerTools' default: 1970-01-01T00:00:01Z (`0` is read as "unset" by some tools). */
export const DEFAULT_CREATED = '1970-01-01T00:00:01Z';

const DEFAULT_VARIANTS: Record<string, VariantConfig> = { prod: {}, test: {} };

interface LanguageDefaults {
  contents: Content[];
  env?: Record<string, string>;
  workdir?: string;
}

const c = (from: string, to: string, layer: string): Content => ({ from, to, layer, optional: true });

/**
 * Content each language's build leaves behind (plugin-go `dist/bin`, plugin-python `.venv`,
 * plugin-js `node_modules` + `dist`), with dependencies in their own layer below the service's code
 * so a code change re-ships only the small top layer. All entries are optional: a project that
 * lacks one simply has a smaller image.
 */
export function languageDefaults(language: string): LanguageDefaults {
  switch (language) {
    case 'go':
      return { contents: [c('dist/bin', '/bin/', 'app')] };
    case 'python':
      return {
        contents: [c('.venv', '/app/.venv/', 'deps'), c('src', '/app/src/', 'app')],
        env: { VIRTUAL_ENV: '/app/.venv', PATH: '/app/.venv/bin:/usr/local/bin:/usr/bin:/bin', PYTHONPATH: '/app/src' },
        workdir: '/app',
      };
    case 'javascript':
      return {
        contents: [c('node_modules', '/app/node_modules/', 'deps'), c('package.json', '/app/package.json', 'app'), c('dist', '/app/dist/', 'app')],
        env: { NODE_ENV: 'production' },
        workdir: '/app',
      };
    default:
      return { contents: [] };
  }
}

/** Maps Node's `process.arch` to the OCI architecture name. */
export function ociArchitecture(nodeArch: string): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[nodeArch] ?? nodeArch;
}

/** Normalises `8080` / `"8080"` / `"53/udp"` to `8080/tcp` / `53/udp`. */
export function normalizePort(port: number | string): string {
  const text = String(port);
  return text.includes('/') ? text : `${text}/tcp`;
}

/** Layer names in first-use order, with `app` (the service's own code) moved to the top. */
export function layerOrder(contents: readonly Content[]): string[] {
  const names: string[] = [];
  for (const entry of contents) if (!names.includes(entry.layer)) names.push(entry.layer);
  const app = names.indexOf('app');
  if (app >= 0) names.push(...names.splice(app, 1));
  return names;
}

export interface ResolveInput {
  projectName: string;
  language: string;
  /** Project fields, for `goarch`. */
  fields: Readonly<Record<string, unknown>>;
  service: ServiceDockerConfig;
  plugin: PluginConfig;
  hostArch: string;
}

/** Resolves every enabled variant of a service, in name order (`prod` first). */
export function resolveImageSpecs(input: ResolveInput): ImageSpec[] {
  const { service, plugin } = input;
  const defaults = plugin.defaults ?? {};
  const lang = plugin.languageDefaults === false ? { contents: [] } : languageDefaults(input.language);
  const variants = { ...DEFAULT_VARIANTS, ...(service.variants ?? {}) };
  const names = Object.keys(variants).sort((a, b) => (a === 'prod' ? -1 : b === 'prod' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const baseName = service.name ?? input.projectName.replace(/^@/, '').replace(/[^a-z0-9._/-]/gi, '-').toLowerCase();
  const goarch = typeof input.fields.goarch === 'string' ? input.fields.goarch : undefined;
  const specs: ImageSpec[] = [];
  for (const variant of names) {
    const v = variants[variant];
    if (v === false || v === undefined) continue;
    type Shared = Exclude<keyof VariantConfig, 'extraContents'>;
    const pick = <K extends Shared>(key: K): VariantConfig[K] => v[key] ?? service[key] ?? defaults[key];
    const contents = [...(defaults.contents ?? []), ...(service.contents ?? lang.contents), ...(v.extraContents ?? [])];
    const ports = v.exposedPorts ?? service.exposedPorts ?? defaults.exposedPorts ?? [];
    specs.push({
      variant,
      name: variant === 'prod' ? baseName : `${baseName}-${variant}`,
      base: pick('base') ?? 'scratch',
      ...(pick('entrypoint') ? { entrypoint: pick('entrypoint') } : {}),
      ...(pick('cmd') ? { cmd: pick('cmd') } : {}),
      env: { ...(lang.env ?? {}), ...(defaults.env ?? {}), ...(service.env ?? {}), ...(v.env ?? {}) },
      ...((pick('workdir') ?? lang.workdir) ? { workdir: pick('workdir') ?? lang.workdir } : {}),
      ...(pick('user') ? { user: pick('user') } : {}),
      exposedPorts: [...new Set(ports.map(normalizePort))].sort(),
      labels: { ...(defaults.labels ?? {}), ...(service.labels ?? {}), ...(v.labels ?? {}) },
      volumes: [...new Set<string>(pick('volumes') ?? [])].sort(),
      architecture: pick('architecture') ?? goarch ?? ociArchitecture(input.hostArch),
      os: 'linux',
      created: pick('created') ?? DEFAULT_CREATED,
      compression: pick('compression') ?? 'none',
      contents,
      layers: layerOrder(contents),
    });
  }
  return specs;
}
