/**
 * The external dependency closure of one workspace package, read from a `yarn.lock`: yarn 2+
 * ("berry", YAML with `__metadata`) and yarn 1 (its own indented format). Pure.
 *
 * Both map descriptors (`is-odd@npm:3.0.1`, `is-odd@^3.0.1`) to entries; an entry's dependencies
 * are descriptors again. Berry lists each workspace as an entry (`a@workspace:packages/a`), so a
 * package's closure starts there; yarn 1 does not, so it starts from the package's manifest.
 * Workspace entries reached as dependencies are recorded, not followed. Entry lines hold the
 * resolution and checksum only, never the descriptors, so a new range deduplicated onto an existing
 * entry does not change anyone's closure.
 */
import { readLockfileYaml } from './lockfile-yaml.js';
import { closureLines, MerkleHasher, type ClosureDigest, type DependencyGraph } from './graph-digest.js';
import type { Lockfile } from './lockfile.js';
import type { PackageJson } from './package-json.js';

interface YarnEntry {
  line: string;
  /** Dependency descriptors (`name@range`). */
  deps: string[];
  /** A workspace (berry `linkType: soft` + `workspace:` resolution): recorded, not followed. */
  workspace?: string;
}

interface ParsedYarnLock {
  /** descriptor → entry id (the entry's first descriptor). */
  byDescriptor: Map<string, string>;
  entries: Map<string, YarnEntry>;
  /** workspace location (`packages/a`, `.`) → entry id (berry only). */
  workspaces: Map<string, string>;
  berry: boolean;
}

/** Parses yarn.lock text into the {@link Lockfile} contract. */
export function yarnLockfile(text: string, file: string): Lockfile {
  const parsed = text.includes('\n__metadata:') || text.startsWith('__metadata:') ? parseBerry(text, file) : parseClassic(text, file);
  const graph: DependencyGraph = {
    line: (node) => parsed.entries.get(node)?.line ?? node,
    children: (node) => {
      const entry = parsed.entries.get(node);
      if (!entry || entry.workspace !== undefined) return [];
      return entry.deps.map((d) => parsed.byDescriptor.get(d) ?? `!${d}`);
    },
  };
  const hasher = new MerkleHasher(graph);
  const digests = new Map<string, ClosureDigest>();
  const start = (location: string, manifest: PackageJson | undefined) => {
    let descriptors: string[] | undefined;
    if (parsed.berry) {
      const id = parsed.workspaces.get(location === '' ? '.' : location);
      descriptors = id ? parsed.entries.get(id)!.deps : undefined;
    } else if (manifest) {
      descriptors = [];
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
        for (const [name, range] of Object.entries(manifest[field] ?? {})) descriptors.push(`${name}@${range}`);
      }
    }
    if (!descriptors) return { children: [], marker: `?${location} not in lockfile` };
    return { children: descriptors.map((d) => parsed.byDescriptor.get(d) ?? `!${d}`), marker: undefined };
  };
  return {
    kind: 'yarn',
    needsManifest: !parsed.berry,
    closureDigest(location, manifest) {
      // yarn 1 starts from the manifest, so the memo is only safe for berry.
      const hit = parsed.berry ? digests.get(location) : undefined;
      if (hit) return hit;
      const { children, marker } = start(location, manifest);
      const digest = hasher.digest(children, marker);
      if (parsed.berry) digests.set(location, digest);
      return digest;
    },
    externalClosure(location, manifest) {
      const { children, marker } = start(location, manifest);
      return closureLines(graph, children, marker);
    },
  };
}

function parseBerry(text: string, file: string): ParsedYarnLock {
  let doc: Record<string, unknown>;
  try {
    doc = readLockfileYaml(text);
  } catch (error) {
    throw new Error(`${file}: expected YAML, found a syntax error (${(error as Error).message.split('\n')[0]}).\nhint: resolve merge conflicts, or run \`yarn install\`.`);
  }
  const out: ParsedYarnLock = { byDescriptor: new Map(), entries: new Map(), workspaces: new Map(), berry: true };
  for (const [key, raw] of Object.entries(doc)) {
    if (key === '__metadata' || typeof raw !== 'object' || raw === null) continue;
    const e = raw as { resolution?: string; checksum?: string; linkType?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    const descriptors = key.split(',').map((d) => d.trim());
    const id = descriptors[0]!;
    const resolution = e.resolution ?? id;
    const ws = /@workspace:(.+)$/.exec(resolution);
    const entry: YarnEntry = {
      line: `${resolution} ${e.checksum ?? ''}`.trim(),
      deps: Object.entries({ ...e.dependencies, ...e.optionalDependencies }).map(([name, range]) => `${name}@${range}`),
    };
    if (ws && e.linkType === 'soft') {
      entry.workspace = ws[1]!;
      out.workspaces.set(ws[1]!, id);
    }
    out.entries.set(id, entry);
    for (const d of descriptors) out.byDescriptor.set(d, id);
  }
  return out;
}

/** yarn 1's format: `desc, "desc":` headers, two-space fields, four-space dependency lists. */
function parseClassic(text: string, file: string): ParsedYarnLock {
  const out: ParsedYarnLock = { byDescriptor: new Map(), entries: new Map(), workspaces: new Map(), berry: false };
  const unquote = (s: string) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
  let current: { id: string; fields: Record<string, string>; deps: string[] } | undefined;
  let inDeps = false;
  const flush = () => {
    if (!current) return;
    const f = current.fields;
    current.deps.sort();
    out.entries.set(current.id, { line: `${f.version ?? ''} ${f.resolved ?? ''} ${f.integrity ?? ''}`.trim(), deps: current.deps });
  };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      if (!line.endsWith(':') || line.startsWith('<<<<<<<')) {
        throw new Error(`${file}:${i + 1}: expected an entry header ending with ":", found ${JSON.stringify(line)}.\nhint: resolve merge conflicts, or run \`yarn install\`.`);
      }
      flush();
      const descriptors = line.slice(0, -1).split(',').map((d) => unquote(d.trim()));
      current = { id: descriptors[0]!, fields: {}, deps: [] };
      for (const d of descriptors) out.byDescriptor.set(d, current.id);
      inDeps = false;
      return;
    }
    if (!current) return;
    const content = line.trim();
    if (indent === 2) {
      inDeps = content === 'dependencies:' || content === 'optionalDependencies:';
      const space = content.indexOf(' ');
      if (space > 0) current.fields[unquote(content.slice(0, space))] = unquote(content.slice(space + 1).trim());
      return;
    }
    if (inDeps) {
      const space = content.lastIndexOf(' ');
      if (space > 0) current.deps.push(`${unquote(content.slice(0, space))}@${unquote(content.slice(space + 1))}`);
    }
  });
  flush();
  return out;
}
