/**
 * Runs one task on a Linux builder over ssh. The core's scheduler imports this file directly
 * (`@ant/plugin-darwin/remote-builder`), without the plugin's index, for tasks marked
 * `platform: "linux"` when the host is not Linux.
 *
 * One task = four ssh sessions: upload the inputs (tar on stdin into a fresh temp dir), run the
 * command with the env (output streamed back), download the outputs (tar on stdout), remove the
 * temp dir (always, also after a failure or an abort).
 */
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DarwinError } from './darwin-error.js';
import { copyOutputs } from './output-copy.js';
import { compileOutputGlobs } from './output-glob.js';
import { cleanupScript, DIR_MARKER, downloadScript, runScript, taskScript, uploadScript } from './remote-scripts.js';
import { runSsh, sshArgs, type BuilderTarget, type SshOptions } from './ssh-command.js';

export type { BuilderTarget } from './ssh-command.js';
export { selectLinuxBuilder } from './builder-selection.js';

/** One task for the builder. */
export interface LinuxBuilderRequest {
  /** Absolute workspace root. */
  root: string;
  /** The project's root, repo-relative (`.` for the workspace root). */
  projectRoot: string;
  /** A shell command (run with `sh -c`) or an argv. */
  command: string | string[];
  /** Working directory: absolute inside `root`, or repo-relative. */
  cwd: string;
  /** The task's env; host-only variables (PATH, HOME, SSH_* …) are not forwarded. */
  env: Record<string, string>;
  /** Repo-relative files to send. */
  inputs: string[];
  /** Globs relative to the project root of the outputs to bring back. */
  outputs: string[];
  builder: BuilderTarget;
  /** stdout and stderr of the remote command, as they arrive. */
  onOutput(chunk: Buffer): void;
  signal?: AbortSignal;
  /** ant's known_hosts file; default `<root>/.ant/state/known_hosts`. */
  knownHostsFile?: string;
}

/** The remote command's exit code (130 when aborted). */
export interface LinuxBuilderResult {
  exitCode: number;
  /** Project-relative paths of the outputs brought back. */
  outputs: string[];
}

/**
 * Runs `req.command` on `req.builder` and brings back its outputs.
 * @throws DarwinError ANT_DARWIN_BUILDER_FAILED when the builder cannot be reached or the inputs or
 * outputs cannot be moved; a failing command is not an error: it is `exitCode`.
 */
export async function runOnLinuxBuilder(req: LinuxBuilderRequest): Promise<LinuxBuilderResult> {
  const projectRoot = repoRelative(req.root, req.projectRoot, 'projectRoot');
  const cwd = repoRelative(req.root, req.cwd, 'cwd');
  await checkInputs(req.root, req.inputs);
  const knownHostsFile = req.knownHostsFile ?? path.join(req.root, '.ant', 'state', 'known_hosts');
  await mkdir(path.dirname(knownHostsFile), { recursive: true });
  const ssh: SshOptions = { knownHostsFile };
  const where = `${req.builder.user ? `${req.builder.user}@` : ''}${req.builder.host}:${req.builder.port ?? 22}`;

  let dir: string;
  try {
    dir = await upload(req, ssh, projectRoot, cwd, where);
  } catch (error) {
    if (req.signal?.aborted) return { exitCode: 130, outputs: [] };
    throw error;
  }
  let aborted = false;
  try {
    const run = await runSsh(sshArgs(req.builder, ssh, runScript(dir)), {
      stdin: taskScript(dir, cwd, req.command, req.env),
      stdout: req.onOutput,
      onStderr: req.onOutput,
      signal: req.signal,
    });
    if (req.signal?.aborted) {
      aborted = true;
      return { exitCode: 130, outputs: [] };
    }
    if (run.exitCode !== 0) return { exitCode: run.exitCode, outputs: [] };
    const outputs = await download(req, ssh, dir, projectRoot, where);
    return { exitCode: 0, outputs };
  } finally {
    // No signal here: the temp dir must go even when the task was aborted.
    await runSsh(sshArgs(req.builder, ssh, cleanupScript(dir, aborted)));
  }
}

/** `cwd`/`projectRoot` as a clean repo-relative path ('.' for the root). */
function repoRelative(root: string, value: string, field: string): string {
  const rel = path.isAbsolute(value) ? path.relative(root, value) : path.normalize(value);
  const clean = rel === '' ? '.' : rel.split(path.sep).join('/');
  if (clean === '..' || clean.startsWith('../') || path.isAbsolute(clean)) {
    throw new DarwinError('ANT_DARWIN_BUILDER_FAILED', `${field} must be inside the workspace ${root}, found ${value}`, { exitCode: 1 });
  }
  return clean;
}

async function checkInputs(root: string, inputs: string[]): Promise<void> {
  for (const input of inputs) {
    if (path.isAbsolute(input) || input.split('/').includes('..')) {
      throw new DarwinError('ANT_DARWIN_BUILDER_FAILED', `inputs must be repo-relative paths, found ${input}`, { exitCode: 1 });
    }
    try {
      await access(path.join(root, input));
    } catch {
      throw new DarwinError('ANT_DARWIN_BUILDER_FAILED', `input ${input} does not exist under ${root}`, {
        exitCode: 1,
        hint: 'the task declares an input file that is missing; fix its inputs or create the file',
      });
    }
  }
}

async function upload(req: LinuxBuilderRequest, ssh: SshOptions, projectRoot: string, cwd: string, where: string): Promise<string> {
  // COPYFILE_DISABLE: macOS tar would add ._* AppleDouble files next to every input.
  const tar = spawn('tar', ['-c', '-f', '-', '-C', req.root, '--null', '-T', '-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, COPYFILE_DISABLE: '1' },
  });
  const tarErr: Buffer[] = [];
  tar.stderr.on('data', (chunk: Buffer) => tarErr.push(chunk));
  const tarDone = new Promise<number>((resolve) => tar.on('close', (code) => resolve(code ?? 1)));
  tar.stdin.end(req.inputs.map((input) => `${input}\0`).join(''));
  const result = await runSsh(sshArgs(req.builder, ssh, uploadScript(projectRoot, cwd)), { stdin: tar.stdout, signal: req.signal });
  const tarCode = await tarDone;
  const line = result.stdout.split('\n').find((l) => l.startsWith(DIR_MARKER));
  const dir = line?.slice(DIR_MARKER.length).trim();
  const ok = result.exitCode === 0 && tarCode === 0 && dir !== undefined && /^\/[A-Za-z0-9._/-]+$/.test(dir);
  if (ok) return dir;
  if (dir !== undefined && /^\/[A-Za-z0-9._/-]+$/.test(dir)) await runSsh(sshArgs(req.builder, ssh, cleanupScript(dir, false)));
  // When ssh failed, tar only saw a broken pipe: ssh's message is the useful one.
  const detail = (result.exitCode !== 0 ? result.stderr : Buffer.concat(tarErr).toString('utf8')).trim() || `exit ${result.exitCode}`;
  throw new DarwinError('ANT_DARWIN_BUILDER_FAILED', `could not send the task's inputs to the Linux builder ${where}: ${detail}`, {
    exitCode: 1,
    hint: result.exitCode === 255
      ? `check that "ssh -p ${req.builder.port ?? 22} ${req.builder.user ? `${req.builder.user}@` : ''}${req.builder.host} true" works (linuxBuilder host/port/user/identityFile), and that the builder is running`
      : 'the builder needs a POSIX sh, mktemp and tar',
  });
}

async function download(req: LinuxBuilderRequest, ssh: SshOptions, dir: string, projectRoot: string, where: string): Promise<string[]> {
  const matcher = compileOutputGlobs(req.outputs);
  if (matcher.roots.length === 0) return [];
  const staging = await mkdtemp(path.join(os.tmpdir(), 'ant-outputs-'));
  try {
    const tar = spawn('tar', ['-x', '-f', '-', '-C', staging], { stdio: ['pipe', 'ignore', 'pipe'] });
    const tarErr: Buffer[] = [];
    tar.stderr.on('data', (chunk: Buffer) => tarErr.push(chunk));
    tar.stdin.on('error', () => {});
    const tarDone = new Promise<number>((resolve) => tar.on('close', (code) => resolve(code ?? 1)));
    const result = await runSsh(sshArgs(req.builder, ssh, downloadScript(dir, projectRoot, matcher.roots)), { stdout: tar.stdin });
    const tarCode = await tarDone;
    if (result.exitCode !== 0 || tarCode !== 0) {
      const detail = (result.stderr + Buffer.concat(tarErr).toString('utf8')).trim() || `exit ${result.exitCode}`;
      throw new DarwinError('ANT_DARWIN_BUILDER_FAILED', `could not bring the task's outputs back from ${where}: ${detail}`, { exitCode: 1 });
    }
    return await copyOutputs(staging, path.join(req.root, projectRoot), matcher);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
