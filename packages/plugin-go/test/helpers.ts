/**
 * Test helpers: temp trees written from inline objects, a real PluginContext (real fs, real
 * child processes), and a runner for the tasks the plugin infers that mimics the core's strict
 * environment, so the commands are exercised as ant will run them.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { onTestFinished } from 'vitest';
import type { ExecutorContext, ExecutorFunction, PluginContext, Project, ProjectSpec, TaskSpec } from '@ant/runner/plugin';

/** A file's content, or `{ link }` for a symlink, or `{ content, mode }` for an executable. */
export type TreeEntry = string | { link: string } | { content: string; mode: number };

/** Writes `tree` (repo path → entry; a path ending in `/` is an empty directory) under `dir`. */
export async function writeTree(dir: string, tree: Record<string, TreeEntry>): Promise<void> {
  for (const [path, entry] of Object.entries(tree)) {
    const abs = join(dir, path);
    if (path.endsWith('/')) {
      await mkdir(abs, { recursive: true });
      continue;
    }
    await mkdir(dirname(abs), { recursive: true });
    if (typeof entry === 'string') await writeFile(abs, entry);
    else if ('link' in entry) await symlink(entry.link, abs);
    else {
      await writeFile(abs, entry.content);
      await chmod(abs, entry.mode);
    }
  }
}

/** A temp dir holding `tree`, removed when the test finishes (KEEP_TMP=1 keeps it for debugging). */
export async function useTempDir(tree: Record<string, TreeEntry> = {}): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'ant-plugin-go-'));
  onTestFinished(async () => {
    if (process.env.KEEP_TMP !== '1') await rm(path, { recursive: true, force: true });
  });
  await writeTree(path, tree);
  return path;
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 127;
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}

/** A PluginContext over a real directory, like the host's. */
export function pluginContext(root: string, projects: () => readonly Project[] = () => []): PluginContext & { warnings: string[] } {
  const versions = new Map<string, Promise<string | undefined>>();
  const warnings: string[] = [];
  return {
    root,
    config: undefined,
    warnings,
    logger: { debug() {}, info() {}, warn: (m) => warnings.push(m) },
    exec: (command, args, options) =>
      run(command, args, options?.cwd ?? root, { ...process.env, ...options?.env } as NodeJS.ProcessEnv),
    toolVersion(command, args = ['--version']) {
      const key = [command, ...args].join(' ');
      if (!versions.has(key)) versions.set(key, run(command, args, root).then((r) => (r.exitCode === 0 ? r.stdout.trim() : undefined)));
      return versions.get(key)!;
    },
    projects,
    async readFile(path) {
      try {
        return await readFile(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** A resolved project as the core would hand it over. */
export function toProject(root: string, spec: ProjectSpec, fields: Record<string, unknown> = {}): Project {
  return {
    name: spec.name,
    root: spec.root,
    absRoot: spec.root === '.' ? root : join(root, spec.root),
    language: spec.language,
    fields: { ...spec.fields, ...fields },
    tags: spec.tags ?? [],
  };
}

/** The env vars the core passes through to every task. */
const BASE_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TERM', 'LANG', 'TZ', 'CI', 'NO_COLOR'];

/** The strict environment the core builds for a task. */
export function taskEnv(task: TaskSpec, root: string, extra: Record<string, string> = {}): Record<string, string> {
  const source = { ...process.env, ...extra };
  const env: Record<string, string> = {};
  for (const name of [...BASE_ENV, ...(task.env ?? []), ...(task.passThroughEnv ?? [])]) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, task.setEnv ?? {});
  if (task.pathPrepend?.length) env.PATH = [...task.pathPrepend.map((p) => (posix.isAbsolute(p) ? p : join(root, p))), env.PATH].join(':');
  return env;
}

export interface TaskRun {
  exitCode: number;
  output: string;
}

/** Runs a command task in its project root as the core does (`sh -c` or argv). */
export function runCommandTask(project: Project, task: TaskSpec, root: string, extraEnv: Record<string, string> = {}): Promise<TaskRun> {
  const command = task.command!;
  const [file, args] = typeof command === 'string' ? ['sh', ['-c', command]] : [command[0]!, command.slice(1)];
  return new Promise((resolve) => {
    const child = spawn(file, args as string[], { cwd: join(project.absRoot, task.cwd ?? '.'), env: taskEnv(task, root, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ exitCode: code ?? 1, output }));
  });
}

/** Runs an executor task in-process with a real ExecutorContext. */
export async function runExecutorTask(project: Project, taskName: string, task: TaskSpec, root: string, extraEnv: Record<string, string> = {}): Promise<TaskRun> {
  const ref = task.executor!;
  const mod = (await import(ref.module)) as Record<string, ExecutorFunction>;
  const lines: string[] = [];
  const ctx: ExecutorContext = {
    root,
    project: { name: project.name, root: project.root, absRoot: project.absRoot, language: project.language, fields: { ...project.fields } },
    task: taskName,
    hash: 'test',
    dependencyHashes: {},
    env: taskEnv(task, root, extraEnv),
    log: (line) => lines.push(line),
    signal: new AbortController().signal,
  };
  try {
    const result = await mod[ref.export]!(ref.options, ctx);
    return { exitCode: result?.exitCode ?? 0, output: lines.join('\n') };
  } catch (error) {
    return { exitCode: 1, output: `${lines.join('\n')}\n${(error as Error).message}` };
  }
}

/** Runs any task. */
export function runTask(project: Project, taskName: string, task: TaskSpec, root: string, extraEnv: Record<string, string> = {}): Promise<TaskRun> {
  return task.executor ? runExecutorTask(project, taskName, task, root, extraEnv) : runCommandTask(project, task, root, extraEnv);
}

/** `nix hash path` (the oracle), or undefined when nix is not installed. */
export async function nixHashPath(path: string): Promise<string | undefined> {
  const result = await run('nix', ['--extra-experimental-features', 'nix-command', 'hash', 'path', path], tmpdir());
  if (result.exitCode === 127) return undefined;
  if (result.exitCode !== 0) throw new Error(`nix hash path failed: ${result.stderr}`);
  return result.stdout.trim();
}
