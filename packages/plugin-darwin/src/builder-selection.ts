/**
 * Picks the Linux builder for the scheduler: the active profile's `linuxBuilder` (see
 * `active-profile.ts`), as an ssh target. Pure.
 */
import { activeProfileName } from './active-profile.js';
import { parseDarwinConfig } from './config-schema.js';
import { DarwinError } from './darwin-error.js';
import { resolveProfile } from './profile-resolver.js';
import type { BuilderTarget } from './ssh-command.js';

/**
 * The builder of the active profile. `darwinSection` is the raw or parsed `darwin` section of
 * `ant.config.json`.
 * @throws DarwinError ANT_CONFIG_INVALID / ANT_DARWIN_NO_PROFILE / ANT_DARWIN_NO_BUILDER (exit 2)
 */
export function selectLinuxBuilder(darwinSection: unknown, env: Record<string, string | undefined> = process.env, file = 'ant.config.json'): BuilderTarget {
  const config = parseDarwinConfig(darwinSection, file);
  const name = activeProfileName(config, env, undefined, file);
  const profile = resolveProfile(config, name, file);
  const builder = profile.linuxBuilder;
  if (builder === null) {
    throw new DarwinError('ANT_DARWIN_NO_BUILDER', `a task needs Linux, but profile "${name}" has no Linux builder (linuxBuilder absent or enable: false)`, {
      file,
      field: `darwin.profiles.${name}.linuxBuilder`,
      hint: 'pick a profile with a builder (ANT_DARWIN_PROFILE=base), or set linuxBuilder.host to a Linux machine you can ssh to',
    });
  }
  const target: BuilderTarget = { host: builder.host, port: builder.port, maxJobs: builder.maxJobs };
  if (builder.user !== undefined) target.user = builder.user;
  if (builder.identityFile !== undefined) target.identityFile = builder.identityFile;
  return target;
}
