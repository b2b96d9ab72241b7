/**
 * Shared pieces of the reliability suite (issue #15): a small deterministic workspace with
 * several projects and dependencies, a byte-exact snapshot of its outputs, the check that every
 * entry of a cache dir restores to what a clean rebuild produces, and a scanner for secrets.
 *
 * `ANT_STRESS=1` selects the long variants (`stress(fast, long)`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { onTestFinished } from 'vitest';
import { readArtifactHead, unpackArtifact } from '../../src/cache/artifact.js';
import { ANT_BIN, cleanEnv, tempRepo, type TempRepo, type Tree } from '../helpers/temp-repo.js';

/** True when the long variants run (`npm run test:stress`). */
export const STRESS = process.env.ANT_STRESS === '1';

/** `fast` in the default suite, `long` under ANT_STRESS=1. */
export function stress<T>(fast: T, long: T): T {
  return STRESS ? long : fast;
}

/** A temp dir removed when the test finishes (kept with ANT_KEEP_TEST_REPOS). */
export async function scratchDir(prefix = 'ant-rel-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  if (!process.env.ANT_KEEP_TEST_REPOS) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Four shell projects, `a` ← `b`, `a` ← `c`, `b`+`c` ← `d`. Each writes its outputs to a temp
 * file beside the project and renames it into `dist/` (so concurrent runs in one tree never see
 * half a file), has a few hundred KB of output (a store takes long enough to be killed in), a
 * file with mode 0755, a nested dir, and a symlink inside the project. Inputs are only `src.txt`,
 * so temp files do not change hashes. Everything is a function of the `src.txt` files.
 */
export function workspaceTree(variant = 'v0'): Tree {
  const build = (name: string, deps: string[]) => {
    const depFiles = deps.map((d) => `../${d}/dist/out.txt`).join(' ');
    return [
      'set -e',
      'mkdir -p dist/nested',
      't=$(mktemp -p .)',
      `cat src.txt ${depFiles} > "$t" && chmod 644 "$t" && mv "$t" dist/out.txt`,
      `t=$(mktemp -p .); seq 1 ${name === 'a' ? 120000 : 60000} | sed "s/^/${name}:/" > "$t" && chmod 644 "$t" && mv "$t" dist/nested/seq.txt`,
      `t=$(mktemp -p .); printf '#!/bin/sh\\necho ${name}\\n' > "$t" && chmod 755 "$t" && mv "$t" dist/tool`,
      'ln -sfn nested/seq.txt dist/link',
      `echo built ${name}`,
    ].join('\n');
  };
  const project = (name: string, deps: string[]) => ({
    language: 'sh',
    path: name,
    ...(deps.length ? { dependsOn: deps } : {}),
    tasks: { build: { command: build(name, deps), inputs: ['src.txt'], outputs: ['dist/**'], ...(deps.length ? { dependsOn: ['^build'] } : {}) } },
  });
  return {
    'ant.config.json': { services: { a: project('a', []), b: project('b', ['a']), c: project('c', ['a']), d: project('d', ['b', 'c']) } },
    'a/src.txt': `A ${variant}\n`,
    'b/src.txt': 'B\n',
    'c/src.txt': 'C\n',
    'd/src.txt': `D ${variant}\n`,
  };
}

export const PROJECTS = ['a', 'b', 'c', 'd'] as const;

/** Every path under `dir` with its kind, mode and content (or link target): a byte-exact picture. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, child);
      const st = lstatSync(abs);
      const mode = (st.mode & 0o777).toString(8);
      if (st.isSymbolicLink()) out[child] = `link -> ${readlinkSync(abs)}`;
      else if (st.isDirectory()) {
        out[child] = `dir ${mode}`;
        walk(child);
      } else out[child] = `file ${mode} ${readFileSync(abs).toString('base64')}`;
    }
  };
  walk('');
  return out;
}

/** The outputs of every project (its `dist/`), keyed by repo path. */
export function outputsOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of PROJECTS) for (const [k, v] of Object.entries(snapshot(path.join(root, p, 'dist')))) out[`${p}/dist/${k}`] = v;
  return out;
}

/** A clean rebuild of `variant` with an empty cache: task hash → that task's outputs. */
export async function referenceBuild(variant: string): Promise<{ repo: TempRepo; byHash: Map<string, { taskId: string; outputs: Record<string, string> }> }> {
  const repo = tempRepo(workspaceTree(variant));
  const cacheDir = await scratchDir('ant-rel-refcache-');
  const run = await repo.runSummary(['build'], { env: { ANT_CACHE_DIR: cacheDir } });
  if (run.code !== 0) throw new Error(`reference build failed:\n${run.stdout}\n${run.stderr}`);
  const all = outputsOf(repo.root);
  const byHash = new Map<string, { taskId: string; outputs: Record<string, string> }>();
  for (const task of run.summary.tasks) {
    const outputs = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(`${task.project}/`)));
    byHash.set(task.hash, { taskId: task.id, outputs });
  }
  return { repo, byHash };
}

/** Every complete entry (`<hh>/<hash>.tar.gz`) and every stray temp file in a local cache dir. */
export async function cacheEntries(cacheDir: string): Promise<{ entries: { hash: string; file: string }[]; temps: string[] }> {
  const entries: { hash: string; file: string }[] = [];
  const temps: string[] = [];
  if (!existsSync(cacheDir)) return { entries, temps };
  for (const shard of await readdir(cacheDir)) {
    const dir = path.join(cacheDir, shard);
    if (!lstatSync(dir).isDirectory()) continue;
    for (const name of await readdir(dir)) {
      if (name.includes('.tmp-')) temps.push(path.join(shard, name));
      else if (name.endsWith('.tar.gz')) entries.push({ hash: name.slice(0, -'.tar.gz'.length), file: path.join(dir, name) });
    }
  }
  return { entries, temps };
}

/** What {@link verifyCacheEntries} found. */
export interface EntryVerdict {
  checked: number;
  /** Entries whose hash no reference build produced (must stay 0: every entry is some task's). */
  unknown: string[];
  /** Entries that failed to restore, or restored to other bytes than the rebuild. */
  corrupt: string[];
}

/**
 * Restores every entry of `cacheDir` into a fresh directory, in-process with the real unpacker,
 * and compares the bytes with the outputs the clean rebuild produced for that hash.
 */
export async function verifyCacheEntries(
  cacheDir: string,
  references: Map<string, { taskId: string; outputs: Record<string, string> }>,
): Promise<EntryVerdict> {
  const verdict: EntryVerdict = { checked: 0, unknown: [], corrupt: [] };
  const { entries } = await cacheEntries(cacheDir);
  for (const { hash, file } of entries) {
    verdict.checked++;
    const expected = references.get(hash);
    if (!expected) {
      verdict.unknown.push(hash);
      continue;
    }
    const project = expected.taskId.split(':')[0]!;
    const fresh = await scratchDir('ant-rel-restore-');
    try {
      const body = await readFile(file);
      const head = await unpackArtifact(body, fresh, { allowedRoots: [project], hash });
      if (head.meta.taskId !== expected.taskId) throw new Error(`entry says ${head.meta.taskId}`);
      const restored: Record<string, string> = {};
      for (const [k, v] of Object.entries(snapshot(path.join(fresh, project, 'dist')))) restored[`${project}/dist/${k}`] = v;
      if (JSON.stringify(restored) !== JSON.stringify(expected.outputs)) throw new Error('restored bytes differ from the rebuild');
      const log = await readFile(file.replace(/\.tar\.gz$/, '.log')).catch(() => undefined);
      if (log && !log.equals(head.log)) throw new Error('the .log beside the entry differs from its artifact');
    } catch (error) {
      verdict.corrupt.push(`${hash} (${expected.taskId}): ${(error as Error).message}`);
    }
  }
  return verdict;
}

/** The meta of an entry file, or undefined when it does not even have a readable head. */
export async function entryTaskId(file: string): Promise<string | undefined> {
  try {
    return (await readArtifactHead(await readFile(file))).meta.taskId;
  } catch {
    return undefined;
  }
}

/** Starts `ant <args>` without waiting; the caller kills it or awaits `done`. */
export function startAnt(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [ANT_BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Every regular file under `dir` (absolute paths), following no links. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  const walk = (abs: string) => {
    for (const name of readdirSync(abs)) {
      const child = path.join(abs, name);
      const st = lstatSync(child);
      if (st.isDirectory()) walk(child);
      else if (st.isFile()) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/**
 * Where any of `secrets` occurs in the files under `dirs` (gzip'd files are also scanned
 * inflated) and in `texts`: a list of "where: which secret" lines, empty when nothing leaked.
 */
export function findSecrets(secrets: readonly string[], dirs: readonly string[], texts: Record<string, string> = {}): string[] {
  const hits: string[] = [];
  const scan = (where: string, bytes: Buffer) => {
    for (const secret of secrets) if (bytes.includes(secret)) hits.push(`${where}: ${secret.slice(0, 6)}…`);
  };
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      const bytes = readFileSync(file);
      scan(file, bytes);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
          scan(`${file} (inflated)`, gunzipSync(bytes));
        } catch {
          // Not a complete gzip stream: the raw scan above is all there is.
        }
      }
    }
  }
  for (const [where, text] of Object.entries(texts)) scan(where, Buffer.from(text));
  return hits;
}
