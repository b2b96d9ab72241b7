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
import { createHash } from 'node:crypto';

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
  /** location → Merkle hash of the entry and everything it reaches. */
  readonly nodeHashes: Map<string, string>;
}

/** A closure summarized for the task hash. */
export interface ClosureDigest {
  /** Number of direct dependencies the package resolves (the closure is behind them). */
  count: number;
  /** sha256 (hex) of the canonical lines. */
  sha256: string;
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
  return {
    lockfileVersion: typeof lock.lockfileVersion === 'number' ? lock.lockfileVersion : 0,
    packages: lock.packages as Record<string, LockEntry>,
    edges: new Map(),
    digests: new Map(),
    nodeHashes: new Map(),
  };
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
  const lines = new Set<string>();
  const seen = new Set<string>([location]);
  const own = index.packages[location];
  // A package missing from the lockfile (added since the last install) still gets a stable,
  // distinct closure, so installing it later is a change.
  if (!own) lines.add(`?${location} not in lockfile`);
  const stack = [...edgesOf(index, location, own, true)];
  while (stack.length > 0) {
    const loc = stack.pop()!;
    if (seen.has(loc)) continue;
    seen.add(loc);
    if (loc.startsWith('!')) {
      lines.add(loc);
      continue;
    }
    const entry = index.packages[loc]!;
    if (entry.link) {
      lines.add(`${loc}@link:${entry.resolved ?? ''}`);
      continue;
    }
    lines.add(`${loc}@${entry.version ?? ''} ${entry.integrity ?? entry.resolved ?? ''}`);
    for (const next of edgesOf(index, loc, entry, false)) if (!seen.has(next)) stack.push(next);
  }
  return [...lines].sort();
}

/**
 * The closure as one digest, computed Merkle-style so each call is O(own dependencies): every
 * lockfile entry gets a hash over its own line and its dependencies' hashes (entries in a
 * dependency cycle are hashed together as one strongly connected component, Tarjan's algorithm,
 * iterative), each computed once per lockfile. Two digests are equal exactly when the reachable
 * entries (lines and edges) are equal, like comparing {@link externalClosure} lists.
 */
export function closureDigest(index: PackageLockIndex, location: string): ClosureDigest {
  const hit = index.digests.get(location);
  if (hit) return hit;
  const own = index.packages[location];
  const children = edgesOf(index, location, own, true).map((child) => nodeHash(index, child));
  const text = `${own ? '' : `?${location} not in lockfile\n`}${[...new Set(children)].sort().join('\n')}`;
  const digest = { count: children.length, sha256: sha256(text) };
  index.digests.set(location, digest);
  return digest;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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

interface Frame {
  node: string;
  children: string[];
  next: number;
}

/** The Merkle hash of one lockfile node, computing (iteratively) every node it reaches. */
function nodeHash(index: PackageLockIndex, start: string): string {
  const done = index.nodeHashes;
  const known = done.get(start);
  if (known) return known;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const frames: Frame[] = [];
  const enter = (node: string) => {
    order.set(node, order.size);
    low.set(node, order.size - 1);
    stack.push(node);
    onStack.add(node);
    frames.push({ node, children: childrenOf(index, node), next: 0 });
  };
  enter(start);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++]!;
      if (done.has(child)) continue;
      if (!order.has(child)) enter(child);
      else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, order.get(child)!));
      continue;
    }
    frames.pop();
    const parent = frames[frames.length - 1];
    if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
    if (low.get(frame.node) !== order.get(frame.node)) continue;
    // frame.node roots a strongly connected component: pop it and hash it as one unit.
    const members: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      members.push(member);
    } while (member !== frame.node);
    const inComponent = new Set(members);
    const lines = members.map((m) => lineOf(index, m)).sort();
    const outside = new Set<string>();
    for (const m of members) for (const c of childrenOf(index, m)) if (!inComponent.has(c)) outside.add(done.get(c)!);
    const hash = sha256(`${lines.join('\n')}\n--\n${[...outside].sort().join('\n')}`);
    for (const m of members) done.set(m, hash);
  }
  return done.get(start)!;
}
