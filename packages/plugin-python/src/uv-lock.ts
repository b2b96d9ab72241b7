/**
 * A pure parser for uv's `uv.lock` (TOML, `version = 1`): packages, their sources, dependency
 * edges (plain, optional and dev) and artifact hashes. uv writes the file; ant only reads it.
 */
import type { RepoPath } from '@ant/runner/plugin';
import { canonicalJson } from './canonical.js';
import { normalizeName } from './pyproject.js';
import { describe, isTable, parseTomlFile, type Table } from './toml-file.js';

/** `source = { registry = "…" }` and friends; `kind` is the single key uv writes, `value` its value. */
export interface LockSource {
  kind: string;
  value: string;
  /** Canonical `kind=value[,key=value…]` text, used to compare and hash sources. */
  key: string;
}

/** One `{ name, version?, source?, extra?, marker? }` entry of a package's dependency lists. */
export interface LockDependency {
  name: string;
  /** Present only when several locked packages share the name (forked resolutions). */
  version?: string;
  source?: string;
  extras: string[];
}

/** One `[[package]]`. */
export interface LockPackage {
  name: string;
  version?: string;
  source: LockSource;
  dependencies: LockDependency[];
  optionalDependencies: Record<string, LockDependency[]>;
  /** `[package.dev-dependencies]`: PEP 735 dependency groups (and uv's legacy `dev`). */
  devDependencies: Record<string, LockDependency[]>;
  /** `sha256:…` of the sdist and every wheel, sorted (empty for local sources). */
  artifactHashes: string[];
  /** `[package.metadata]` as canonical JSON: what uv compares with pyproject.toml to detect staleness. */
  metadata: string;
}

/** A parsed `uv.lock`. */
export interface UvLock {
  file: RepoPath;
  version: number;
  revision: number;
  requiresPython?: string;
  /** `[manifest].members`: workspace member names (empty for a single-project lock). */
  members: string[];
  /** `[manifest].dependency-groups`: groups of a workspace root without `[project]`, by requirement name. */
  manifestGroups: Record<string, string[]>;
  /** Canonical JSON of everything but the packages (options, manifest, markers): lock-wide settings. */
  header: string;
  packages: LockPackage[];
}

/** Source kinds whose files live in the repository, not in an index or a URL. */
const LOCAL_KINDS = new Set(['editable', 'virtual', 'directory']);

/** A source that is a directory of the repository (a workspace member or a path dependency). */
export function isLocalSource(source: LockSource): boolean {
  // `path` points at a directory or at an archive (`../x.whl`); only directories are projects.
  return LOCAL_KINDS.has(source.kind) || (source.kind === 'path' && !/\.(whl|zip|tar\.gz|tar\.bz2|tgz)$/.test(source.value));
}

/** Parses `uv.lock` text; `file` is its repo path, used in errors. */
export function parseUvLock(text: string, file: RepoPath): UvLock {
  const hint = 'regenerate it with `uv lock`';
  const doc = parseTomlFile(text, file, hint);
  const version = doc.version;
  if (version !== 1) {
    throw new Error(
      `${file}: version: expected 1 (the uv.lock format ant reads), found ${describe(version)}. ` +
        'Hint: a newer uv wrote it; upgrade ant or regenerate the lock with the uv version the repo pins',
    );
  }
  const rawPackages = doc.package ?? [];
  if (!Array.isArray(rawPackages)) throw new Error(`${file}: package must be an array of tables ([[package]]). Hint: ${hint}`);
  const packages = rawPackages.map((raw, index) => parsePackage(raw, `${file}: package[${index}]`));

  const manifest = isTable(doc.manifest) ? doc.manifest : {};
  const manifestGroups: Record<string, string[]> = {};
  if (isTable(manifest['dependency-groups'])) {
    for (const [group, entries] of Object.entries(manifest['dependency-groups'])) {
      manifestGroups[group] = Array.isArray(entries)
        ? entries.filter(isTable).map((entry) => normalizeName(String(entry.name)))
        : [];
    }
  }
  const { package: _packages, ...rest } = doc;
  return {
    file,
    version,
    revision: typeof doc.revision === 'number' ? doc.revision : 0,
    requiresPython: typeof doc['requires-python'] === 'string' ? doc['requires-python'] : undefined,
    members: Array.isArray(manifest.members) ? manifest.members.map((name) => normalizeName(String(name))) : [],
    manifestGroups,
    header: canonicalJson(rest),
    packages,
  };
}

function parsePackage(raw: unknown, where: string): LockPackage {
  if (!isTable(raw)) throw new Error(`${where}: expected a table, found ${describe(raw)}`);
  if (typeof raw.name !== 'string') throw new Error(`${where}.name: expected a string, found ${describe(raw.name)}`);
  if (!isTable(raw.source)) throw new Error(`${where}.source: expected a table like { registry = "…" }, found ${describe(raw.source)}`);
  const hashes: string[] = [];
  if (isTable(raw.sdist) && typeof raw.sdist.hash === 'string') hashes.push(raw.sdist.hash);
  if (Array.isArray(raw.wheels)) {
    for (const wheel of raw.wheels) if (isTable(wheel) && typeof wheel.hash === 'string') hashes.push(wheel.hash);
  }
  return {
    name: normalizeName(raw.name),
    version: typeof raw.version === 'string' ? raw.version : undefined,
    source: parseSource(raw.source),
    dependencies: parseDependencies(raw.dependencies, `${where}.dependencies`),
    optionalDependencies: parseGroups(raw['optional-dependencies'], `${where}.optional-dependencies`),
    devDependencies: parseGroups(raw['dev-dependencies'], `${where}.dev-dependencies`),
    artifactHashes: hashes.sort(),
    metadata: canonicalJson(raw.metadata ?? {}),
  };
}

function parseSource(table: Table): LockSource {
  const keys = Object.keys(table).sort();
  // uv writes exactly one kind key; extra keys (e.g. `subdirectory`) are kept in the canonical key.
  const kind = keys.find((key) => ['registry', 'editable', 'virtual', 'directory', 'path', 'url', 'git'].includes(key)) ?? keys[0] ?? 'unknown';
  return {
    kind,
    value: String(table[kind] ?? ''),
    key: keys.map((key) => `${key}=${String(table[key])}`).join(','),
  };
}

function parseDependencies(raw: unknown, where: string): LockDependency[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`${where}: expected an array, found ${describe(raw)}`);
  return raw.map((entry, index) => {
    if (!isTable(entry) || typeof entry.name !== 'string') {
      throw new Error(`${where}[${index}]: expected { name = "…" }, found ${describe(entry)}`);
    }
    return {
      name: normalizeName(entry.name),
      version: typeof entry.version === 'string' ? entry.version : undefined,
      source: isTable(entry.source) ? parseSource(entry.source).key : undefined,
      extras: Array.isArray(entry.extra) ? entry.extra.map(String) : [],
    };
  });
}

function parseGroups(raw: unknown, where: string): Record<string, LockDependency[]> {
  if (raw === undefined) return {};
  if (!isTable(raw)) throw new Error(`${where}: expected a table, found ${describe(raw)}`);
  const groups: Record<string, LockDependency[]> = {};
  for (const [group, entries] of Object.entries(raw)) groups[group] = parseDependencies(entries, `${where}.${group}`);
  return groups;
}
