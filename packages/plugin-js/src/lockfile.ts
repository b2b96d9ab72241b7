/**
 * The contract every parsed lockfile meets, whatever the package manager: the external dependency
 * closure of a workspace package, as a digest (for the hash) and as lines (for people and tests).
 * Locations are workspace-relative package directories (`packages/a`; `''` is the workspace root).
 */
import type { ClosureDigest } from './graph-digest.js';
import { npmLockfile } from './lockfile-closure.js';
import { pnpmLockfile } from './pnpm-lock-closure.js';

/** A parsed lockfile. */
export interface Lockfile {
  kind: 'npm' | 'pnpm';
  /** Digest of the closure of the package at `location`; memoized, O(own dependencies). */
  closureDigest(location: string): ClosureDigest;
  /** The closure as sorted canonical lines. */
  externalClosure(location: string): string[];
}

/**
 * Parses a lockfile by file name; `undefined` for formats ant does not read (yarn, bun), which
 * callers hash whole. Throws a message naming `file` for a broken lockfile.
 */
export function parseLockfile(name: string, text: string, file: string): Lockfile | undefined {
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return npmLockfile(text, file);
  if (name === 'pnpm-lock.yaml') return pnpmLockfile(text, file);
  return undefined;
}
