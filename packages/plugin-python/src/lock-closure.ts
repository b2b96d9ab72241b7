/**
 * The resolved dependency closure of one project in a `uv.lock`: every locked package it can
 * install, as canonical `name==version source files` lines. This is the project's slice of the
 * lock: a change elsewhere in the lock (another member's dependencies) leaves it unchanged.
 */
import { digest } from './canonical.js';
import { isLocalSource, type LockDependency, type LockPackage, type UvLock } from './uv-lock.js';

/** One package of a closure. */
export interface ClosureEntry {
  name: string;
  version: string;
  /** Canonical source, e.g. `registry=https://pypi.org/simple` or `editable=packages/alpha`. */
  source: string;
  /** Digest of the sdist and wheel hashes (empty for local sources, whose files ant hashes itself). */
  files: string;
  /** The package lives in the repository (editable, virtual, directory or path-to-directory). */
  local: boolean;
  /** For local packages: the directory relative to the lock's directory. */
  path?: string;
}

export interface ClosureOptions {
  /** Include the start package's dev-dependencies (dependency groups). Default true. */
  dev?: boolean;
  /** Further start points, e.g. the workspace root's dev group that provides pytest. */
  extraRoots?: LockDependency[];
}

/**
 * The package a project is locked as: the one with this name, preferring a local source
 * (a registry package may share a member's name in odd locks).
 */
export function findProjectPackage(lock: UvLock, name: string): LockPackage | undefined {
  const candidates = lock.packages.filter((pkg) => pkg.name === name);
  return candidates.find((pkg) => isLocalSource(pkg.source)) ?? candidates[0];
}

/**
 * Walks from `start` through its dependencies, all its optional dependencies and (by default)
 * its dev groups, then transitively through each reached package's dependencies and the
 * optional dependencies of the extras asked for. Markers are ignored on purpose: the lock is
 * universal, and hashing every platform's packages only costs a spurious miss on a change that
 * would not have mattered here.
 */
export function lockClosure(lock: UvLock, start: LockPackage | undefined, options: ClosureOptions = {}): ClosureEntry[] {
  const byName = indexByName(lock);
  const reached = new Set<LockPackage>();
  const expanded = new Map<LockPackage, Set<string>>();
  const queue: { pkg: LockPackage; extras: string[] }[] = [];
  const follow = (deps: LockDependency[]): void => {
    for (const dep of deps) for (const pkg of resolve(byName, dep)) queue.push({ pkg, extras: dep.extras });
  };

  if (start) {
    reached.add(start);
    follow(start.dependencies);
    for (const deps of Object.values(start.optionalDependencies)) follow(deps);
    if (options.dev !== false) for (const deps of Object.values(start.devDependencies)) follow(deps);
  }
  follow(options.extraRoots ?? []);

  while (queue.length > 0) {
    const { pkg, extras } = queue.pop()!;
    if (!reached.has(pkg)) {
      reached.add(pkg);
      follow(pkg.dependencies);
    }
    let done = expanded.get(pkg);
    if (!done) expanded.set(pkg, (done = new Set()));
    for (const extra of extras) {
      if (done.has(extra)) continue;
      done.add(extra);
      follow(pkg.optionalDependencies[extra] ?? []);
    }
  }
  // Plain code-unit order: stable across locales, unlike localeCompare.
  return [...reached]
    .map(toEntry)
    .map((entry) => [closureLine(entry), entry] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry);
}

/** `name==version source files`: one closure entry as text. */
export function closureLine(entry: ClosureEntry): string {
  return `${entry.name}==${entry.version} ${entry.source}${entry.files ? ` ${entry.files}` : ''}`;
}

/** A digest of the whole closure (what "the project's closure hash" means in tests and docs). */
export function closureDigest(entries: ClosureEntry[]): string {
  return digest(entries.map(closureLine).join('\n'));
}

/**
 * The packages a package depends on directly (plain and optional dependencies, and dev groups
 * when `dev`), resolved to locked packages.
 */
export function directDependencies(lock: UvLock, pkg: LockPackage, dev: boolean): LockPackage[] {
  const byName = indexByName(lock);
  const deps = [pkg.dependencies, ...Object.values(pkg.optionalDependencies), ...(dev ? Object.values(pkg.devDependencies) : [])];
  return [...new Set(deps.flat().flatMap((dep) => resolve(byName, dep)))];
}

const indexes = new WeakMap<UvLock, Map<string, LockPackage[]>>();

function indexByName(lock: UvLock): Map<string, LockPackage[]> {
  let byName = indexes.get(lock);
  if (!byName) {
    byName = new Map();
    for (const pkg of lock.packages) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
    indexes.set(lock, byName);
  }
  return byName;
}

function resolve(byName: Map<string, LockPackage[]>, dep: LockDependency): LockPackage[] {
  const candidates = byName.get(dep.name) ?? [];
  if (candidates.length <= 1) return candidates;
  const narrowed = candidates.filter(
    (pkg) => (dep.version === undefined || pkg.version === dep.version) && (dep.source === undefined || pkg.source.key === dep.source),
  );
  // An entry that matches none of several candidates means a lock ant misreads: keep them all.
  return narrowed.length > 0 ? narrowed : candidates;
}

const entries = new WeakMap<LockPackage, ClosureEntry>();

/** A package as a closure entry, computed once per parsed package (the files digest costs most). */
function toEntry(pkg: LockPackage): ClosureEntry {
  let entry = entries.get(pkg);
  if (!entry) entries.set(pkg, (entry = makeEntry(pkg)));
  return entry;
}

function makeEntry(pkg: LockPackage): ClosureEntry {
  const local = isLocalSource(pkg.source);
  return {
    name: pkg.name,
    version: pkg.version ?? '',
    source: pkg.source.key,
    files: pkg.artifactHashes.length > 0 ? digest(pkg.artifactHashes.join('\n'), 16) : '',
    local,
    path: local ? pkg.source.value : undefined,
  };
}
