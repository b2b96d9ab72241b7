/**
 * Drives the real `ant up` binary for end-to-end tests: spawn it (so tests can send SIGINT), wait
 * for output, find free ports, and check that processes are gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { onTestFinished } from 'vitest';
import { ANT_BIN, cleanEnv } from '../helpers/temp-repo.js';

export interface UpSession {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches; rejects with both streams after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** The exit code. */
  exit: Promise<number | null>;
}

/** Starts `ant <args>` in `cwd`; the session is SIGKILLed at the end of the test if still running. */
export function startAnt(cwd: string, args: string[], env: Record<string, string> = {}): UpSession {
  const child = spawn(process.execPath, [ANT_BIN, ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = setInterval(() => {
          if (pattern.test(out)) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() > deadline || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`never saw ${pattern} (exit ${child.exitCode})\nstdout:\n${out}\nstderr:\n${err}`));
          }
        }, 25);
      }),
  };
}

/** A port nothing listens on now (bound to port 0, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}


export { isAlive } from '../helpers/processes.js';

/** The time of the first `ant: <what>` note in a `.ant/up/<name>.log` file (its ISO timestamp). */
export function noteTime(logText: string, what: string): number {
  const line = logText.split('\n').find((l) => l.includes(` ant: ${what}`));
  if (!line) throw new Error(`no "ant: ${what}" in log:\n${logText}`);
  return Date.parse(line.slice(0, line.indexOf(' ')));
}
