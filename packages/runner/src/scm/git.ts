/**
 * The git queries `--affected` needs: merge-base, changed files between two points (renames on
 * both sides, deletions included), the working tree's changes, file contents at a revision.
 * Shallow clones and missing bases are errors that say what to do, never "everything changed".
 */
import { execFile } from 'node:child_process';
import { ScmError } from '../errors.js';

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stdout);
    });
  });
}

async function tryGit(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch {
    return undefined;
  }
}

export async function gitToplevel(cwd: string): Promise<string> {
  const out = await tryGit(cwd, ['rev-parse', '--show-toplevel']);
  if (!out) throw new ScmError(`${cwd} is not inside a git repository`, { code: 'ANT_SCM_NOT_A_REPO', hint: '--affected compares git revisions; run git init, or drop --affected' });
  return out.trim();
}

export async function revParse(cwd: string, ref: string): Promise<string | undefined> {
  return (await tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]))?.trim() || undefined;
}

export async function isShallow(cwd: string): Promise<boolean> {
  return (await tryGit(cwd, ['rev-parse', '--is-shallow-repository']))?.trim() === 'true';
}

/** The default base: origin/main, else main, else an error with a hint. */
export async function defaultBase(cwd: string): Promise<string> {
  for (const ref of ['origin/main', 'main']) if (await revParse(cwd, ref)) return ref;
  throw new ScmError('no base to compare with: neither origin/main nor main exists', {
    code: 'ANT_SCM_NO_BASE',
    hint: 'pass --base <ref> (e.g. --base origin/master or --base HEAD~1)',
  });
}

export async function mergeBase(cwd: string, base: string, head: string): Promise<string> {
  // The common case in one git call; the diagnosis below runs only when it fails.
  const direct = await tryGit(cwd, ['merge-base', base, head]);
  if (direct) return direct.trim();
  const baseSha = await revParse(cwd, base);
  if (!baseSha) {
    throw new ScmError(`base "${base}" is not a known revision`, {
      code: 'ANT_SCM_NO_BASE',
      hint: (await isShallow(cwd))
        ? 'this is a shallow clone: fetch the base (git fetch --deepen=100 origin main, or fetch-depth: 0 in CI)'
        : `check the name (git branch -a), or fetch it: git fetch origin ${base.replace(/^origin\//, '')}`,
    });
  }
  throw new ScmError(`no merge-base between ${base} and ${head}`, {
    code: 'ANT_SCM_NO_MERGE_BASE',
    hint: (await isShallow(cwd))
      ? 'this is a shallow clone whose history does not reach the base: deepen it (git fetch --unshallow, or fetch-depth: 0 in CI)'
      : 'the two have no common history; pass a --base that shares history with HEAD',
  });
}

/** Files changed between two commits, or between a commit and the working tree (head undefined). */
export async function changedFiles(cwd: string, from: string, head: string | undefined): Promise<string[]> {
  const range = head ? [from, head] : [from];
  // The diff and the untracked listing are independent: one round trip instead of two.
  const [diff, untracked] = await Promise.all([
    git(cwd, ['diff', '--relative', '--name-status', '-z', '--no-renames', ...range, '--']),
    head ? Promise.resolve('') : git(cwd, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const files = new Set<string>();
  const parts = diff.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) files.add(parts[i + 1]);
  for (const file of untracked.split('\0')) if (file) files.add(file);
  return [...files].sort();
}

/** A file's text at a revision, or undefined when it did not exist there. */
export async function showFile(cwd: string, rev: string, file: string): Promise<string | undefined> {
  return tryGit(cwd, ['show', `${rev}:${file}`]);
}
