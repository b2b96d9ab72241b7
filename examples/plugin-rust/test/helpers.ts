/**
 * Test helpers of the example plugin: a real temporary git repo with an inline tree, and the real
 * `ant` binary (the one `npm ci` links into node_modules/.bin). A third-party plugin's tests look
 * like this: no ant internals, only the CLI and its JSON output.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = path.resolve(PLUGIN_DIR, '../..');
export const ANT_BIN = path.join(REPO_ROOT, 'node_modules/.bin/ant');

/** Whether `cargo` runs here (tests that need it skip visibly otherwise). */
export const HAS_CARGO = spawnSync('cargo', ['--version']).status === 0;
export const HAS_CLIPPY = HAS_CARGO && spawnSync('cargo', ['clippy', '--version']).status === 0;

/** Compiles the plugin (src → dist) once per test file; the root `npm run build` does not build examples. */
export function buildPlugin(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(PLUGIN_DIR, 'tsconfig.json')], { stdio: 'inherit' });
}

export interface Repo {
  root: string;
  write(tree: Record<string, string | object>): void;
  read(file: string): string;
  exists(file: string): boolean;
  commit(message?: string): void;
  /** `cargo generate-lockfile` in a crate or workspace dir (no registry access for path-only crates). */
  lock(dir?: string): void;
  ant(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `ant run … --summarize`, parsed: task id → cache status (`miss`, `local`, `off`) or `failed`/`skipped`. */
  run(args: string[]): Promise<{ code: number; output: string; tasks: Record<string, string> }>;
}

export function tempRepo(tree: Record<string, string | object>): Repo {
  const root = mkdtempSync(path.join(tmpdir(), 'ant-rust-'));
  if (!process.env.ANT_KEEP_TEST_REPOS) onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
  const write = (t: Record<string, string | object>) => {
    for (const [file, content] of Object.entries(t)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    }
  };
  git('init', '-q', '-b', 'main');
  write({ '.gitignore': 'target/\ndist/\n.ant/\n', 'ant.config.json': { plugins: [PLUGIN_DIR] }, ...tree });
  const ant = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(ANT_BIN, args, { cwd: root, env: { ...process.env, NO_COLOR: '1', ANT_CACHE_DIR: path.join(root, '.ant/cache') } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  return {
    root,
    write,
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    exists: (file) => existsSync(path.join(root, file)),
    commit: (message = 'change') => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
    },
    lock: (dir = '.') => execFileSync('cargo', ['generate-lockfile', '--offline', '-q'], { cwd: path.join(root, dir) }),
    ant,
    run: async (args) => {
      const file = path.join(root, '.ant', `summary-${Math.random().toString(16).slice(2)}.json`);
      const { code, stdout, stderr } = await ant(['run', ...args, `--summarize=${file}`]);
      const output = stdout + stderr;
      if (!existsSync(file)) throw new Error(`ant wrote no summary (exit ${code})\n${output}`);
      const summary = JSON.parse(readFileSync(file, 'utf8')) as { tasks: { id: string; cache: string; status: string }[] };
      return { code, output, tasks: Object.fromEntries(summary.tasks.map((t) => [t.id, t.status === 'failed' || t.status === 'skipped' ? t.status : t.cache])) };
    },
  };
}

/** A cargo workspace (crates/core library, crates/cli binary using it) and a standalone crate. */
export function platformTree(): Record<string, string> {
  return {
    'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["tools"]\nresolver = "2"\n\n[workspace.dependencies]\ncore-lib = { path = "crates/core" }\n',
    'crates/core/Cargo.toml': '[package]\nname = "core-lib"\nversion = "0.1.0"\nedition = "2021"\n',
    'crates/core/src/lib.rs':
      'pub fn greet(name: &str) -> String {\n    format!("hello, {name}")\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn greets() {\n        assert_eq!(super::greet("ant"), "hello, ant");\n    }\n}\n',
    'crates/cli/Cargo.toml': '[package]\nname = "cli"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ncore-lib = { workspace = true }\n',
    'crates/cli/src/main.rs': 'fn main() {\n    println!("{}", core_lib::greet("cli"));\n}\n',
    'tools/hello/Cargo.toml': '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n\n[features]\nloud = []\n',
    'tools/hello/src/main.rs':
      'fn main() {\n    if cfg!(feature = "loud") {\n        println!("HELLO");\n    } else {\n        println!("hello");\n    }\n}\n',
  };
}
