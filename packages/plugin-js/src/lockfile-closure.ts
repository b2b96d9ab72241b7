/**
 * The external dependency closure of one workspace package, read from an npm `package-lock.json`
 * (lockfile v2/v3, whose `packages` map is keyed by install location). Pure: text in, lines out.
 *
 * Each dependency is resolved the way Node resolves `require()` from the package's directory —
 * `<dir>/node_modules/<name>`, then the same in every parent directory up to the lockfile's root —
 * and the walk continues transitively through what it finds. The closure is the sorted list of
 * `location@version integrity` lines, so bumping a dependency of package A changes A's closure and
 * leaves B's untouched unless B really resolves to the bumped copy.
 *
 * Deliberately not followed: `link: true` entries (workspace packages and `file:` links). A
 * workspace dependency is a project edge; its own closure reaches the dependent through the task
 * graph (`^build`), not through this list.
 */
import { closureLines, MerkleHasher, type ClosureDigest, type DependencyGraph } from './graph-digest.js';
import type { Lockfile } from './lockfile.js';

/** One entry of the lockfile's `packages` map (only the fields the closure reads). */
export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A parsed lockfile with memoized edges, so many closures over one lockfile stay cheap. */
export interface PackageLockIndex {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockEntry>>;
  /** location → the locations its runtime dependencies resolve to (`!name` when unresolved). */
  readonly edges: Map<string, string[]>;
  /** location → digest, filled by {@link closureDigest}. */
  readonly digests: Map<string, ClosureDigest>;
  /** Merkle hashes of the entries, filled lazily. */
  readonly hasher: MerkleHasher;
}

/**
 * Parses `package-lock.json` / `npm-shrinkwrap.json` text. Throws a message naming `file` when the
 * text is not JSON or has no `packages` map (lockfile v1, written by npm 6 and older).
 */
export function parsePackageLock(text: string, file: string): PackageLockIndex {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file}: expected valid JSON, found a syntax error (${(error as Error).message}).\n` +
        `hint: resolve merge conflicts, or regenerate it with \`npm install --package-lock-only\`.`,
    );
  }
  const lock = doc as { lockfileVersion?: unknown; packages?: unknown };
  if (typeof lock !== 'object' || lock === null || typeof lock.packages !== 'object' || lock.packages === null) {
    throw new Error(
      `${file}: packages: expected the map of lockfile v2/v3, found lockfileVersion ${JSON.stringify(lock?.lockfileVersion)} without it.\n` +
        `hint: upgrade the lockfile with \`npm install --package-lock-only\` (npm 7 or newer).`,
    );
  }
  for (const [location, entry] of Object.entries(lock.packages)) {
    // Every reader below dereferences entries; a null one is a broken file, not a crash.
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new Error(
        `${file}: packages[${JSON.stringify(location)}]: expected an object, found ${entry === null ? 'null' : Array.isArray(entry) ? 'an array' : typeof entry}.\n` +
          `hint: resolve merge conflicts, or regenerate it with \`npm install --package-lock-only\`.`,
      );
    }
  }
  const index: PackageLockIndex = {
    lockfileVersion: typeof lock.lockfileVersion === 'number' ? lock.lockfileVersion : 0,
    packages: lock.packages as Record<string, LockEntry>,
    edges: new Map(),
    digests: new Map(),
    hasher: new MerkleHasher({ line: (node) => lineOf(index, node), children: (node) => childrenOf(index, node) }),
  };
  return index;
}

/**
 * Resolves `name` as Node would from the package installed at `from` (a lockfile location such as
 * `packages/a` or `node_modules/x/node_modules/y`; `''` is the lockfile's root). Returns the
 * location of the entry that would be loaded, or `undefined`.
 */
export function resolveFrom(packages: Readonly<Record<string, LockEntry>>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const key = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (Object.hasOwn(packages, key)) return key;
    if (dir === '') return undefined;
    dir = parentLocation(dir);
  }
}

// The directory whose `node_modules` is searched next: `a/node_modules/@s/b` → `a`,
// `node_modules/x` → `''`, `packages/a` → `packages`. No `node_modules` or `@scope` directory can
// hold a `node_modules` of its own in a lockfile, so they are skipped. Index arithmetic, no split:
// this runs for every dependency edge of the lockfile.
function parentLocation(dir: string): string {
  const nm = dir.lastIndexOf('node_modules/');
  if (nm === 0 || (nm > 0 && dir.charCodeAt(nm - 1) === 47 /* / */)) {
    const rest = dir.slice(nm + 13);
    const slash = rest.indexOf('/');
    // `node_modules/<name>` or `node_modules/@scope/<name>` at the end: the package's parent.
    if (slash < 0 || (rest.charCodeAt(0) === 64 /* @ */ && rest.indexOf('/', slash + 1) < 0)) return nm === 0 ? '' : dir.slice(0, nm - 1);
  }
  const cut = dir.lastIndexOf('/');
  return cut < 0 ? '' : dir.slice(0, cut);
}

/** The locations one entry's dependencies resolve to; dev dependencies only for the starting package. */
function edgesOf(index: PackageLockIndex, location: string, entry: LockEntry | undefined, withDev: boolean): string[] {
  const memoKey = withDev ? `dev:${location}` : location;
  const hit = index.edges.get(memoKey);
  if (hit) return hit;
  const out: string[] = [];
  if (entry) {
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const groups: [Record<string, string> | undefined, boolean][] = [
      [entry.dependencies, false],
      [entry.optionalDependencies, true],
      [entry.peerDependencies, true],
      [withDev ? entry.devDependencies : undefined, false],
    ];
    for (const [deps, mayBeAbsent] of groups) {
      if (!deps) continue;
      for (const name of Object.keys(deps)) {
        const found = resolveFrom(index.packages, location, name);
        if (found !== undefined) out.push(found);
        // A required dependency that is not installed is recorded: installing it changes the closure.
        else if (!mayBeAbsent && !optionalPeers[name]?.optional) out.push(`!${name}`);
      }
    }
  }
  index.edges.set(memoKey, out);
  return out;
}

/**
 * The canonical closure lines of the package at `location` (its own entry is not included):
 * `node_modules/x@1.2.3 sha512-…` for each external package it can load, `node_modules/b@link:packages/b`
 * for links, `!name` for a declared dependency that is not installed. Sorted, deduplicated.
 */
export function externalClosure(index: PackageLockIndex, location: string): string[] {
  const own = index.packages[location];
  return closureLines(graphOf(index), edgesOf(index, location, own, true), missingMarker(index, location));
}

/** {@link externalClosure} as a digest, O(own dependencies) per call (see `graph-digest.ts`). */
export function closureDigest(index: PackageLockIndex, location: string): ClosureDigest {
  const hit = index.digests.get(location);
  if (hit) return hit;
  const digest = index.hasher.digest(edgesOf(index, location, index.packages[location], true), missingMarker(index, location));
  index.digests.set(location, digest);
  return digest;
}

/** The npm lockfile behind the {@link Lockfile} contract. */
export function npmLockfile(text: string, file: string): Lockfile {
  const index = parsePackageLock(text, file);
  return {
    kind: 'npm',
    needsManifest: false,
    closureDigest: (location) => closureDigest(index, location),
    externalClosure: (location) => externalClosure(index, location),
  };
}

// A package missing from the lockfile (added since the last install) still gets a stable,
// distinct closure, so installing it later is a change.
function missingMarker(index: PackageLockIndex, location: string): string | undefined {
  return index.packages[location] ? undefined : `?${location} not in lockfile`;
}

function graphOf(index: PackageLockIndex): DependencyGraph {
  return { line: (node) => lineOf(index, node), children: (node) => childrenOf(index, node) };
}

function lineOf(index: PackageLockIndex, node: string): string {
  if (node.startsWith('!')) return node;
  const entry = index.packages[node]!;
  if (entry.link) return `${node}@link:${entry.resolved ?? ''}`;
  return `${node}@${entry.version ?? ''} ${entry.integrity ?? entry.resolved ?? ''}`;
}

function childrenOf(index: PackageLockIndex, node: string): string[] {
  if (node.startsWith('!')) return [];
  const entry = index.packages[node]!;
  return entry.link ? [] : edgesOf(index, node, entry, false);
}
