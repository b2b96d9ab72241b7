/**
 * The darwin part of `ant doctor`: what this machine lacks for the active profile. Works on any
 * OS. The core imports this file directly (`@ant/plugin-darwin/doctor-checks`) and prints the
 * checks with its own.
 *
 * Checks, in order: the active profile; each toolchain (version by prefix); the machine's memory
 * against the local builder VM (macOS); whether the builder answers over ssh (a remote builder on
 * any OS, the local VM on macOS).
 */
import os from 'node:os';
import path from 'node:path';
import { findActiveProfile } from './active-profile.js';
import { parseDarwinConfig } from './config-schema.js';
import { isDarwinError } from './darwin-error.js';
import { execToolVersion, hostPlatform, probeToolchains, type ToolVersionFn } from './machine-probe.js';
import { resolveProfile, type ResolvedLinuxBuilder, type ResolvedProfile } from './profile-resolver.js';
import { runSsh, sshArgs } from './ssh-command.js';
import { toolchainStatuses } from './toolchain-status.js';
import type { DoctorCheck } from '@ant/runner/plugin';

/** One line of `ant doctor` (the plugin API's type). */
export type { DoctorCheck };

/** What the checks may use; each field defaults to the real machine. `PluginContext` fits. */
export interface DoctorContext {
  /** Workspace root (for ant's known_hosts file); default `process.cwd()`. */
  root?: string;
  env?: Record<string, string | undefined>;
  /** Default `process.platform` (or `ANT_DARWIN_HOST_PLATFORM`). */
  platform?: string;
  totalMemoryMiB?: number;
  toolVersion?: ToolVersionFn;
  /** Config file name for messages; default `ant.config.json`. */
  configFile?: string;
}

/** Memory macOS itself needs beside the builder VM. */
export const HOST_RESERVE_MIB = 4096;

/**
 * Runs the checks. `config` is the whole parsed `ant.config.json` (or just its `darwin` section);
 * without a `darwin` section there is nothing to check and the result is empty.
 */
export async function darwinDoctorChecks(config: unknown, ctx: DoctorContext = {}): Promise<DoctorCheck[]> {
  const section = darwinSection(config);
  if (section === undefined) return [];
  const env = ctx.env ?? process.env;
  const platform = ctx.platform ?? hostPlatform(env);
  const file = ctx.configFile ?? 'ant.config.json';
  const selected = selectProfile(section, env, file);
  if ('failed' in selected) return [selected.failed];
  const { profile } = selected;
  const checks: DoctorCheck[] = [selected.check];
  checks.push(...(await toolchainChecks(profile, platform, ctx.toolVersion ?? execToolVersion(env))));
  const builder = profile.linuxBuilder;
  if (builder) checks.push(...(await builderChecks(builder, profile.name, platform, env, ctx)));
  return checks;
}

/** The active profile, or the check that says why there is none. */
function selectProfile(
  section: unknown,
  env: Record<string, string | undefined>,
  file: string,
): { profile: ResolvedProfile; check: DoctorCheck } | { failed: DoctorCheck } {
  try {
    const parsed = parseDarwinConfig(section, file);
    const active = findActiveProfile(parsed, env);
    if (!active) {
      return {
        failed: {
          name: 'darwin profile',
          ok: false,
          found: 'none selected',
          expected: `one of ${Object.keys(parsed.profiles).sort().join(', ')}`,
          fix: 'set darwin.defaultProfile in the config, or ANT_DARWIN_PROFILE=<profile>',
        },
      };
    }
    const profile = resolveProfile(parsed, active.name, file);
    return { profile, check: { name: 'darwin profile', ok: true, found: `${profile.name} (from ${active.source})` } };
  } catch (error) {
    if (!isDarwinError(error)) throw error;
    const failed: DoctorCheck = { name: 'darwin profile', ok: false, found: error.format().split('\n')[0] };
    failed.fix = error.hint ?? 'fix the darwin section of the config';
    return { failed };
  }
}

function darwinSection(config: unknown): unknown {
  if (typeof config !== 'object' || config === null) return undefined;
  const record = config as Record<string, unknown>;
  if ('profiles' in record) return record;
  return record.darwin;
}

async function toolchainChecks(profile: ResolvedProfile, platform: string, toolVersion: ToolVersionFn): Promise<DoctorCheck[]> {
  const probes = await probeToolchains(profile, toolVersion);
  return toolchainStatuses(profile, probes).map((tool) => {
    const check: DoctorCheck = {
      name: `toolchain ${tool.name}`,
      ok: tool.status === 'ok',
      expected: tool.wanted ? `${tool.name} ${tool.wanted}.x` : `${tool.name} (any version)`,
      found: tool.found === null ? `not installed (no "${tool.command}" on PATH)` : `${tool.name} ${tool.found}`,
    };
    if (!check.ok) {
      check.fix = platform === 'darwin'
        ? `ant darwin apply ${profile.name}`
        : `install ${tool.name} ${tool.wanted ?? ''}`.trimEnd() + `, e.g. nix profile install nixpkgs#${tool.nixPackage}`;
    }
    return check;
  });
}

async function builderChecks(
  builder: ResolvedLinuxBuilder,
  profile: string,
  platform: string,
  env: Record<string, string | undefined>,
  ctx: DoctorContext,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const forced = env.ANT_FORCE_REMOTE_BUILDER === '1';
  if (builder.mode === 'local-vm') {
    if (platform === 'linux' && !forced) {
      return [{ name: 'linux builder', ok: true, found: 'not needed: this machine runs Linux tasks itself' }];
    }
    if (platform !== 'darwin') {
      return [{ name: 'linux builder', ok: false, found: platform, expected: 'macOS (the local builder VM is nix-darwin\'s)', fix: 'set linuxBuilder.host to a Linux machine reachable over ssh' }];
    }
    const total = ctx.totalMemoryMiB ?? Math.floor(os.totalmem() / (1024 * 1024));
    const needed = builder.memoryMiB + HOST_RESERVE_MIB;
    const memory: DoctorCheck = {
      name: 'memory for the linux builder',
      ok: total >= needed,
      found: `${total} MiB`,
      expected: `at least ${needed} MiB (builder VM ${builder.memoryMiB} MiB + ${HOST_RESERVE_MIB} MiB for macOS)`,
    };
    if (!memory.ok) memory.fix = `use a profile with a smaller builder, or lower darwin.profiles.${profile}.linuxBuilder.memoryMiB`;
    checks.push(memory);
  }
  checks.push(await reachability(builder, profile, ctx));
  return checks;
}

async function reachability(builder: ResolvedLinuxBuilder, profile: string, ctx: DoctorContext): Promise<DoctorCheck> {
  const where = `${builder.user ? `${builder.user}@` : ''}${builder.host}:${builder.port}`;
  const knownHostsFile = path.join(ctx.root ?? process.cwd(), '.ant', 'state', 'known_hosts');
  const args = sshArgs(builder, { knownHostsFile, connectTimeout: 5 }, 'uname -s');
  const check: DoctorCheck = { name: 'linux builder reachable', ok: false, expected: `ssh to ${where} answers and runs Linux` };
  try {
    const result = await runSsh(args);
    const system = result.stdout.trim();
    check.ok = result.exitCode === 0 && system === 'Linux';
    check.found = result.exitCode === 0 ? `reachable, runs ${system || 'an unknown system'}` : result.stderr.trim().split('\n').pop() || `ssh exit ${result.exitCode}`;
  } catch (error) {
    check.found = error instanceof Error ? error.message : String(error);
  }
  if (!check.ok) {
    check.fix = builder.mode === 'local-vm'
      ? `start it with "ant darwin apply ${profile}" (launchd runs org.nixos.linux-builder); put your public key in linuxBuilder.authorizedKeys`
      : `check darwin.profiles.${profile}.linuxBuilder host/port/user/identityFile; try: ssh -p ${builder.port} ${builder.user ? `${builder.user}@` : ''}${builder.host} true`;
  }
  return check;
}
