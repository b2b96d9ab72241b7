/**
 * Runs a program on the user's terminal (stdio inherited) and resolves with its exit code, as a
 * shell would report it: the code, or 128 + the signal number when it was killed. While it runs,
 * ant ignores the terminal's SIGINT/SIGQUIT (the child gets them from the terminal itself) and
 * forwards SIGTERM/SIGHUP, so Ctrl-C in `ant shell` reaches the shell, not ant.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { DevshellError } from './devshell-error.js';

/** Spawns `file args…` with `env` (PATH lookup uses `env.PATH`); rejects only if it cannot start. */
export function spawnInherited(file: string, args: readonly string[], options: { env: Record<string, string>; cwd: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, cwd: options.cwd, stdio: 'inherit' });
    const ignore = () => undefined;
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const handlers: [NodeJS.Signals, (s: NodeJS.Signals) => void][] = [
      ['SIGINT', ignore], ['SIGQUIT', ignore], ['SIGTERM', forward], ['SIGHUP', forward],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      if (error.code === 'ENOENT') {
        reject(new DevshellError('ANT_DEVSHELL_COMMAND_NOT_FOUND', `command not found: ${file}`, {
          exitCode: 127,
          hint: 'it is not on the devshell\'s PATH; `ant env --format json` shows the PATH the shell gets',
        }));
      } else reject(new DevshellError('ANT_DEVSHELL_SPAWN_FAILED', `could not start ${file}: ${error.message}`, { exitCode: 126, cause: error }));
    });
    child.on('close', (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
