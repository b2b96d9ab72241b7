/**
 * Runs a program without a shell and captures its output: the plugin context's `exec`, and the
 * tool-version probe's.
 */
import { spawn } from 'node:child_process';
import type { ExecOptions, ExecResult } from './api.js';

/** Runs a program without a shell and captures its output; a missing program is exit code 127. */
export function execCapture(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    if (options.input !== undefined) child.stdin!.end(options.input);
    child.on('error', (error) => resolve({ exitCode: 127, stdout: '', stderr: error.message }));
    child.on('close', (code, signal) =>
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}
