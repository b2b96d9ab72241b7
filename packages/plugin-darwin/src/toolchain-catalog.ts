/**
 * What ant knows about common toolchains: which binary to probe, how to ask it for its version,
 * and which nixpkgs attribute provides a given version. Tools not listed still work: ant probes
 * `<name> --version` and installs `pkgs.<name>`; a profile can override each part.
 */
import type { ToolchainSpec } from './config-schema.js';

/** A toolchain requirement after defaults were applied. */
export interface ToolchainRequirement {
  /** The key in `toolchains`, e.g. `go`. */
  name: string;
  /** Version prefix to match; absent = any version. */
  version?: string;
  /** nixpkgs attribute path that provides it, e.g. `go_1_22`. */
  nixPackage: string;
  /** Binary probed for the installed version. */
  command: string;
  /** Arguments that make `command` print its version. */
  versionArgs: string[];
}

interface CatalogEntry {
  command: string;
  versionArgs: string[];
  /** nixpkgs attribute for a version prefix (or for "any version" when undefined). */
  nixPackage(version: string | undefined): string;
}

/** Splits `1.22.3` into numeric parts; non-numeric versions give an empty list. */
function parts(version: string | undefined): string[] {
  if (!version || !/^\d+(\.\d+)*$/.test(version)) return [];
  return version.split('.');
}

const CATALOG: Record<string, CatalogEntry> = {
  // nixpkgs keeps one attribute per Node.js major: nodejs_20, nodejs_22 …
  node: { command: 'node', versionArgs: ['--version'], nixPackage: (v) => (parts(v)[0] ? `nodejs_${parts(v)[0]}` : 'nodejs') },
  // `go --version` is an error; `go version` prints `go version go1.22.5 darwin/arm64`.
  go: {
    command: 'go',
    versionArgs: ['version'],
    nixPackage: (v) => (parts(v).length >= 2 ? `go_${parts(v)[0]}_${parts(v)[1]}` : 'go'),
  },
  python: {
    command: 'python3',
    versionArgs: ['--version'],
    nixPackage: (v) => (parts(v).length >= 2 ? `python${parts(v)[0]}${parts(v)[1]}` : 'python3'),
  },
  // nixpkgs has a single uv/ruff/golangci-lint: the version is checked by `ant doctor`, not pinned.
  uv: { command: 'uv', versionArgs: ['--version'], nixPackage: () => 'uv' },
  ruff: { command: 'ruff', versionArgs: ['--version'], nixPackage: () => 'ruff' },
  'golangci-lint': { command: 'golangci-lint', versionArgs: ['--version'], nixPackage: () => 'golangci-lint' },
  terraform: { command: 'terraform', versionArgs: ['version'], nixPackage: () => 'terraform' },
  jq: { command: 'jq', versionArgs: ['--version'], nixPackage: () => 'jq' },
  git: { command: 'git', versionArgs: ['--version'], nixPackage: () => 'git' },
};

/** Names the catalog knows (for docs and tests). */
export const knownToolchains: readonly string[] = Object.keys(CATALOG).sort();

/**
 * Turns a profile's toolchain entry into a full requirement. `spec` must not be `false` (removed
 * entries are dropped by the resolver before this).
 */
export function toolchainRequirement(name: string, spec: Exclude<ToolchainSpec, false>): ToolchainRequirement {
  const entry = CATALOG[name];
  const fields = typeof spec === 'string' ? { version: spec } : spec;
  // "*" and "" mean "any version": nothing to match, the unversioned attribute to install.
  const version = fields.version && fields.version !== '*' ? fields.version : undefined;
  const requirement: ToolchainRequirement = {
    name,
    nixPackage: fields.nixPackage ?? entry?.nixPackage(version) ?? name,
    command: fields.command ?? entry?.command ?? name,
    versionArgs: fields.versionArgs ?? entry?.versionArgs ?? ['--version'],
  };
  if (version !== undefined) requirement.version = version;
  return requirement;
}
