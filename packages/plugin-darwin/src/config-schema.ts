/**
 * The `darwin` section of `ant.config.json`: named machine profiles, as the seed's nix-darwin
 * configurations (`anterior-bootstrap`, `-base`, `-beefy`, `-nobuilder`) declared them.
 *
 * Profiles are validated here one by one; how they combine (`extends`, overrides, cycles) is
 * `profile-resolver.ts`, because a schema cannot name a cycle's path.
 */
import { z } from '@ant/runner/plugin';
import { DarwinError } from './darwin-error.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name ([A-Za-z_][A-Za-z0-9_]*)');

/**
 * One toolchain a profile needs: a version prefix (`"1.22"`), or an object that also says which
 * nixpkgs attribute provides it and how to ask the installed tool for its version, or `false` to
 * drop a toolchain an extended profile brought in.
 */
export const toolchainSpecSchema = z.union([
  z.string(),
  z.object({
    /** Version prefix the installed tool must match (`1.22` matches `1.22.5`, not `1.2`). */
    version: z.string().optional(),
    /** nixpkgs attribute path, e.g. `go_1_22` or `python312Packages.ruff`. */
    nixPackage: z.string().regex(/^[A-Za-z_][A-Za-z0-9_'.-]*$/, 'a nixpkgs attribute path').optional(),
    /** The binary to probe (default: the catalog's, else the toolchain's name). */
    command: z.string().min(1).optional(),
    /** Arguments that print the version (default: the catalog's, else `--version`). */
    versionArgs: z.array(z.string()).optional(),
  }).strict(),
  z.literal(false),
], { error: 'expected a version prefix ("1.22"), an object {version, nixPackage, command, versionArgs}, or false' });

/** The Linux builder: nix-darwin's local VM (`nix.linux-builder`), or a remote host over ssh. */
export const linuxBuilderSchema = z.object({
  enable: z.boolean().optional(),
  /** VM cores (`virtualisation.cores`). */
  cores: z.int().positive().optional(),
  /** VM memory in MiB (`virtualisation.memorySize`). */
  memoryMiB: z.int().positive().optional(),
  /** VM disk in GiB (`virtualisation.diskSize`, which is in MiB). */
  diskGiB: z.int().positive().optional(),
  /** Parallel jobs nix and ant send to the builder. */
  maxJobs: z.int().positive().optional(),
  /** A remote builder's host; when set, no local VM is configured and ant uses this host. */
  host: z.string().min(1).regex(/^[^-\s]/, 'a host name (not starting with "-")').optional(),
  user: z.string().min(1).regex(/^[^-\s]/, 'a user name').optional(),
  port: z.int().min(1).max(65535).optional(),
  /** Private key for ssh (`~` is expanded). */
  identityFile: z.string().min(1).optional(),
  /** Public keys allowed to log in to the local VM's `builder` user (so ant can ssh in as you). */
  authorizedKeys: z.array(z.string().min(1)).optional(),
}).strict();

/** One named machine profile. */
export const profileSchema = z.object({
  /** Profile(s) this one builds on; later ones win, the profile's own fields win over all. */
  extends: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  description: z.string().optional(),
  toolchains: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a tool name'), toolchainSpecSchema).optional(),
  /** System-wide environment variables (nix-darwin `environment.variables`); `null` drops one. */
  env: z.record(envName, z.string().nullable()).optional(),
  linuxBuilder: linuxBuilderSchema.optional(),
}).strict();

/** The whole `darwin` section. */
export const darwinConfigSchema = z.object({
  profiles: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a profile name ([A-Za-z0-9_-])'), profileSchema),
  /** The profile used when none is named (`ANT_DARWIN_PROFILE` wins over it). */
  defaultProfile: z.string().optional(),
  /** nix-darwin host platform; default: this Mac's (`aarch64-darwin` on Apple silicon). */
  system: z.enum(['aarch64-darwin', 'x86_64-darwin']).optional(),
  /** Flake references of the generated flake's inputs. */
  nixpkgs: z.string().min(1).optional(),
  nixDarwin: z.string().min(1).optional(),
}).strict().superRefine((value, ctx) => {
  if (value.defaultProfile !== undefined && !(value.defaultProfile in value.profiles)) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultProfile'],
      message: `expected one of the profiles (${Object.keys(value.profiles).sort().join(', ')}), found "${value.defaultProfile}"`,
    });
  }
});

export type ToolchainSpec = z.infer<typeof toolchainSpecSchema>;
export type LinuxBuilderSpec = z.infer<typeof linuxBuilderSchema>;
export type ProfileSpec = z.infer<typeof profileSchema>;
export type DarwinConfig = z.infer<typeof darwinConfigSchema>;

/**
 * Validates a raw `darwin` section (for commands, which may be handed the unvalidated config).
 * Throws a {@link DarwinError} naming the file, the JSON path, what was expected and what was found.
 */
export function parseDarwinConfig(raw: unknown, file = 'ant.config.json'): DarwinConfig {
  if (raw === undefined) {
    throw new DarwinError('ANT_CONFIG_INVALID', 'expected a "darwin" section with "profiles", found none', {
      file,
      field: 'darwin',
      hint: 'add "darwin": {"profiles": {"base": {"toolchains": {"node": "20"}}}} to the config',
    });
  }
  const result = darwinConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = ['darwin', ...issue.path.map(String)].join('.');
  const message = issue.code === 'unrecognized_keys'
    ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; expected only ${knownKeys(issue.path).join(', ')}`
    : issue.code === 'custom' ? issue.message // custom messages already say what was found
    : `${issue.message} (found ${describeAt(raw, issue.path)})`;
  throw new DarwinError('ANT_CONFIG_INVALID', message, {
    file,
    field,
    hint: 'see packages/plugin-darwin/README.md for the shape of darwin.profiles',
  });
}

/** The fields allowed at an object's path (for "unknown field" messages). */
function knownKeys(path: readonly PropertyKey[]): string[] {
  const shape =
    path.length === 0 ? darwinConfigSchema.shape
    : path.length === 2 ? profileSchema.shape
    : path[2] === 'linuxBuilder' ? linuxBuilderSchema.shape
    : path[2] === 'toolchains' ? { version: 0, nixPackage: 0, command: 0, versionArgs: 0 }
    : {};
  return Object.keys(shape);
}

function describeAt(root: unknown, path: readonly PropertyKey[]): string {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return 'nothing';
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
