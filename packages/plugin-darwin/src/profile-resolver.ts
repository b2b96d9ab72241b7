/**
 * Resolves a named profile: follows `extends` (a name or a list), layers the profiles and applies
 * defaults. Pure: config in, {@link ResolvedProfile} out, or a {@link DarwinError} that names the
 * field and, for cycles, the whole path (`a → b → a`).
 *
 * Layering (later wins): the extended profiles in the order listed, each already resolved, then the
 * profile's own fields.
 *   - `linuxBuilder`: deep merge, field by field (beefy = base with `memoryMiB: 12000`);
 *   - `toolchains`: per tool, the later entry replaces the earlier one whole (a version and its
 *     nixpkgs attribute belong together); `false` removes the tool;
 *   - `env`: per variable, later wins; `null` removes the variable;
 *   - `description`: later wins.
 */
import type { DarwinConfig, LinuxBuilderSpec, ProfileSpec, ToolchainSpec } from './config-schema.js';
import { DarwinError } from './darwin-error.js';
import { deepMerge } from './deep-merge.js';
import { toolchainRequirement, type ToolchainRequirement } from './toolchain-catalog.js';

/** The Linux builder of a resolved profile, with defaults filled in. */
export interface ResolvedLinuxBuilder {
  /** `local-vm`: nix-darwin's `nix.linux-builder` on this Mac; `remote`: `host` over ssh. */
  mode: 'local-vm' | 'remote';
  cores: number;
  memoryMiB: number;
  diskGiB: number;
  maxJobs: number;
  host: string;
  port: number;
  user?: string;
  identityFile?: string;
  authorizedKeys: string[];
}

/** A profile with everything it extends folded in. */
export interface ResolvedProfile {
  name: string;
  /** Every profile that contributed, bases first, the profile itself last. */
  chain: string[];
  description?: string;
  /** Sorted by name. */
  toolchains: ToolchainRequirement[];
  /** Sorted by name. */
  env: Record<string, string>;
  /** `null` when the profile has no Linux builder (absent or `enable: false`). */
  linuxBuilder: ResolvedLinuxBuilder | null;
}

/** nix-darwin's defaults for the local VM (`modules/nix/linux-builder.nix`, nix-builder-vm.nix). */
export const LOCAL_VM_DEFAULTS = { cores: 1, memoryMiB: 3072, diskGiB: 20, host: 'localhost', port: 31022, user: 'builder' };

interface Layer {
  chain: string[];
  description?: string;
  toolchains: Map<string, Exclude<ToolchainSpec, false>>;
  env: Map<string, string>;
  linuxBuilder?: LinuxBuilderSpec;
  /** Tools (`false`) and variables (`null`) this layer removes from the ones below it. */
  removedTools: string[];
  removedEnv: string[];
}

/**
 * Resolves profile `name` of `config`. `file` is only used in error messages.
 * @throws DarwinError ANT_DARWIN_UNKNOWN_PROFILE, ANT_DARWIN_PROFILE_CYCLE
 */
export function resolveProfile(config: DarwinConfig, name: string, file = 'ant.config.json'): ResolvedProfile {
  if (!Object.hasOwn(config.profiles, name)) {
    throw new DarwinError('ANT_DARWIN_UNKNOWN_PROFILE', `unknown profile "${name}"; expected one of: ${profileNames(config)}`, {
      file,
      field: 'darwin.profiles',
      hint: `run "ant darwin profiles" to list them, or add "${name}" under darwin.profiles`,
    });
  }
  const layer = resolveLayer(config, name, [], new Map(), file);
  return finish(name, layer);
}

/** Resolves every profile (sorted by name); the first bad one throws. */
export function resolveAllProfiles(config: DarwinConfig, file = 'ant.config.json'): ResolvedProfile[] {
  return Object.keys(config.profiles).sort().map((name) => resolveProfile(config, name, file));
}

function profileNames(config: DarwinConfig): string {
  return Object.keys(config.profiles).sort().join(', ') || '(none defined)';
}

function extendsList(spec: ProfileSpec): string[] {
  if (spec.extends === undefined) return [];
  return typeof spec.extends === 'string' ? [spec.extends] : spec.extends;
}

function resolveLayer(config: DarwinConfig, name: string, stack: string[], memo: Map<string, Layer>, file: string): Layer {
  const cached = memo.get(name);
  if (cached) return cached;
  const spec = config.profiles[name]!;
  const path = [...stack, name];
  const parents = extendsList(spec);
  const merged: Layer = { chain: [], toolchains: new Map(), env: new Map(), removedTools: [], removedEnv: [] };
  parents.forEach((parent, index) => {
    const field = `darwin.profiles.${name}.extends${typeof spec.extends === 'string' ? '' : `[${index}]`}`;
    if (!Object.hasOwn(config.profiles, parent)) {
      throw new DarwinError('ANT_DARWIN_UNKNOWN_PROFILE', `expected the name of a profile (${profileNames(config)}), found "${parent}"`, {
        file,
        field,
        hint: `define darwin.profiles.${parent} or fix the name in "extends"`,
      });
    }
    const cycleStart = path.indexOf(parent);
    if (cycleStart !== -1) {
      const cycle = [...path.slice(cycleStart), parent].join(' → ');
      throw new DarwinError('ANT_DARWIN_PROFILE_CYCLE', `profiles extend each other in a cycle: ${cycle}`, {
        file,
        field,
        hint: 'remove one of the "extends" links in that cycle',
      });
    }
    overlay(merged, resolveLayer(config, parent, path, memo, file));
  });
  overlay(merged, ownLayer(name, spec));
  memo.set(name, merged);
  return merged;
}

function ownLayer(name: string, spec: ProfileSpec): Layer {
  const layer: Layer = { chain: [name], toolchains: new Map(), env: new Map(), removedTools: [], removedEnv: [] };
  if (spec.description !== undefined) layer.description = spec.description;
  for (const [tool, value] of Object.entries(spec.toolchains ?? {})) {
    if (value === false) layer.removedTools.push(tool);
    else layer.toolchains.set(tool, value);
  }
  for (const [variable, value] of Object.entries(spec.env ?? {})) {
    if (value === null) layer.removedEnv.push(variable);
    else layer.env.set(variable, value);
  }
  if (spec.linuxBuilder !== undefined) layer.linuxBuilder = spec.linuxBuilder;
  return layer;
}

function overlay(into: Layer, from: Layer): void {
  for (const name of from.chain) if (!into.chain.includes(name)) into.chain.push(name);
  if (from.description !== undefined) into.description = from.description;
  for (const tool of from.removedTools) into.toolchains.delete(tool);
  for (const [tool, value] of from.toolchains) into.toolchains.set(tool, value);
  for (const variable of from.removedEnv) into.env.delete(variable);
  for (const [variable, value] of from.env) into.env.set(variable, value);
  if (from.linuxBuilder !== undefined) {
    into.linuxBuilder = deepMerge(into.linuxBuilder ?? {}, from.linuxBuilder) as LinuxBuilderSpec;
  }
}

function finish(name: string, layer: Layer): ResolvedProfile {
  const resolved: ResolvedProfile = {
    name,
    chain: layer.chain,
    toolchains: [...layer.toolchains.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([tool, spec]) => toolchainRequirement(tool, spec)),
    env: Object.fromEntries([...layer.env.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    linuxBuilder: builderDefaults(layer.linuxBuilder),
  };
  if (layer.description !== undefined) resolved.description = layer.description;
  return resolved;
}

function builderDefaults(spec: LinuxBuilderSpec | undefined): ResolvedLinuxBuilder | null {
  // A linuxBuilder section means "I want a builder" unless it says enable: false.
  if (spec === undefined || spec.enable === false) return null;
  const remote = spec.host !== undefined;
  const cores = spec.cores ?? LOCAL_VM_DEFAULTS.cores;
  const builder: ResolvedLinuxBuilder = {
    mode: remote ? 'remote' : 'local-vm',
    cores,
    memoryMiB: spec.memoryMiB ?? LOCAL_VM_DEFAULTS.memoryMiB,
    diskGiB: spec.diskGiB ?? LOCAL_VM_DEFAULTS.diskGiB,
    // nix-darwin's default maxJobs is the VM's core count.
    maxJobs: spec.maxJobs ?? cores,
    host: spec.host ?? LOCAL_VM_DEFAULTS.host,
    port: spec.port ?? (remote ? 22 : LOCAL_VM_DEFAULTS.port),
    authorizedKeys: spec.authorizedKeys ?? [],
  };
  const user = spec.user ?? (remote ? undefined : LOCAL_VM_DEFAULTS.user);
  if (user !== undefined) builder.user = user;
  if (spec.identityFile !== undefined) builder.identityFile = spec.identityFile;
  return builder;
}
