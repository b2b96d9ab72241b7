/**
 * Real temporary git repos for end-to-end tests: write an inline tree, `git init` and commit, then
 * drive the real `ant` binary and parse its JSON. Set ANT_KEEP_TEST_REPOS=1 to keep the trees.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const ANT_BIN = fileURLToPath(new URL('../../bin/ant.js', import.meta.url));

export type Tree = Record<string, string | object>;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed `--summarize` file, when the run wrote one through `summary()`. */
}

export interface TempRepo {
  root: string;
  write(tree: Tree): void;
  read(file: string): string;
  exists(file: string): boolean;
  git(...args: string[]): string;
  commit(message?: string): void;
  /** Runs `ant <args>` in the repo (or `cwd` below it) with a clean env plus `env`. */
  ant(args: string[], options?: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Runs `ant run <args> --summarize=FILE` and returns the parsed summary with the result. */
  runSummary(args: string[], options?: { env?: Record<string, string | undefined> }): Promise<RunResult & { summary: Summary }>;
}

export interface Summary {
  version: number;
  exitCode: number;
  durationMs: number;
  savedMs: number;
  tasks: { id: string; project: string; task: string; hash: string; cache: string; status: string; exitCode: number | null; durationMs: number; dependsOn: string[] }[];
}

export function writeTree(root: string, tree: Tree): void {
  for (const [file, content] of Object.entries(tree)) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

export function tempRepo(tree: Tree, options: { commit?: boolean } = {}): TempRepo {
  const root = mkdtempSync(path.join(tmpdir(), 'ant-test-'));
  if (!process.env.ANT_KEEP_TEST_REPOS) onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' },
    });
  git('init', '-q', '-b', 'main');
  writeTree(root, { '.gitignore': '.ant/\nnode_modules/\n', ...tree });
  const repo: TempRepo = {
    root,
    write: (t) => writeTree(root, t),
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    exists: (file) => existsSync(path.join(root, file)),
    git,
    commit: (message = 'change') => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
    },
    ant: (args, opts = {}) => runAnt(args, { cwd: opts.cwd ? path.join(root, opts.cwd) : root, env: opts.env, timeoutMs: opts.timeoutMs }),
    runSummary: async (args, opts = {}) => {
      const file = path.join(root, '.ant', `summary-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
      const result = await runAnt(['run', ...args, `--summarize=${file}`], { cwd: root, env: opts.env });
      let summary: Summary;
      try {
        summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
      } catch {
        throw new Error(`ant wrote no summary (exit ${result.code})\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
      }
      return { ...result, summary };
    },
  };
  if (options.commit !== false) repo.commit('initial');
  return repo;
}

/** A minimal, reproducible environment: no inherited ANT_* or CI variables. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'USER', 'GOPATH', 'GOCACHE', 'GOMODCACHE', 'UV_CACHE_DIR']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  env.NO_COLOR = '1';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runAnt(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ANT_BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ant ${args.join(' ')} timed out\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Two shell-only projects (no plugin needed): `a` builds dist/out.txt, `b` depends on it. */
export function twoProjectConfig(extra: Record<string, unknown> = {}): object {
  return {
    services: {
      a: { language: 'sh', path: 'a', tasks: { build: { command: 'mkdir -p dist && cat src.txt > dist/out.txt && echo built a', outputs: ['dist/**'] } } },
      b: {
        language: 'sh',
        path: 'b',
        dependsOn: ['a'],
        tasks: { build: { command: 'mkdir -p dist && cat ../a/dist/out.txt src.txt > dist/out.txt && echo built b', dependsOn: ['^build'], outputs: ['dist/**'] } },
      },
    },
    ...extra,
  };
}
