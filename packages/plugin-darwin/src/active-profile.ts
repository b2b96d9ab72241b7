/**
 * Which profile applies: the one named on the command line, else `ANT_DARWIN_PROFILE`, else the
 * config's `defaultProfile`, else the only profile when there is exactly one. Pure.
 */
import type { DarwinConfig } from './config-schema.js';
import { DarwinError } from './darwin-error.js';

/** Where the active profile's name came from (for messages). */
export type ProfileSource = 'argument' | 'ANT_DARWIN_PROFILE' | 'defaultProfile' | 'only profile';

/** The active profile's name and its source, or `undefined` when nothing selects one. */
export function findActiveProfile(
  config: DarwinConfig,
  env: Record<string, string | undefined>,
  explicit?: string,
): { name: string; source: ProfileSource } | undefined {
  if (explicit) return { name: explicit, source: 'argument' };
  if (env.ANT_DARWIN_PROFILE) return { name: env.ANT_DARWIN_PROFILE, source: 'ANT_DARWIN_PROFILE' };
  if (config.defaultProfile) return { name: config.defaultProfile, source: 'defaultProfile' };
  const names = Object.keys(config.profiles);
  if (names.length === 1) return { name: names[0]!, source: 'only profile' };
  return undefined;
}

/**
 * Like {@link findActiveProfile} but throws a {@link DarwinError} (exit 2) when no profile is
 * selected. Whether the name exists is checked by the resolver.
 */
export function activeProfileName(config: DarwinConfig, env: Record<string, string | undefined>, explicit?: string, file = 'ant.config.json'): string {
  const found = findActiveProfile(config, env, explicit);
  if (found) return found.name;
  throw new DarwinError('ANT_DARWIN_NO_PROFILE', `no profile selected; expected a profile name, found none among ${Object.keys(config.profiles).sort().join(', ') || '(no profiles)'}`, {
    file,
    field: 'darwin.defaultProfile',
    hint: 'name one (ant darwin plan base), set ANT_DARWIN_PROFILE, or set darwin.defaultProfile',
  });
}
