/**
 * The tracked files of a repository with their index blob ids, and which of those ids still describe
 * the work tree ("clean"). Two ways to decide cleanliness, same answers:
 *
 * - 'git' (default): `git diff-files --name-only` runs in a child process while this thread parses
 *   the index; every path it does not name is clean and needs no lstat here. Git's C stat loop is
 *   ~3x cheaper than Node's `lstatSync` (which builds a Stats object and four Dates per call), it
 *   applies git's own racy-git check and honours core.fsmonitor, and on two cores it overlaps with
 *   the parse. Entries git would not look at (assume-unchanged, skip-worktree) are still stat-checked
 *   here. If the index file changes while git runs, the answer is discarded and 'node' is used.
 * - 'node': one `lstat` per entry compared with the stat data in the index, as Turborepo does;
 *   an entry not older than the index file is racily clean and is treated as changed.
 *
 * Split and sparse indexes are left to git (`ls-files --stage` + `diff-files`), with an lstat per
 * entry for presence. A repository without an index has no tracked files.
 */
import fs, { type Stats } from 'node:fs';
import path from 'node:path';
import { GitIndexUnsupportedError, parseGitIndex, type GitIndex } from './git-index.js';
import { runGit, splitNul, type GitRepo } from './git-repo.js';

/** How to decide which tracked files changed; see the module comment. */
export type StatCheck = 'git' | 'node';

/** The tracked entries and the cleanliness test for each. */
export interface TrackedEntries {
  /** 'git-index': parsed in-process; 'git-cli': listed by git (split or sparse index). */
  source: 'git-index' | 'git-cli';
  /** Repo-relative paths in index order (sorted; conflict stages adjacent). */
  paths: string[];
  hashes: string[];
  mode(i: number): number;
  /** True when entry i is known clean without looking at the file (its mode is then `mode(i)`). */
  cleanWithoutStat(i: number): boolean;
  /** For the other entries: whether entry i's id is the content of the file whose lstat is `st`. */
  isClean(i: number, st: Stats): boolean;
  /**
   * With the 'git' check on a parsed index: the paths `git diff-files` named and the index file's
   * fingerprint when it was read — what a later run needs to prove the tree unchanged (tree-state.ts).
   */
  gitView?: { changed: ReadonlySet<string>; indexFingerprint: string };
}

const EMPTY: TrackedEntries = {
  source: 'git-index',
  paths: [],
  hashes: [],
  mode: () => 0,
  cleanWithoutStat: () => false,
  isClean: () => false,
};

/** Reads the tracked entries under `prefix` ('' or a repo-relative directory) of `repo`. */
export async function readTrackedEntries(repo: GitRepo, prefix: string, check: StatCheck = 'git'): Promise<TrackedEntries> {
  const indexFile = path.join(repo.gitDir, 'index');
  const pathspec = prefix === '' ? [] : ['--', prefix];
  const before = statFingerprint(indexFile);
  if (before === undefined) return EMPTY;
  // Started first so git's stat loop runs while this thread reads and parses the index.
  const changedPromise = check === 'git' ? runGit(repo.top, ['--literal-pathspecs', 'diff-files', '-z', '--name-only', ...pathspec]) : undefined;
  changedPromise?.catch(() => undefined);
  let index: GitIndex;
  let indexMtimeMs: number;
  try {
    const buf = fs.readFileSync(indexFile);
    indexMtimeMs = fs.statSync(indexFile).mtimeMs;
    index = parseGitIndex(buf, repo.objectFormat === 'sha256' ? 32 : 20);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    if (!(error instanceof GitIndexUnsupportedError)) throw error;
    await changedPromise?.catch(() => undefined);
    return readThroughGit(repo, pathspec);
  }
  // Racy git: an entry not older than the index file may have changed after git hashed it, within
  // the same timestamp tick, so its stat proves nothing.
  const isClean = (i: number, st: Stats) =>
    index.stage(i) === 0 && !index.intentToAdd(i) && index.matchesStat(i, st) && index.mtimeMs(i) < indexMtimeMs;
  const fromIndex = { source: 'git-index' as const, paths: index.paths, hashes: index.hashes, mode: (i: number) => index.mode(i), isClean };
  if (changedPromise === undefined) return { ...fromIndex, cleanWithoutStat: () => false };

  const changed = new Set(splitNul(await changedPromise));
  if (statFingerprint(indexFile) !== before) {
    // The index was rewritten while git looked: git's answer may belong to another index.
    return readTrackedEntries(repo, prefix, 'node');
  }
  return {
    ...fromIndex,
    gitView: { changed, indexFingerprint: before },
    cleanWithoutStat: (i) =>
      !changed.has(index.paths[i]) &&
      index.stage(i) === 0 &&
      !index.intentToAdd(i) &&
      !index.assumeValid(i) &&
      !index.skipWorktree(i),
  };
}

// Split or sparse index: let git expand it and say which files changed; presence still needs an lstat.
async function readThroughGit(repo: GitRepo, pathspec: string[]): Promise<TrackedEntries> {
  const [staged, changedOut] = await Promise.all([
    runGit(repo.top, ['--literal-pathspecs', 'ls-files', '-z', '--stage', ...pathspec]),
    runGit(repo.top, ['--literal-pathspecs', 'diff-files', '-z', '--name-only', ...pathspec]),
  ]);
  const paths: string[] = [];
  const hashes: string[] = [];
  const modes: number[] = [];
  const stages: number[] = [];
  for (const record of splitNul(staged)) {
    // "<mode> <hash> <stage>\t<path>"
    const tab = record.indexOf('\t');
    const [mode, hash, stage] = record.slice(0, tab).split(' ');
    paths.push(record.slice(tab + 1));
    hashes.push(hash);
    modes.push(parseInt(mode, 8));
    stages.push(Number(stage));
  }
  const changed = new Set(splitNul(changedOut));
  return {
    source: 'git-cli',
    paths,
    hashes,
    mode: (i) => modes[i],
    cleanWithoutStat: () => false,
    isClean: (i, st) => stages[i] === 0 && !changed.has(paths[i]) && (modes[i] & 0o170000) === (st.mode & 0o170000),
  };
}

/** size, mtime, ctime and inode: any rewrite of the file changes it. */
export function statFingerprint(file: string): string | undefined {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st === undefined ? undefined : `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}
