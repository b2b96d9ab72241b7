/**
 * Reading `Cargo.toml`: the package name, the binaries it builds, its path dependencies and, for a
 * workspace root, its members. Only what the plugin needs; everything else in the manifest is
 * cargo's business. Pure functions over the parsed TOML, so they are tested without cargo.
 */
import { posix } from 'node:path';
import { parse, TomlError } from 'smol-toml';

/** A parsed TOML table; values stay `unknown` so every reader checks what it uses. */
export type Table = Record<string, unknown>;

/** What the plugin knows about one `Cargo.toml`. */
export interface CargoManifest {
  /** Repo path of the manifest, e.g. `crates/cli/Cargo.toml`. */
  file: string;
  /** Repo path of its directory ('.' for the workspace root). */
  dir: string;
  /** `[package] name`, or undefined for a virtual workspace manifest. */
  packageName?: string;
  /** `[workspace]`, when the manifest is a workspace root. */
  workspace?: { members: string[]; exclude: string[]; dependencyPaths: Record<string, string> };
  /** `[package] workspace = "…"`: an explicit workspace root (repo path), overriding the search. */
  workspacePath?: string;
  /** Path dependencies by dependency key, as written (relative to `dir`), and `workspace = true` ones. */
  pathDependencies: Record<string, string>;
  workspaceDependencies: string[];
  /** `[[bin]]` names declared explicitly, and whether cargo auto-discovers the rest (`autobins`). */
  declaredBins: string[];
  autobins: boolean;
}

/** Parses a `Cargo.toml`; errors name the file, line and column. */
export function parseCargoManifest(file: string, text: string): CargoManifest {
  let toml: Table;
  try {
    toml = parse(text) as Table;
  } catch (error) {
    if (error instanceof TomlError) throw new Error(`${file}:${error.line}:${error.column}: invalid TOML: ${error.message.split('\n')[0]}`);
    throw error;
  }
  const dir = posix.dirname(file) || '.';
  const pkg = table(toml.package, file, 'package');
  const ws = table(toml.workspace, file, 'workspace');
  const manifest: CargoManifest = {
    file,
    dir,
    pathDependencies: {},
    workspaceDependencies: [],
    declaredBins: [],
    autobins: pkg?.autobins !== false,
  };
  if (pkg) {
    if (typeof pkg.name !== 'string') throw new Error(`${file}: package.name must be a string, found ${describe(pkg.name)}`);
    manifest.packageName = pkg.name;
    if (typeof pkg.workspace === 'string') manifest.workspacePath = posix.normalize(posix.join(dir, pkg.workspace));
  }
  if (ws) {
    manifest.workspace = {
      members: strings(ws.members, file, 'workspace.members'),
      exclude: strings(ws.exclude, file, 'workspace.exclude'),
      dependencyPaths: pathsOf(table(ws.dependencies, file, 'workspace.dependencies')),
    };
  }
  for (const section of dependencySections(toml, file)) {
    Object.assign(manifest.pathDependencies, pathsOf(section));
    for (const [key, spec] of Object.entries(section)) {
      if (isTable(spec) && spec.workspace === true) manifest.workspaceDependencies.push(key);
    }
  }
  const bins = toml.bin;
  if (Array.isArray(bins)) {
    for (const bin of bins) if (isTable(bin) && typeof bin.name === 'string') manifest.declaredBins.push(bin.name);
  }
  return manifest;
}

/** `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]` and their `[target.'cfg'.…]` forms. */
function dependencySections(toml: Table, file: string): Table[] {
  const names = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];
  const sections: Table[] = [];
  const collect = (parent: Table, where: string) => {
    for (const name of names) {
      const section = table(parent[name], file, `${where}${name}`);
      if (section) sections.push(section);
    }
  };
  collect(toml, '');
  const targets = table(toml.target, file, 'target');
  for (const [cfg, value] of Object.entries(targets ?? {})) if (isTable(value)) collect(value, `target.${cfg}.`);
  return sections;
}

/** `name = { path = "…" }` entries of a dependency table, as dependency key → path. */
function pathsOf(section: Table | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(section ?? {})) {
    if (isTable(spec) && typeof spec.path === 'string') out[key] = spec.path;
  }
  return out;
}

/**
 * Whether a crate directory is a member of a workspace rooted at `workspaceDir`, by cargo's rules:
 * the root package itself, or a `members` glob match (per path component: `*`, `?`, `[…]`, `**`)
 * that no `exclude` entry (a path prefix) removes. All paths are repo paths.
 */
export function isWorkspaceMember(workspaceDir: string, workspace: NonNullable<CargoManifest['workspace']>, crateDir: string): boolean {
  if (crateDir === workspaceDir) return true;
  const rel = relative(workspaceDir, crateDir);
  if (rel === undefined) return false;
  if (workspace.exclude.some((ex) => rel === posix.normalize(ex) || rel.startsWith(`${posix.normalize(ex)}/`))) return false;
  return workspace.members.some((glob) => globMatch(posix.normalize(glob).split('/'), rel.split('/')));
}

function globMatch(pattern: string[], parts: string[]): boolean {
  if (pattern.length === 0) return parts.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') return parts.some((_, i) => globMatch(rest, parts.slice(i))) || globMatch(rest, []);
  if (parts.length === 0) return false;
  return componentRegExp(head!).test(parts[0]!) && globMatch(rest, parts.slice(1));
}

function componentRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        source += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** `to` relative to `from` (both repo paths), or undefined when `to` is not inside `from`. */
export function relative(from: string, to: string): string | undefined {
  if (from === '.') return to === '.' ? undefined : to;
  return to.startsWith(`${from}/`) ? to.slice(from.length + 1) : undefined;
}

/** Joins a manifest-relative path onto a repo directory; undefined when it leaves the workspace. */
export function joinRepo(dir: string, rel: string): string | undefined {
  const joined = posix.normalize(posix.join(dir, rel)).replace(/\/$/, '');
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined;
  return joined === '' ? '.' : joined;
}

function table(value: unknown, file: string, where: string): Table | undefined {
  if (value === undefined) return undefined;
  if (isTable(value)) return value;
  throw new Error(`${file}: ${where} must be a table, found ${describe(value)}`);
}

function strings(value: unknown, file: string, where: string): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Error(`${file}: ${where} must be an array of strings, found ${describe(value)}`);
}

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return JSON.stringify(value);
}
