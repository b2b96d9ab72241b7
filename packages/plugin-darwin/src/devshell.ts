/**
 * The plugin's part of `ant shell` / `ant env`: the active profile's environment variables (which
 * `apply` makes system-wide on a Mac) and its toolchains for the motd, so Linux and macOS shells
 * see the same settings.
 */
import type { DevshellSpec, PluginContext, Project } from '@ant/runner/plugin';
import { findActiveProfile } from './active-profile.js';
import { parseDarwinConfig } from './config-schema.js';
import { resolveProfile } from './profile-resolver.js';

/** Devshell contribution of the active profile; empty when none is configured or selected. */
export async function darwinDevshell(project: Project | null, ctx: PluginContext): Promise<DevshellSpec> {
  // Only the repo-wide shell: the profile describes the machine, not a project.
  if (project !== null || ctx.config === undefined) return {};
  const config = parseDarwinConfig(ctx.config);
  const active = findActiveProfile(config, process.env);
  if (!active) return {};
  const profile = resolveProfile(config, active.name);
  return {
    env: Object.entries(profile.env).map(([name, value]) => ({ name, value })),
    tools: profile.toolchains.map((tool) => (tool.version ? { name: tool.name, version: tool.version } : { name: tool.name })),
    motd: [`machine profile: ${profile.name} (ant darwin plan ${profile.name})`],
  };
}
