/**
 * Runs an inferred task's command the way the core will: `sh -c` in `<root>/<cwd>`, with the
 * strict environment (a fixed allow-list plus the task's env, passThroughEnv and setEnv), so a
 * test proves the task declares every variable its toolchain needs.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Project, TaskSpec } from '@ant/runner/plugin';

const ALLOWED = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TERM', 'LANG', 'TZ', 'CI', 'NO_COLOR', 'FORCE_COLOR',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

export interface TaskRun {
  exitCode: number;
  output: string;
}

export function strictEnv(task: TaskSpec): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const declared = [...(task.env ?? []), ...(task.passThroughEnv ?? [])].some((d) =>
      d.endsWith('*') ? name.startsWith(d.slice(0, -1)) : d === name,
    );
    if (ALLOWED.includes(name) || name.startsWith('LC_') || declared) {
      env[name] = value;
    }
  }
  return { ...env, ...task.setEnv };
}

export function runTask(project: Project, task: TaskSpec): Promise<TaskRun> {
  const command = task.command;
  if (typeof command !== 'string') throw new Error(`task has no string command: ${JSON.stringify(task)}`);
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], {
      cwd: join(project.absRoot, task.cwd ?? '.'),
      env: strictEnv(task),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, output }));
  });
}
