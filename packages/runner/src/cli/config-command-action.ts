/** Runs a config `commands` entry with the repo-wide devshell env, forwarding extra arguments. */
import { spawn } from 'node:child_process';
import type { BaseCommand } from './base-command.js';

export async function runConfigCommand(command: BaseCommand, script: string, args: string[]): Promise<number> {
  const workspace = await command.workspace();
  let env: NodeJS.ProcessEnv = { ...command.context.env };
  try {
    const { composeDevshellEnv } = await import('../devshell/compose.js');
    env = (await composeDevshellEnv(workspace, null, command.context.env)).env;
  } catch (error) {
    // the devshell is an enrichment; the command still runs with the caller's env, but says so
    command.context.stderr.write(`warning: running without the devshell env: ${(error as Error)?.message ?? String(error)}\n`);
  }
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', `${script} "$@"`, 'sh', ...args], { cwd: workspace.root, env, stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
}
