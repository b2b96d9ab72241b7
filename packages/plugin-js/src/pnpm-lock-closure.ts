/**
 * The external dependency closure of one workspace package, read from a `pnpm-lock.yaml`
 * (lockfile 9.x, and 6.x–8.x). Pure: text in, digests and lines out.
 *
 * pnpm records resolved versions directly, so there is no directory resolution to replay: an
 * importer (`packages/a`) lists `name → version`; v9 keeps each package's own dependencies in
 * `snapshots` (keyed `name@version(peer@x)`), v6 in `packages` (keyed `/name@version`).
 * Versions may be aliases (`string-width@4.2.3`) or links to workspace packages (`link:../b`),
 * which are recorded, not followed, like npm's workspace links.
 */
import { readLockfileYaml } from './lockfile-yaml.js';
import { closureLines, MerkleHasher, type ClosureDigest, type DependencyGraph } from './graph-digest.js';
import type { Lockfile } from './lockfile.js';

type DepMap = Record<string, string | { version?: string }> | undefined;

interface PnpmDoc {
  lockfileVersion?: string | number;
  importers?: Record<string, { dependencies?: DepMap; devDependencies?: DepMap; optionalDependencies?: DepMap }>;
  packages?: Record<string, { resolution?: Record<string, unknown>; dependencies?: DepMap; optionalDependencies?: DepMap }>;
  snapshots?: Record<string, { dependencies?: DepMap; optionalDependencies?: DepMap } | null>;
}

/** Parses pnpm-lock.yaml text into the {@link Lockfile} contract; `undefined` for pre-6 lockfiles. */
export function pnpmLockfile(text: string, file: string): Lockfile | undefined {
  let doc: PnpmDoc;
  try {
    doc = readLockfileYaml(text) as PnpmDoc;
  } catch (error) {
    throw new Error(
      `${file}: expected YAML, found a syntax error (${(error as Error).message.split('\n')[0]}).\n` +
        'hint: resolve merge conflicts, or regenerate it with `pnpm install --lockfile-only`.',
    );
  }
  const major = Number.parseInt(String(doc.lockfileVersion ?? '0'), 10);
  if (!(major >= 6)) return undefined;
  const v9 = major >= 9;
  const importers = doc.importers ?? { '.': doc as never };
  const packages = doc.packages ?? {};
  const snapshots = doc.snapshots ?? {};

  // Node id of a dependency: its snapshot/package key, or a `link:` / `!` leaf.
  const nodeOf = (name: string, raw: string | { version?: string }): string => {
    const version = typeof raw === 'string' ? raw : (raw?.version ?? '');
    if (version.startsWith('link:') || version.startsWith('file:')) return `~${name}@${version}`;
    const bare = version.split('(', 1)[0]!;
    const key = bare.lastIndexOf('@') > 0 ? version : `${name}@${version}`;
    return v9 ? key : `/${key}`;
  };
  const depsOf = (groups: DepMap[]): string[] => {
    const out: string[] = [];
    for (const deps of groups) if (deps) for (const [name, raw] of Object.entries(deps)) out.push(nodeOf(name, raw));
    return out;
  };

  const childMemo = new Map<string, string[]>();
  const graph: DependencyGraph = {
    line(node) {
      if (node.startsWith('~')) return node.slice(1);
      const base = v9 ? node.split('(', 1)[0]! : node;
      const meta = packages[base];
      if (!meta || (v9 && !(node in snapshots))) return `!${node}`;
      const resolution = meta.resolution ?? {};
      return `${node} ${String(resolution.integrity ?? resolution.tarball ?? JSON.stringify(resolution))}`;
    },
    children(node) {
      let out = childMemo.get(node);
      if (!out) {
        const entry = node.startsWith('~') ? undefined : v9 ? snapshots[node] : packages[node];
        out = entry ? depsOf([entry.dependencies, entry.optionalDependencies]) : [];
        childMemo.set(node, out);
      }
      return out;
    },
  };
  const hasher = new MerkleHasher(graph);
  const digests = new Map<string, ClosureDigest>();
  const start = (location: string) => {
    const importer = importers[location === '' ? '.' : location];
    if (!importer) return { children: [], marker: `?${location} not in lockfile` };
    return { children: depsOf([importer.dependencies, importer.devDependencies, importer.optionalDependencies]), marker: undefined };
  };
  return {
    kind: 'pnpm',
    needsManifest: false,
    closureDigest(location) {
      let digest = digests.get(location);
      if (!digest) {
        const { children, marker } = start(location);
        digest = hasher.digest(children, marker);
        digests.set(location, digest);
      }
      return digest;
    },
    externalClosure(location) {
      const { children, marker } = start(location);
      return closureLines(graph, children, marker);
    },
  };
}
