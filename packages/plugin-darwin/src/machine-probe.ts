/**
 * Looks at the current machine: OS, memory, nix and nix-darwin, the Linux builder daemon, and the
 * installed version of each toolchain a profile needs. This is the I/O edge of `plan` and doctor;
 * everything it finds lands in a plain {@link MachineState} the pure planners read.
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedProfile } from './profile-resolver.js';
import { extractVersion } from './version-match.js';

/** What a probe found for one toolchain. */
export interface ToolProbe {
  /** The version read from its output, `null` when the tool is missing. */
  found: string | null;
  /** First line of the version output (for messages). */
  output?: string;
}

/** A snapshot of the machine, as far as profiles care. */
export interface MachineState {
  /** `process.platform` (or `ANT_DARWIN_HOST_PLATFORM`, which tests use to pose as a Mac). */
  platform: string;
  arch: string;
  totalMemoryMiB: number;
  /** `nix --version`'s version, `null` when nix is missing. */
  nix: string | null;
  darwinRebuild: boolean;
  /** nix-darwin's launchd daemon for the local Linux builder VM exists. */
  linuxBuilderInstalled: boolean;
  /** By toolchain name. */
  toolchains: Record<string, ToolProbe>;
  env: Record<string, string | undefined>;
}

/**
 * Runs `command args…` and returns its combined output, or `undefined` when the program is
 * missing. Structurally the same as the core's `PluginContext.toolVersion`, so either can be used.
 */
export type ToolVersionFn = (command: string, args?: string[]) => Promise<string | undefined>;

/** Where to look and how to run things; every field has a real default. */
export interface ProbeOptions {
  env?: Record<string, string | undefined>;
  toolVersion?: ToolVersionFn;
  platform?: string;
  totalMemoryMiB?: number;
}

const BUILDER_PLIST = '/Library/LaunchDaemons/org.nixos.linux-builder.plist';

/** The OS to act as: `ANT_DARWIN_HOST_PLATFORM` (for tests) or `process.platform`. */
export function hostPlatform(env: Record<string, string | undefined> = process.env): string {
  return env.ANT_DARWIN_HOST_PLATFORM || process.platform;
}

/**
 * `tool --version` through `execFile` (no shell), 15 s timeout, looking the tool up on `env.PATH`;
 * `undefined` if it cannot start.
 */
export function execToolVersion(env: Record<string, string | undefined> = process.env): ToolVersionFn {
  return (command, args = ['--version']) =>
    new Promise((resolve) => {
      execFile(command, args, { timeout: 15_000, encoding: 'utf8', env: env as NodeJS.ProcessEnv }, (error, stdout, stderr) => {
        const output = `${stdout ?? ''}${stderr ?? ''}`.trim();
        // ENOENT: not installed. A non-zero exit still counts if it printed a version.
        if (error && ((error as NodeJS.ErrnoException).code === 'ENOENT' || output === '')) resolve(undefined);
        else resolve(output);
      });
    });
}

/** Probes the installed version of each of `profile`'s toolchains (in parallel). */
export async function probeToolchains(profile: ResolvedProfile, toolVersion: ToolVersionFn = execToolVersion()): Promise<Record<string, ToolProbe>> {
  const entries = await Promise.all(
    profile.toolchains.map(async (tool): Promise<[string, ToolProbe]> => {
      const output = await toolVersion(tool.command, tool.versionArgs).catch(() => undefined);
      if (output === undefined) return [tool.name, { found: null }];
      const firstLine = output.split('\n')[0]!.trim();
      return [tool.name, { found: extractVersion(output) ?? 'unknown', output: firstLine }];
    }),
  );
  return Object.fromEntries(entries);
}

/** A full {@link MachineState} for planning `profile`. */
export async function probeMachine(profile: ResolvedProfile, options: ProbeOptions = {}): Promise<MachineState> {
  const env = options.env ?? process.env;
  const toolVersion = options.toolVersion ?? execToolVersion(env);
  const platform = options.platform ?? hostPlatform(env);
  const [toolchains, nixOutput, darwinRebuild, linuxBuilderInstalled] = await Promise.all([
    probeToolchains(profile, toolVersion),
    toolVersion('nix', ['--version']).catch(() => undefined),
    onPath('darwin-rebuild', env),
    exists(BUILDER_PLIST),
  ]);
  return {
    platform,
    arch: process.arch,
    totalMemoryMiB: options.totalMemoryMiB ?? Math.floor(os.totalmem() / (1024 * 1024)),
    nix: nixOutput === undefined ? null : (extractVersion(nixOutput) ?? 'unknown'),
    darwinRebuild,
    linuxBuilderInstalled,
    toolchains,
    env,
  };
}

/** True when an executable `name` is on `PATH`. */
export async function onPath(name: string, env: Record<string, string | undefined> = process.env): Promise<boolean> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      await access(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
