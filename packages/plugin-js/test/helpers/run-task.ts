/**
 * Runs a command task the way DESIGN.md says the core will: `sh -c <command>` (or the argv) in the
 * project root, with the strict environment plus the task's `setEnv` and `pathPrepend`. No npm.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TaskSpec } from '@ant/runner/plugin';

/** What a task run produced. */
export interface TaskRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const PASS_THROUGH = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TERM', 'LANG', 'TZ', 'CI', 'NO_COLOR', 'FORCE_COLOR'];

/** The strict environment of a task (DESIGN: only a short allow-list passes through). */
export function strictEnv(root: string, task: TaskSpec): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && (PASS_THROUGH.includes(key) || key.startsWith('LC_'))) env[key] = value;
  }
  Object.assign(env, task.setEnv ?? {});
  const prepend = (task.pathPrepend ?? []).map((p) => (path.isAbsolute(p) ? p : path.join(root, p)));
  env.PATH = [...prepend, env.PATH ?? ''].join(path.delimiter);
  return env;
}

/** Spawns the task's command in `projectAbsRoot`. */
export function runTask(root: string, projectAbsRoot: string, task: TaskSpec): Promise<TaskRun> {
  const command = task.command;
  if (command === undefined) throw new Error('task has no command');
  const [file, args] = typeof command === 'string' ? ['sh', ['-c', command]] : [command[0]!, command.slice(1)];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: path.join(projectAbsRoot, task.cwd ?? '.'), env: strictEnv(root, task) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr, durationMs: performance.now() - started }));
  });
}
