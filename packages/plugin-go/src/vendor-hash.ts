/**
 * `vendorHash` as buildGoModule defines it: the SRI SHA-256 of the NAR of the `vendor/` tree that
 * `go mod vendor` produces for the module.
 *
 * Nix runs `go mod vendor` in a fixed-output derivation on a copy of the source. ant runs the
 * real `go mod vendor -o <tempdir>` in place instead: `-o` leaves the module's own vendor/ alone
 * and `-mod=readonly` keeps go from touching go.mod/go.sum, so the source tree is never changed.
 * `GOWORK=off`, `GOTOOLCHAIN=local` and `GO111MODULE=on` match the derivation's environment.
 * The result depends on the go version (vendor/modules.txt annotations changed across releases),
 * exactly as the Nix hash depends on the pinned go.
 *
 * With `proxyVendor`, buildGoModule hashes the module download cache instead: `go mod download`
 * into an empty GOPATH, then `$GOPATH/pkg/mod/cache/download` without `sumdb/`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { narHash } from './nar.js';

/** Outcome of running `go mod vendor` for a module. */
export type VendorTree =
  | { kind: 'hash'; sri: string; output: string }
  | { kind: 'empty'; output: string }
  | { kind: 'failed'; exitCode: number; output: string };

/** The environment `go mod vendor` runs with: the caller's, pinned the way Nix pins it. */
export function vendorEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  out.PATH ??= process.env.PATH ?? '/usr/bin:/bin';
  out.HOME ??= process.env.HOME ?? tmpdir();
  // A user's or devshell's -mod=vendor would make go refuse; everything else in GOFLAGS stays.
  const flags = (out.GOFLAGS ?? '').split(/\s+/).filter((flag) => flag !== '' && !flag.startsWith('-mod='));
  out.GOFLAGS = [...flags, '-mod=readonly'].join(' ');
  out.GOWORK = 'off';
  out.GOTOOLCHAIN = 'local';
  out.GO111MODULE = 'on';
  return out;
}

// `signal` (an interrupted run) stops go with SIGTERM; the temp dir is still removed.
function run(command: string, args: string[], cwd: string, env: Record<string, string>, signal?: AbortSignal): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ exitCode: error.name === 'AbortError' ? 130 : 127, output: `${output}${command}: ${error.message}\n` }));
    child.on('close', (code) => resolve({ exitCode: code ?? 1, output }));
  });
}

async function isEmptyDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory() ? (await readdir(path)).length === 0 : true;
  } catch {
    return true;
  }
}

/** Runs `go mod vendor` for the module at `moduleDir` into a temp dir and NAR-hashes the result. */
export async function vendorTree(moduleDir: string, env: Record<string, string | undefined>, signal?: AbortSignal): Promise<VendorTree> {
  const temp = await mkdtemp(join(tmpdir(), 'ant-go-vendor-'));
  try {
    const out = join(temp, 'vendor');
    const result = await run('go', ['mod', 'vendor', '-o', out], moduleDir, vendorEnv(env), signal);
    if (result.exitCode !== 0) return { kind: 'failed', exitCode: result.exitCode, output: result.output };
    // Go prints "no dependencies to vendor" and writes nothing; Nix then finds an empty $out.
    if (await isEmptyDir(out)) return { kind: 'empty', output: result.output };
    return { kind: 'hash', sri: await narHash(out), output: result.output };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * The `proxyVendor` variant: runs `go mod download` with an empty module cache in a temp dir and
 * NAR-hashes its `cache/download` tree (without `sumdb/`), as buildGoModule's proxyVendor does.
 */
export async function proxyVendorTree(moduleDir: string, env: Record<string, string | undefined>, signal?: AbortSignal): Promise<VendorTree> {
  const temp = await mkdtemp(join(tmpdir(), 'ant-go-proxy-vendor-'));
  try {
    const gopath = join(temp, 'go');
    const base = vendorEnv(env);
    // -modcacherw: module cache files are read-only by default and the temp dir must be removable.
    const downloadEnv = { ...base, GOPATH: gopath, GOMODCACHE: join(gopath, 'pkg/mod'), GOFLAGS: `${base.GOFLAGS} -modcacherw` };
    const result = await run('go', ['mod', 'download'], moduleDir, downloadEnv, signal);
    if (result.exitCode !== 0) return { kind: 'failed', exitCode: result.exitCode, output: result.output };
    const download = join(gopath, 'pkg/mod/cache/download');
    await rm(join(download, 'sumdb'), { recursive: true, force: true });
    if (await isEmptyDir(download)) return { kind: 'empty', output: result.output };
    return { kind: 'hash', sri: await narHash(download), output: result.output };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Nix's fixed-output mismatch message, with the project's path where Nix puts the derivation. */
export function mismatchMessage(projectRoot: string, specified: string, got: string, hint: string): string {
  return `hash mismatch in vendor of ${projectRoot}:\n  specified: ${specified}\n     got:    ${got}\n${hint}`;
}

/** The hint under a mismatch: how to update ant.config.json. */
export function updateHint(projectName: string): string {
  return `hint: set services.${projectName}.vendorHash in ant.config.json to the "got" value, or run: ant go vendor-hash ${projectName} --write`;
}

/** buildGoModule's complaint about a module with nothing to vendor, in ant's terms. */
export function emptyVendorMessage(projectRoot: string, projectName: string, proxyVendor = false): string {
  return (
    `vendor folder of ${projectRoot} is empty: ${proxyVendor ? 'go mod download' : 'go mod vendor'} found no dependencies to fetch. ` +
    `Set services.${projectName}.vendorHash to null in ant.config.json (buildGoModule refuses this case too).`
  );
}
