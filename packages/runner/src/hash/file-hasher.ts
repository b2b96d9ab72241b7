/**
 * Content hashes of the workspace's files, once per `ant` invocation, as cheaply as Turborepo gets
 * them: the blob id of a clean tracked file comes from `.git/index` after one lstat (the file is not
 * opened); only files whose stat differs from the index entry, untracked files and files outside git
 * are read, and even those come from the stat cache when their lstat has not changed since.
 *
 * Every hash is a git blob id (`git hash-object`), so ids match `git ls-files -s` and are comparable
 * across machines. The mode is reported separately (0o100644 / 0o100755 / 0o120000), since git's blob
 * id does not include it.
 *
 * What it deliberately does not do: follow symlinks (a link hashes as its target text, like git),
 * list gitlinks (submodules) or nested repositories, apply git filters (CRLF, LFS), or watch the file
 * system between invocations.
 *
 * Usage:
 *   const { files, stats } = await collectWorkspaceFiles(root);
 *   files.get('packages/a/src/index.ts') // { hash: 'e69de29…', mode: 0o100644 }
 */
import { createHash } from 'node:crypto';
import fs, { type Stats } from 'node:fs';
import path from 'node:path';
import { blobIdOfFile, gitModeOf, type HashAlgorithm } from './file-blob.js';
import { compileIgnore } from './file-glob.js';
import { findGitRepo, type GitRepo } from './git-repo.js';
import { readTrackedEntries, type StatCheck } from './git-tracked.js';
import { listUntrackedFiles } from './git-untracked.js';
import type { HashJob } from './hash-worker.js';
import { StatCache } from './stat-cache.js';
import { TreeStateRecorder, type TreeState } from './tree-state.js';

/** The content hash and git mode of one file. */
export interface FileEntry {
  /** Git blob id, lower-case hex (40 digits; 64 in a SHA-256 repository). */
  hash: string;
  /** Git mode: 0o100644 (file), 0o100755 (executable) or 0o120000 (symlink). */
  mode: number;
}

/** How the file hashes were obtained, for `--verbose` and tests. */
export interface WorkspaceFileStats {
  /** 'git-index': .git/index parsed in-process; 'git-cli': split/sparse index, read through git; 'walk': not a git repo. */
  source: 'git-index' | 'git-cli' | 'walk';
  /** Tracked files whose hash came from the index without reading them. */
  indexed: number;
  /** Files read and hashed in this call. */
  read: number;
  /** Files whose hash came from the stat cache. */
  statCacheHits: number;
  /** Untracked, not-ignored files included. */
  untracked: number;
  /** Whether the untracked list came from the directory-mtime snapshot (no git process). */
  untrackedFromCache: boolean;
  durationMs: number;
}

/** Every input-eligible file of a workspace. */
export interface WorkspaceFiles {
  /** Root-relative posix path → entry (iteration order unspecified: sort where order matters), for every tracked-and-present and untracked-not-ignored file under the root. */
  files: Map<string, FileEntry>;
  stats: WorkspaceFileStats;
  /** Proof of what the tree held, checkable later by stat (absent outside git or when unusable). */
  tree?: TreeState;
}

/** Options of {@link collectWorkspaceFiles}. */
export interface CollectOptions {
  /** Where the stat cache and untracked snapshot live. Default: `$ANT_CACHE_DIR`, else `<root>/.ant/cache`. */
  cacheDir?: string;
  /** Extra exclusions (root-relative globs: `*`, `**`, `?`, `[…]`; a slash-less pattern matches at any depth). */
  ignore?: string[];
  /** Read in worker threads when at least this many files must be read. Default 2000 (see measure-file-hasher.mjs). */
  parallelThreshold?: number;
  /** How changed tracked files are found: 'git' (`git diff-files`, default, faster) or 'node' (lstat each file). See git-tracked.ts. */
  statCheck?: StatCheck;
}

// Always excluded: ant's own state. `.git` is never listed by git, and is skipped by the walk.
const ANT_DIR = '.ant';
const WALK_IGNORE = ['**/.git/**', '**/node_modules/**', '**/.ant/**'];
const DEFAULT_PARALLEL_THRESHOLD = 2000;
const S_IFMT = 0o170000;
const S_IFGITLINK = 0o160000;

interface PendingFile extends HashJob {
  rel: string;
  mode: number;
}

/**
 * Hashes every file under `root` that can be a task input: tracked files still present plus untracked
 * files git does not ignore (outside git: every file but `.git`, `node_modules`, `.ant`). `root` may
 * be a subdirectory of the repository; paths are relative to it.
 */
export async function collectWorkspaceFiles(root: string, options: CollectOptions = {}): Promise<WorkspaceFiles> {
  const started = performance.now();
  const startMs = Date.now();
  const realRoot = fs.realpathSync.native(path.resolve(root));
  const cacheDir = resolveCacheDir(realRoot, options.cacheDir);
  const ignored = ignorePredicate(realRoot, cacheDir, options.ignore ?? []);
  // Created up front: creating it later, after the untracked snapshot, would change the mtime of
  // a watched directory (usually the root) and void the snapshot on the next run.
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
  } catch {
    // A read-only cache location only costs speed: the caches are simply not kept.
  }
  const repo = findGitRepo(realRoot);
  const algo: HashAlgorithm = repo?.objectFormat ?? 'sha1';
  const statCache = StatCache.load(cacheFile(cacheDir, realRoot, 'file-hashes'), algo, startMs);
  const files = new Map<string, FileEntry>();
  const stats: WorkspaceFileStats = {
    source: 'walk',
    indexed: 0,
    read: 0,
    statCacheHits: 0,
    untracked: 0,
    untrackedFromCache: false,
    durationMs: 0,
  };
  let pending: PendingFile[];
  let tree: TreeState | undefined;
  if (repo === undefined) {
    pending = await walkFiles(realRoot, options.ignore ?? [], ignored);
  } else {
    ({ pending, tree } = await collectFromGit(repo, realRoot, cacheDir, startMs, ignored, options.statCheck ?? 'git', files, stats));
  }
  await hashPending(pending, algo, statCache, files, stats, options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD);
  statCache.save('replace');
  stats.durationMs = performance.now() - started;
  return { files, stats, tree };
}

/**
 * Hashes specific files (e.g. a task's outputs) with the same blob-id scheme, through a stat cache
 * of their own (merged across calls, so outputs do not evict the workspace entries). Paths are
 * root-relative or absolute; the result is keyed by root-relative posix path and omits paths that
 * do not exist or are not files or symlinks.
 */
export async function hashFiles(
  root: string,
  paths: string[],
  options: { cacheDir?: string } = {},
): Promise<Map<string, FileEntry>> {
  const realRoot = fs.realpathSync.native(path.resolve(root));
  const repo = findGitRepo(realRoot);
  const algo: HashAlgorithm = repo?.objectFormat ?? 'sha1';
  const cache = StatCache.load(cacheFile(resolveCacheDir(realRoot, options.cacheDir), realRoot, 'output-hashes'), algo);
  const pending: PendingFile[] = [];
  for (const p of paths) {
    const absPath = path.resolve(realRoot, p);
    const rel = path.relative(realRoot, absPath).split(path.sep).join('/');
    const st = lstatOrUndefined(absPath);
    const mode = st && gitModeOf(st);
    if (st === undefined || mode === undefined) cache.forget(rel);
    else pending.push({ rel, absPath, st, mode });
  }
  const files = new Map<string, FileEntry>();
  const stats = { read: 0, statCacheHits: 0 } as WorkspaceFileStats;
  await hashPending(pending, algo, cache, files, stats, DEFAULT_PARALLEL_THRESHOLD);
  cache.save('merge');
  return files;
}

// Tracked files: hashes from the index where the stat allows, the rest (and untracked files) pending.
async function collectFromGit(
  repo: GitRepo,
  root: string,
  cacheDir: string,
  startMs: number,
  ignored: (rel: string) => boolean,
  statCheck: StatCheck,
  files: Map<string, FileEntry>,
  stats: WorkspaceFileStats,
): Promise<{ pending: PendingFile[]; tree: TreeState | undefined }> {
  const prefix = path.relative(repo.top, root).split(path.sep).join('/');
  const prefixSlash = prefix === '' ? '' : `${prefix}/`;
  const topSlash = repo.top.endsWith('/') ? repo.top : `${repo.top}/`;
  const tracked = await readTrackedEntries(repo, prefix, statCheck);
  stats.source = tracked.source;

  const trackedPaths: string[] = [];
  for (const p of tracked.paths) if (p.startsWith(prefixSlash)) trackedPaths.push(p);
  const excludeDirs = [ANT_DIR];
  const cacheRel = path.relative(root, cacheDir);
  if (cacheRel !== '' && !cacheRel.startsWith('..') && !path.isAbsolute(cacheRel)) {
    excludeDirs.push(cacheRel.split(path.sep).join('/'));
  }
  // Started before the tracked loop: when git must run, it runs while this thread stats files.
  const untrackedQuery = {
    root,
    trackedKey: createHash('sha1').update(trackedPaths.join('\0')).digest('hex'),
    excludeDirs,
    cacheFile: cacheFile(cacheDir, root, 'untracked'),
  };
  const untrackedPromise = listUntrackedFiles({ ...untrackedQuery, repo, startMs });
  const recorder = tracked.gitView && new TreeStateRecorder(repo, prefix, tracked.gitView, untrackedQuery, startMs);
  // Swallow here so a git failure surfaces at the await below, not as an unhandled rejection.
  untrackedPromise.catch(() => undefined);

  const pending: PendingFile[] = [];
  const { paths, hashes } = tracked;
  for (let i = 0; i < paths.length; i++) {
    const repoPath = paths[i];
    if (!repoPath.startsWith(prefixSlash) || (tracked.mode(i) & S_IFMT) === S_IFGITLINK) continue;
    if (i > 0 && repoPath === paths[i - 1]) continue; // conflict stages: one work-tree file
    const rel = prefixSlash === '' ? repoPath : repoPath.slice(prefixSlash.length);
    if (ignored(rel)) continue;
    if (tracked.cleanWithoutStat(i)) {
      files.set(rel, { hash: hashes[i], mode: tracked.mode(i) });
      stats.indexed++;
      continue;
    }
    const absPath = topSlash + repoPath;
    const st = lstatOrUndefined(absPath);
    recorder?.trackedNotClean(repoPath, st);
    const mode = st && gitModeOf(st);
    if (st === undefined || mode === undefined) continue; // deleted, or now a directory
    if (tracked.isClean(i, st)) {
      files.set(rel, { hash: hashes[i], mode });
      stats.indexed++;
    } else {
      pending.push({ rel, absPath, st, mode });
    }
  }

  const untracked = await untrackedPromise;
  stats.untrackedFromCache = untracked.fromCache;
  for (const rel of untracked.paths) {
    const absPath = path.join(root, rel);
    const st = lstatOrUndefined(absPath);
    recorder?.untrackedFile(rel, st);
    if (ignored(rel)) continue;
    const mode = st && gitModeOf(st);
    if (st === undefined || mode === undefined) continue;
    pending.push({ rel, absPath, st, mode });
    stats.untracked++;
  }
  return { pending, tree: recorder?.state() };
}

async function walkFiles(root: string, ignore: string[], ignored: (rel: string) => boolean): Promise<PendingFile[]> {
  // Patterns are also handed to fast-glob (as "this and everything below") so it prunes directories.
  const pruned = ignore.flatMap((p) => {
    const q = p.replace(/^\.\//, '').replace(/\/+$/, '');
    const base = q.includes('/') ? q : `**/${q}`;
    return [base, `${base}/**`];
  });
  // Imported here: fast-glob costs tens of ms to load, and a git workspace never needs it.
  const { default: fg } = await import('fast-glob');
  const entries = await fg('**', {
    cwd: root,
    dot: true,
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
    ignore: [...WALK_IGNORE, ...pruned],
  });
  const pending: PendingFile[] = [];
  for (const rel of entries) {
    if (rel.endsWith('/') || ignored(rel)) continue;
    const absPath = path.join(root, rel);
    const st = lstatOrUndefined(absPath);
    const mode = st && gitModeOf(st);
    if (st !== undefined && mode !== undefined) pending.push({ rel, absPath, st, mode });
  }
  return pending;
}

// Stat cache first; what is left is read, in worker threads past the threshold.
async function hashPending(
  pending: PendingFile[],
  algo: HashAlgorithm,
  cache: StatCache,
  files: Map<string, FileEntry>,
  stats: WorkspaceFileStats,
  parallelThreshold: number,
): Promise<void> {
  const toRead: PendingFile[] = [];
  for (const file of pending) {
    const hit = cache.lookup(file.rel, file.st, file.mode);
    if (hit !== undefined) {
      files.set(file.rel, { hash: hit.hash, mode: file.mode });
      stats.statCacheHits++;
    } else {
      toRead.push(file);
    }
  }
  const ids =
    toRead.length >= parallelThreshold
      ? await (await import('./hash-worker.js')).hashInParallel(toRead, algo)
      : toRead.map((file) => blobIdOfFile(file.absPath, file.st, algo));
  for (let i = 0; i < toRead.length; i++) {
    const id = ids[i];
    if (id === undefined) continue; // vanished while we looked
    const file = toRead[i];
    files.set(file.rel, { hash: id, mode: file.mode });
    cache.record(file.rel, file.st, id, file.mode);
    stats.read++;
  }
}

function resolveCacheDir(root: string, cacheDir: string | undefined): string {
  return path.resolve(root, cacheDir ?? process.env.ANT_CACHE_DIR ?? path.join(ANT_DIR, 'cache'));
}

// One file per workspace root, so a shared ANT_CACHE_DIR serves several workspaces.
function cacheFile(cacheDir: string, root: string, kind: string): string {
  const key = createHash('sha1').update(root).digest('hex').slice(0, 12);
  return path.join(cacheDir, `${kind}-${key}.v1`);
}

function ignorePredicate(root: string, cacheDir: string, patterns: string[]): (rel: string) => boolean {
  const user = compileIgnore(patterns);
  const cacheRel = path.relative(root, cacheDir).split(path.sep).join('/');
  const cachePrefix = cacheRel !== '' && !cacheRel.startsWith('..') && !path.isAbsolute(cacheRel) ? `${cacheRel}/` : undefined;
  return (rel) =>
    rel.startsWith(`${ANT_DIR}/`) || (cachePrefix !== undefined && rel.startsWith(cachePrefix)) || (user?.(rel) ?? false);
}

function lstatOrUndefined(absPath: string): Stats | undefined {
  try {
    return fs.lstatSync(absPath, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR: a parent became a file
  }
}
