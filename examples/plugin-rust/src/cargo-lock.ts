/**
 * `Cargo.lock` slices: the locked packages one crate's build can reach. A workspace has one lock
 * for all members; hashing only a crate's slice means bumping a dependency of one member leaves
 * the others' task hashes (and cache hits) alone, and `ant explain` names the package that moved.
 */
import { parse } from 'smol-toml';
import { isTable } from './cargo-manifest.js';

/** One `[[package]]` of a Cargo.lock. */
export interface LockedPackage {
  name: string;
  version: string;
  /** `registry+…`, `git+…`; absent for path packages (workspace members, path dependencies). */
  source?: string;
  checksum?: string;
  /** `name`, `name version` or `name version (source)`, as cargo writes them. */
  dependencies: string[];
}

/** Parses a Cargo.lock (versions 1–4); errors name the file. */
export function parseCargoLock(file: string, text: string): LockedPackage[] {
  let toml: Record<string, unknown>;
  try {
    toml = parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file}: invalid TOML: ${(error as Error).message.split('\n')[0]}\nhint: regenerate it with \`cargo generate-lockfile\``);
  }
  const packages = Array.isArray(toml.package) ? toml.package : [];
  return packages.filter(isTable).map((p) => ({
    name: String(p.name),
    version: String(p.version),
    ...(typeof p.source === 'string' ? { source: p.source } : {}),
    ...(typeof p.checksum === 'string' ? { checksum: p.checksum } : {}),
    dependencies: Array.isArray(p.dependencies) ? p.dependencies.map(String) : [],
  }));
}

/**
 * The closure of `crate` (a path package of the lock) as `name@version` → `source checksum`,
 * sorted. Dependencies of every kind are followed (normal, dev, build), as cargo locks them all.
 * Returns undefined when the lock has no path package of that name (a stale lock).
 */
export function lockSlice(packages: readonly LockedPackage[], crate: string): Record<string, string> | undefined {
  const root = packages.find((p) => p.name === crate && p.source === undefined);
  if (!root) return undefined;
  const byName = new Map<string, LockedPackage[]>();
  for (const p of packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const resolve = (ref: string): LockedPackage | undefined => {
    const [name, version, source] = ref.match(/^(\S+)(?: (\S+))?(?: \((.+)\))?$/)?.slice(1) ?? [];
    const candidates = byName.get(name ?? '') ?? [];
    return candidates.find((p) => (version === undefined || p.version === version) && (source === undefined || p.source === source));
  };
  const out: Record<string, string> = {};
  const queue = [root];
  const seen = new Set<LockedPackage>();
  while (queue.length) {
    const p = queue.shift()!;
    if (seen.has(p)) continue;
    seen.add(p);
    out[`${p.name}@${p.version}`] = `${p.source ?? 'path'} ${p.checksum ?? '-'}`;
    for (const ref of p.dependencies) {
      const dep = resolve(ref);
      if (dep) queue.push(dep);
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
