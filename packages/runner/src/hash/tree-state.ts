/**
 * A proof, checkable by stat alone, that the work tree still holds the files one
 * {@link collectWorkspaceFiles} call hashed — git's own trick (the index vouches for a file whose
 * stat is unchanged), extended to the files git cannot vouch for. A later invocation that verifies
 * the state knows every file hash is what it was, without parsing the index or reading a file.
 *
 * What is recorded, and why it is enough:
 *   - the index file's stat fingerprint: same fingerprint, same tracked paths and blob ids;
 *   - the tracked paths `git diff-files` named (changed in the work tree), each with its lstat
 *     fingerprint or null when deleted: verification runs `git diff-files` again and wants the same
 *     set and the same fingerprints (git applies its racy-git rule to every other entry);
 *   - every untracked, not-ignored file with its lstat fingerprint, and the untracked listing's own
 *     query (verified by directory mtimes, or git runs again; see git-untracked.ts).
 * A file hashed while it may still have been changing (mtime within the racy margin of the start)
 * makes the state unusable, as do index entries git would not report (assume-unchanged,
 * skip-worktree, intent-to-add, conflicts): those are left to the full path.
 */
import type { Stats } from 'node:fs';
import fs from 'node:fs';
import type { GitRepo } from './git-repo.js';
import { runGit, splitNul } from './git-repo.js';
import { statFingerprint } from './git-tracked.js';
import { listUntrackedFiles, type UntrackedQuery } from './git-untracked.js';
import { RACY_MARGIN_MS } from './stat-cache.js';

export interface TreeState {
  repo: GitRepo;
  /** '' or the workspace root's repo-relative directory (a pathspec for git diff-files). */
  prefix: string;
  /** {@link statFingerprint} of the index when it was read. */
  index: string;
  /** Repo-relative path → lstat fingerprint (null: deleted) of each tracked file git named as changed. */
  changed: Record<string, string | null>;
  /** Root-relative path → lstat fingerprint (null: gone) of each untracked, not-ignored file listed. */
  untracked: Record<string, string | null>;
  /** The untracked listing's query (its cache file is what makes re-listing cheap). */
  untrackedQuery: Omit<UntrackedQuery, 'repo' | 'startMs'>;
}

/** Builds a {@link TreeState} while the file hasher walks the tree; `state()` is undefined when unusable. */
export class TreeStateRecorder {
  readonly #notBefore: number;
  readonly #changed: Record<string, string | null> = {};
  readonly #untracked: Record<string, string | null> = {};
  #unusable = false;

  constructor(
    private readonly repo: GitRepo,
    private readonly prefix: string,
    private readonly gitView: { changed: ReadonlySet<string>; indexFingerprint: string },
    private readonly untrackedQuery: TreeState['untrackedQuery'],
    startMs: number,
  ) {
    this.#notBefore = startMs - RACY_MARGIN_MS;
  }

  /** A tracked entry the index could not vouch for (st undefined: not in the work tree). */
  trackedNotClean(repoPath: string, st: Stats | undefined): void {
    if (!this.gitView.changed.has(repoPath)) this.#unusable = true; // an entry git does not report
    this.#changed[repoPath] = this.#print(st);
  }

  untrackedFile(rel: string, st: Stats | undefined): void {
    this.#untracked[rel] = this.#print(st);
  }

  state(): TreeState | undefined {
    if (this.#unusable) return undefined;
    // git named paths this walk skipped (outside the root's ignore rules, gitlinks): record them too.
    for (const p of this.gitView.changed) if (!(p in this.#changed)) this.#changed[p] = this.#print(lstat(this.repo.top, p));
    if (this.#unusable) return undefined;
    return {
      repo: this.repo,
      prefix: this.prefix,
      index: this.gitView.indexFingerprint,
      changed: this.#changed,
      untracked: this.#untracked,
      untrackedQuery: this.untrackedQuery,
    };
  }

  #print(st: Stats | undefined): string | null {
    if (st === undefined) return null;
    // A later write always sets mtime to the time of that write, so only a recent mtime is racy.
    if (st.mtimeMs >= this.#notBefore) this.#unusable = true;
    return lstatFingerprint(st);
  }
}

/**
 * What changed in the work tree since the state was recorded; undefined when nothing did. Costs one
 * `git diff-files` (run while this thread checks the rest), one lstat per recorded file and the
 * untracked listing's directory check.
 */
export async function treeStateChange(state: TreeState): Promise<string | undefined> {
  const indexFile = `${state.repo.gitDir}/index`;
  if (statFingerprint(indexFile) !== state.index) return 'the git index changed';
  const pathspec = state.prefix === '' ? [] : ['--', state.prefix];
  const changedPromise = runGit(state.repo.top, ['--literal-pathspecs', 'diff-files', '-z', '--name-only', ...pathspec]);
  changedPromise.catch(() => undefined);
  for (const [p, print] of Object.entries(state.changed)) {
    if (printOf(lstat(state.repo.top, p)) !== print) return `${p} changed`;
  }
  const root = state.untrackedQuery.root;
  for (const [rel, print] of Object.entries(state.untracked)) {
    if (printOf(lstat(root, rel)) !== print) return `${rel} changed`;
  }
  const untracked = await listUntrackedFiles({ ...state.untrackedQuery, repo: state.repo, startMs: Date.now() });
  const added = untracked.paths.find((rel) => !(rel in state.untracked));
  if (added !== undefined) return `${added} is new`;
  if (untracked.paths.length !== Object.keys(state.untracked).length) return 'an untracked file was removed';
  let changed: string[];
  try {
    changed = splitNul(await changedPromise);
  } catch (error) {
    return `git diff-files failed: ${(error as Error).message}`;
  }
  const modified = changed.find((p) => !(p in state.changed));
  if (modified !== undefined) return `${modified} changed`;
  if (changed.length !== Object.keys(state.changed).length) return 'a changed file was restored';
  // The index may have been rewritten while git looked.
  return statFingerprint(indexFile) === state.index ? undefined : 'the git index changed';
}

function lstatFingerprint(st: Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}:${st.mode}`;
}

function printOf(st: Stats | undefined): string | null {
  return st === undefined ? null : lstatFingerprint(st);
}

function lstat(dir: string, rel: string): Stats | undefined {
  try {
    return fs.lstatSync(`${dir}/${rel}`, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR: a parent became a file
  }
}
