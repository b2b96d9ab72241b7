/**
 * Image references (`127.0.0.1:5000/team/api:tag@sha256:…`) and registry locations, parsed the way
 * Docker does: a first component with a `.` or `:`, or `localhost`, names the registry; otherwise
 * the image is on Docker Hub (`library/` is added to one-component names).
 */

/** A parsed image reference. */
export interface ImageReference {
  /** `host[:port]` as written (`docker.io` for Docker Hub). */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = 'docker.io';

/** Parses `[registry/]repository[:tag][@digest]`; throws with the expected shape on bad input. */
export function parseImageReference(text: string): ImageReference {
  const input = text.replace(/^docker:\/\//, '');
  const at = input.indexOf('@');
  const digest = at >= 0 ? input.slice(at + 1) : undefined;
  let rest = at >= 0 ? input.slice(0, at) : input;
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = parts.shift() as string;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  const ok =
    /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository) &&
    (tag === undefined || /^[\w][\w.-]{0,127}$/.test(tag)) &&
    (digest === undefined || /^sha256:[0-9a-f]{64}$/.test(digest));
  if (!ok) throw new Error(`Invalid image reference "${text}": expected [host[:port]/]name[:tag][@sha256:<hex>] (lower-case name)`);
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `registry/repository[:tag][@digest]`. */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** True for hosts Docker treats as insecure by default (loopback), where plain HTTP is fine. */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A push destination: registry host and an optional repository prefix (`host/team`). */
export interface RegistryLocation {
  registry: string;
  prefix: string;
  /** `http:` when the URL said so. */
  scheme?: 'http' | 'https';
}

/** Parses `--registry` values: `host[:port][/prefix]`, optionally with `http://` or `https://`. */
export function parseRegistryLocation(text: string): RegistryLocation {
  const scheme = /^(https?):\/\//.exec(text)?.[1] as 'http' | 'https' | undefined;
  const rest = text.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  const registry = slash >= 0 ? rest.slice(0, slash) : rest;
  const prefix = slash >= 0 ? rest.slice(slash + 1) : '';
  if (!/^[a-zA-Z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(registry)) {
    throw new Error(`Invalid registry "${text}": expected host[:port][/prefix], e.g. 127.0.0.1:5000 or registry.example.com/team`);
  }
  return { registry, prefix, ...(scheme ? { scheme } : {}) };
}

/** The API host for a registry name (Docker Hub's API is not at docker.io). */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}
