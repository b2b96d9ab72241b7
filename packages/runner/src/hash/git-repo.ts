/**
 * Finds the git repository that contains a directory, in-process (no `git rev-parse`: a spawn costs
 * more than the few `stat`s of walking up), and runs git for the few things ant does not read itself.
 * It deliberately ignores GIT_DIR / GIT_WORK_TREE / core.worktree: ant's workspace is a directory, and
 * the repository is the one a user would see from it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ScmError } from '../errors.js';

/** Where a work tree's git data lives. */
export interface GitRepo {
  /** Absolute path of the work tree's top-level directory. */
  top: string;
  /** The per-worktree git directory (holds `index`; `.git/worktrees/<name>` for a linked worktree). */
  gitDir: string;
  /** The shared git directory (holds `config` and `info/exclude`). */
  commonDir: string;
  /** Object id format of the repository. */
  objectFormat: 'sha1' | 'sha256';
}

/** The repository whose work tree contains `dir` (an absolute, real path), or undefined if there is none. */
export function findGitRepo(dir: string): GitRepo | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const dotGit = path.join(current, '.git');
    const st = fs.statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return describe(current, dotGit);
    if (st?.isFile()) {
      // Linked worktrees and submodules have a `.git` file: "gitdir: <path>".
      const match = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'));
      if (match) return describe(current, path.resolve(current, match[1]));
    }
    if (path.dirname(current) === current) return undefined;
  }
}

function describe(top: string, gitDir: string): GitRepo {
  let commonDir = gitDir;
  const common = readIfExists(path.join(gitDir, 'commondir'));
  if (common !== undefined) commonDir = path.resolve(gitDir, common.trim());
  const config = readIfExists(path.join(commonDir, 'config')) ?? '';
  const objectFormat = /^\s*objectformat\s*=\s*sha256\s*$/im.test(config) ? 'sha256' : 'sha1';
  return { top, gitDir, commonDir, objectFormat };
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Runs git in `cwd` and returns its stdout; rejects with a ScmError carrying git's stderr on failure. `input` is written
 * to its stdin; `okExitCodes` lists non-zero codes that are answers, not failures.
 */
export function runGit(cwd: string, args: string[], options: { input?: string; okExitCodes?: number[] } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      // No optional locks: a read-only listing must not rewrite the index behind the user's back.
      ['--no-optional-locks', ...args],
      { cwd, encoding: 'buffer', maxBuffer: 1 << 30, env: gitEnv() },
      (error, stdout, stderr) => {
        const code = typeof error?.code === 'number' ? error.code : undefined;
        if (error && !(code !== undefined && options.okExitCodes?.includes(code))) {
          const detail = stderr.toString().trim() || error.message;
          reject(
            new ScmError(`git ${args.join(' ')} failed in ${cwd}: ${detail}`, {
              hint: 'ant lists files with git; check that git is installed and that `git status` works in this directory',
              cause: error,
            }),
          );
        } else {
          resolve(stdout);
        }
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

// Git must look at the repository findGitRepo found, even inside a hook that set GIT_DIR or
// GIT_INDEX_FILE for its own purposes.
function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  return env;
}

/** Splits `-z` output into its records. */
export function splitNul(out: Buffer): string[] {
  const text = out.toString('utf8');
  const records = text.split('\0');
  if (records[records.length - 1] === '') records.pop();
  return records;
}
