/**
 * Running the system `ssh` client against a Linux builder: the argv (pure) and a spawn helper that
 * wires stdin/stdout/stderr and an AbortSignal (I/O). Host keys are accepted on first use and
 * remembered in ant's own known_hosts file, never the user's; no password prompt can block a run.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';

/** Where a Linux builder is. */
export interface BuilderTarget {
  host: string;
  /** Default 22. */
  port?: number;
  /** Default: ssh's own (your login name or `~/.ssh/config`). */
  user?: string;
  /** Private key; `~/` is expanded. Default: ssh's own keys and agent. */
  identityFile?: string;
  /** How many tasks the builder takes at once (the scheduler's concern). */
  maxJobs?: number;
}

/** Options that do not depend on the builder. */
export interface SshOptions {
  /** ant's known_hosts file (e.g. `<root>/.ant/state/known_hosts`). */
  knownHostsFile: string;
  /** Seconds; default 10. */
  connectTimeout?: number;
}

/** Expands a leading `~/` to the home directory. */
export function expandHome(file: string): string {
  return file === '~' ? os.homedir() : file.startsWith('~/') ? `${os.homedir()}/${file.slice(2)}` : file;
}

/** The arguments of `ssh` (without `ssh` itself) that run `remoteCommand` on `target`. */
export function sshArgs(target: BuilderTarget, options: SshOptions, remoteCommand: string): string[] {
  const args = [
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=accept-new',
    '-o', `UserKnownHostsFile=${options.knownHostsFile}`,
    '-o', `ConnectTimeout=${options.connectTimeout ?? 10}`,
    // Keeps "Permanently added … to the list of known hosts" out of task logs.
    '-o', 'LogLevel=ERROR',
    '-o', 'ServerAliveInterval=15',
    '-T',
    '-p', String(target.port ?? 22),
  ];
  if (target.user !== undefined) args.push('-l', target.user);
  if (target.identityFile !== undefined) args.push('-i', expandHome(target.identityFile), '-o', 'IdentitiesOnly=yes');
  // `--` so a host can never be read as an option.
  args.push('--', target.host, remoteCommand);
  return args;
}

/** How to connect the ssh process's streams. */
export interface SshIo {
  /** Text, or a stream piped in; default: empty stdin. */
  stdin?: string | Readable;
  /** A stream ssh's stdout is piped to, or a callback per chunk; default: collected. */
  stdout?: Writable | ((chunk: Buffer) => void);
  /** Callback per stderr chunk (stderr is also collected for messages). */
  onStderr?: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

/** What an ssh run gave back. */
export interface SshResult {
  /** ssh's exit code: the remote command's, or 255 for ssh's own failures. */
  exitCode: number;
  /** Collected stdout (empty when `io.stdout` took it). */
  stdout: string;
  stderr: string;
}

/** Spawns `ssh args…` and waits for it; never throws for a non-zero exit. */
export function runSsh(args: string[], io: SshIo = {}): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'], signal: io.signal, killSignal: 'SIGTERM' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    if (typeof io.stdout === 'function') child.stdout.on('data', io.stdout);
    else if (io.stdout) child.stdout.pipe(io.stdout);
    else child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      io.onStderr?.(chunk);
    });
    // The remote side may close stdin early (e.g. a failed `tar -x`); that is reported by the exit code.
    child.stdin.on('error', () => {});
    if (typeof io.stdin === 'string' || io.stdin === undefined) child.stdin.end(io.stdin ?? '');
    else io.stdin.pipe(child.stdin);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return; // 'close' still follows and reports the exit
      reject(error.code === 'ENOENT' ? new Error('the "ssh" client is not installed (install OpenSSH)') : error);
    });
    child.on('close', (code, signal) => {
      resolve({
        exitCode: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 15) : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
