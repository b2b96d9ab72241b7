/**
 * Runs one command task as a child process in its own process group, streaming its merged
 * stdout/stderr. Stopping kills the whole group (SIGTERM, then SIGKILL after a grace period), so
 * grandchildren — a dev server started by a script — never outlive ant.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ChildTask {
  /** Resolves with the exit code (128 + signal number when killed by a signal). */
  done: Promise<number>;
  /** Signals the group, then SIGKILLs it after `graceMs` (default 3000) if the leader is still alive. */
  stop(signal?: NodeJS.Signals, graceMs?: number): void;
  pid: number | undefined;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export function startChild(
  command: string | string[],
  options: { cwd: string; env: Record<string, string>; onOutput(chunk: Buffer): void; interactive?: boolean },
): ChildTask {
  const [file, args] = Array.isArray(command) ? [command[0], command.slice(1)] : ['/bin/sh', ['-c', command]];
  let child: ChildProcess;
  const done = new Promise<number>((resolve) => {
    child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true, // own process group: kill(-pid) reaches every descendant
      stdio: [options.interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', options.onOutput);
    child.stderr!.on('data', options.onOutput);
    child.on('error', (error) => {
      const reason = existsSync(options.cwd) ? error.message : `working directory ${options.cwd} does not exist`;
      options.onOutput(Buffer.from(`ant: cannot start ${file}: ${reason}\n`));
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? SIGNAL_NUMBERS[signal] ?? 1 : 1)));
  });
  let stopping = false;
  return {
    done,
    get pid() {
      return child.pid;
    },
    stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000) {
      const pid = child.pid;
      if (pid === undefined) return;
      killGroup(pid, signal);
      if (stopping || signal === 'SIGKILL') return;
      stopping = true;
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      timer.unref();
      done.then(() => {
        clearTimeout(timer);
        // The leader exited; make sure no straggler of its group survives.
        killGroup(pid, 'SIGKILL');
      });
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}
