/**
 * Everything the hooks need to know about one crate, read from its `Cargo.toml`, its workspace
 * root's and its `src/` layout: the binaries cargo builds, the workspace (and so the Cargo.lock)
 * it belongs to, and the directories of its path dependencies.
 */
import { readdirSync, statSync } from 'node:fs';
import path, { posix } from 'node:path';
import type { PluginContext, Project, RepoPath } from '@ant/runner/plugin';
import { isWorkspaceMember, joinRepo, parseCargoManifest, type CargoManifest } from './cargo-manifest.js';

export interface CrateInfo {
  manifest: CargoManifest;
  /** The cargo workspace root (repo path): the crate's own root when it is standalone. */
  workspaceRoot: RepoPath;
  /** The workspace root's manifest when it is not the crate's own. */
  workspaceManifest?: CargoManifest;
  /** Repo path of the Cargo.lock cargo uses for this crate. */
  lockFile: RepoPath;
  /** Executables `cargo build --bins` writes (names, without a platform suffix). */
  bins: string[];
  /** Repo directories of the crate's direct path dependencies (inside the workspace). */
  pathDependencyDirs: RepoPath[];
}

/** Reads and parses a manifest through the context; undefined when the file is absent. */
export async function readManifest(file: RepoPath, ctx: PluginContext): Promise<CargoManifest | undefined> {
  const text = await ctx.readFile(file);
  return text === undefined ? undefined : parseCargoManifest(file, text);
}

export function manifestPath(dir: RepoPath): RepoPath {
  return dir === '.' ? 'Cargo.toml' : `${dir}/Cargo.toml`;
}

/** The crate behind a project (a discovered crate, or a `services` entry with `"language": "rust"`). */
export function crateInfo(project: Project, ctx: PluginContext): Promise<CrateInfo> {
  return crateInfoAt(project.root, ctx, project.name);
}

/** The crate in a directory (repo path); `projectName` only words the error when there is none. */
export async function crateInfoAt(dir: RepoPath, ctx: PluginContext, projectName?: string): Promise<CrateInfo> {
  const manifest = await readManifest(manifestPath(dir), ctx);
  if (!manifest?.packageName) {
    const what = projectName === undefined ? 'a path dependency' : `the rust project "${projectName}"`;
    throw new Error(
      `${manifestPath(dir)}: expected a Cargo manifest with a [package] for ${what}, found ${manifest ? 'a virtual workspace manifest' : 'no file'}.\n` +
        (projectName === undefined
          ? 'hint: fix the dependency\'s `path` in the Cargo.toml that names it.'
          : `hint: run \`cargo init\` in ${dir}, or fix services.${projectName}.path in ant.config.json.`),
    );
  }
  const workspace = await findWorkspace(manifest, ctx);
  const workspaceRoot = workspace?.dir ?? manifest.dir;
  const dirs = new Set<RepoPath>();
  for (const rel of Object.values(manifest.pathDependencies)) {
    const dir = joinRepo(manifest.dir, rel);
    if (dir !== undefined) dirs.add(dir);
  }
  for (const key of manifest.workspaceDependencies) {
    const rel = workspace?.workspace?.dependencyPaths[key];
    const dir = rel === undefined ? undefined : joinRepo(workspace!.dir, rel);
    if (dir !== undefined) dirs.add(dir);
  }
  return {
    manifest,
    workspaceRoot,
    ...(workspace && workspace.dir !== manifest.dir ? { workspaceManifest: workspace } : {}),
    lockFile: workspaceRoot === '.' ? 'Cargo.lock' : `${workspaceRoot}/Cargo.lock`,
    bins: binaries(manifest, path.join(ctx.root, dir)),
    pathDependencyDirs: [...dirs].sort(),
  };
}

/**
 * The workspace a crate belongs to, found as cargo finds it: `package.workspace` when set, else
 * the nearest ancestor manifest with a `[workspace]` that lists the crate as a member.
 */
export async function findWorkspace(manifest: CargoManifest, ctx: PluginContext): Promise<CargoManifest | undefined> {
  if (manifest.workspacePath !== undefined) return readManifest(manifestPath(manifest.workspacePath), ctx);
  for (let dir = manifest.dir; ; dir = parentOf(dir)) {
    const candidate = dir === manifest.dir ? manifest : await readManifest(manifestPath(dir), ctx);
    if (candidate?.workspace) return isWorkspaceMember(dir, candidate.workspace, manifest.dir) ? candidate : undefined;
    if (dir === '.') return undefined;
  }
}

/**
 * The crate's path dependencies, transitively (cargo compiles them all into the crate's build):
 * their directories, sorted, without the crate itself.
 */
export async function pathClosure(info: CrateInfo, ctx: PluginContext): Promise<CrateInfo[]> {
  const seen = new Map<RepoPath, CrateInfo>();
  const queue = [...info.pathDependencyDirs];
  while (queue.length) {
    const dir = queue.shift()!;
    if (seen.has(dir) || dir === info.manifest.dir) continue;
    const dep = await crateInfoAt(dir, ctx);
    seen.set(dir, dep);
    queue.push(...dep.pathDependencyDirs);
  }
  return [...seen.values()].sort((a, b) => a.manifest.dir.localeCompare(b.manifest.dir));
}

function parentOf(dir: RepoPath): RepoPath {
  const parent = posix.dirname(dir);
  return parent === '' ? '.' : parent;
}

/** Cargo's binary targets: `[[bin]]` entries plus, with autobins, src/main.rs and src/bin/*. */
function binaries(manifest: CargoManifest, absRoot: string): string[] {
  const names = new Set(manifest.declaredBins);
  if (manifest.autobins) {
    if (isFile(path.join(absRoot, 'src', 'main.rs'))) names.add(manifest.packageName!);
    let entries: string[] = [];
    try {
      entries = readdirSync(path.join(absRoot, 'src', 'bin'));
    } catch {
      // no src/bin
    }
    for (const entry of entries) {
      if (entry.endsWith('.rs')) names.add(entry.slice(0, -3));
      else if (isFile(path.join(absRoot, 'src', 'bin', entry, 'main.rs'))) names.add(entry);
    }
  }
  return [...names].sort();
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
