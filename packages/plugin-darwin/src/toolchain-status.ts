/**
 * Compares a profile's toolchains with what a machine has. Pure; `plan` and `ant doctor` both read
 * its result.
 */
import type { ToolProbe } from './machine-probe.js';
import type { ResolvedProfile } from './profile-resolver.js';
import { versionMatches } from './version-match.js';

/** One toolchain: what the profile wants and what the machine has. */
export interface ToolchainStatus {
  name: string;
  /** Version prefix wanted; absent = any. */
  wanted?: string;
  /** Version found, `null` when missing. */
  found: string | null;
  nixPackage: string;
  command: string;
  status: 'ok' | 'missing' | 'mismatch';
}

/** The status of every toolchain of `profile`, in the profile's (name) order. */
export function toolchainStatuses(profile: ResolvedProfile, probes: Record<string, ToolProbe>): ToolchainStatus[] {
  return profile.toolchains.map((tool) => {
    const found = probes[tool.name]?.found ?? null;
    const status = found === null ? 'missing' : versionMatches(tool.version, found) ? 'ok' : 'mismatch';
    const entry: ToolchainStatus = { name: tool.name, found, nixPackage: tool.nixPackage, command: tool.command, status };
    if (tool.version !== undefined) entry.wanted = tool.version;
    return entry;
  });
}
