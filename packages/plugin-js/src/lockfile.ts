/**
 * The contract every parsed lockfile meets, whatever the package manager: the external dependency
 * closure of a workspace package, as a digest (for the hash) and as lines (for people and tests).
 * Locations are workspace-relative package directories (`packages/a`; `''` is the workspace root).
 */
import type { ClosureDigest } from './graph-digest.js';
import { npmLockfile } from './lockfile-closure.js';
import type { PackageJson } from './package-json.js';
import { pnpmLockfile } from './pnpm-lock-closure.js';
import { yarnLockfile } from './yarn-lock-closure.js';

/** A parsed lockfile. */
export interface Lockfile {
  kind: 'npm' | 'pnpm' | 'yarn';
  /** Whether {@link closureDigest} reads the manifest argument (yarn 1); callers skip it otherwise. */
  needsManifest: boolean;
  /**
   * Digest of the closure of the package at `location`; O(own dependencies). `manifest` is the
   * package's `package.json`, needed by formats that do not record workspaces (yarn 1).
   */
  closureDigest(location: string, manifest?: PackageJson): ClosureDigest;
  /** The closure as sorted canonical lines. */
  externalClosure(location: string, manifest?: PackageJson): string[];
}

/**
 * Parses a lockfile by file name; `undefined` for formats ant does not read (bun, pnpm before
 * lockfile 6), which callers hash whole. Throws a message naming `file` for a broken lockfile.
 */
export function parseLockfile(name: string, text: string, file: string): Lockfile | undefined {
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return npmLockfile(text, file);
  if (name === 'pnpm-lock.yaml') return pnpmLockfile(text, file);
  if (name === 'yarn.lock') return yarnLockfile(text, file);
  return undefined;
}
