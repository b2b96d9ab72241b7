/**
 * Real temporary git repositories for the hash tests: written from an inline tree, `git init`ed and
 * committed, removed when the test finishes (set ANT_KEEP_TEMP=1 to keep them for debugging).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

// The machine's git config (global excludes, signing, hooks) must not change what the tests see,
// neither in the git commands run here nor in the ones the hasher spawns (same process env).
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_AUTHOR_NAME = process.env.GIT_COMMITTER_NAME = 'test';
process.env.GIT_AUTHOR_EMAIL = process.env.GIT_COMMITTER_EMAIL = 'test@example.invalid';

/** A temporary directory, optionally a git repository. */
export interface TempRepo {
  /** Absolute, real path. */
  dir: string;
  /** Runs git in `dir` (or `cwd` below it) and returns trimmed stdout. */
  git(args: string[], input?: string | Buffer): string;
  write(rel: string, content: string | Buffer): void;
  abs(rel: string): string;
  /** `git hash-object` of the work-tree file (or of a symlink's target text). */
  hashObject(rel: string): string;
  /** `git ls-files -s` as path → { hash, mode }. */
  lsFiles(): Map<string, { hash: string; mode: number }>;
}

/** Creates a temp dir with `files`; unless `git: false`, inits a repo and commits everything. */
export function tempRepo(files: Record<string, string>, options: { git?: boolean; commit?: boolean } = {}): TempRepo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ant-hash-test-')));
  onTestFinished(() => {
    if (!process.env.ANT_KEEP_TEMP) fs.rmSync(dir, { recursive: true, force: true });
  });
  const repo: TempRepo = {
    dir,
    git: (args, input) =>
      execFileSync('git', args, { cwd: dir, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim(),
    write(rel, content) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    },
    abs: (rel) => path.join(dir, rel),
    hashObject(rel) {
      const st = fs.lstatSync(path.join(dir, rel));
      if (st.isSymbolicLink()) return repo.git(['hash-object', '--stdin'], fs.readlinkSync(path.join(dir, rel)));
      return repo.git(['hash-object', '--no-filters', '--', rel]);
    },
    lsFiles() {
      const out = execFileSync('git', ['ls-files', '-s', '-z'], { cwd: dir, encoding: 'utf8' });
      const map = new Map<string, { hash: string; mode: number }>();
      for (const record of out.split('\0').filter(Boolean)) {
        const [meta, p] = record.split('\t');
        const [mode, hash] = meta.split(' ');
        map.set(p, { hash, mode: parseInt(mode, 8) });
      }
      return map;
    },
  };
  for (const [rel, content] of Object.entries(files)) repo.write(rel, content);
  if (options.git !== false) {
    repo.git(['init', '-q', '-b', 'main']);
    repo.git(['config', 'commit.gpgsign', 'false']);
    if (options.commit !== false) {
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'init', '--allow-empty']);
    }
  }
  return repo;
}

/** Sleeps past the racy window, so files written before are old enough for the caches to keep. */
export function ageFiles(ms = 2100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
