/**
 * Small helpers for repo paths (`/`-separated, relative to the workspace root, `.` is the root).
 */
import { posix } from 'node:path';
import type { RepoPath } from '@ant/runner/plugin';

/** Joins repo path segments, keeping `.` for the root. */
export function joinRepo(...parts: string[]): RepoPath {
  const joined = posix.normalize(posix.join(...parts));
  return joined === '' ? '.' : joined.replace(/\/$/, '');
}

/** The directory of a repo path (`pyproject.toml` → `.`). */
export function dirOf(path: RepoPath): RepoPath {
  return posix.dirname(path);
}

/** `to` relative to `from` (both repo paths); `.` when equal. */
export function relativeRepo(from: RepoPath, to: RepoPath): string {
  return posix.relative(from === '.' ? '' : from, to === '.' ? '' : to) || '.';
}

/** The strict ancestors of a repo directory, nearest first, ending with `.`. */
export function ancestorsOf(dir: RepoPath): RepoPath[] {
  const out: RepoPath[] = [];
  let current = dir;
  while (current !== '.' && current !== '') {
    current = posix.dirname(current);
    out.push(current);
  }
  return out;
}

/** Whether `path` is `dir` or inside it. */
export function isWithin(path: RepoPath, dir: RepoPath): boolean {
  return dir === '.' || path === dir || path.startsWith(`${dir}/`);
}

/** A repo path relative to a project root, for task `inputs` (`$root/…` when outside the project). */
export function inputPath(projectRoot: RepoPath, path: RepoPath): string {
  if (isWithin(path, projectRoot)) return relativeRepo(projectRoot, path);
  return `$root/${path}`;
}

/** Quotes a word for `sh -c`. */
export function shQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
