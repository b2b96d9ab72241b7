/**
 * Which package manager a JS workspace uses: the root manifest's `packageManager` field
 * (`pnpm@9.12.0+sha512…`, as Corepack reads it), else the lockfile beside it, else npm.
 * ant only reads other managers' files; when a script must go through a manager
 * (`js.runVia: "package-manager"`) it is the repo's own one.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PackageJson } from './package-json.js';

/** Package managers ant recognizes. */
export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** A detected package manager. */
export interface PackageManager {
  name: PackageManagerName;
  /** From `packageManager` (`9.12.0`); `undefined` when only the lockfile told us. */
  version?: string;
  /** The lockfile found in the workspace root (file name), if any. */
  lockfile?: string;
  /** How it was detected, for `ant show` and error messages. */
  source: 'packageManager' | 'lockfile' | 'default';
}

/** Lockfile names by manager, in detection order (npm's first: it is the common case). */
export const LOCKFILES: readonly (readonly [string, PackageManagerName])[] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

/** Parses a `packageManager` field (`name@version[+hash]`). Pure; `undefined` for unknown managers. */
export function parsePackageManagerField(value: unknown): { name: PackageManagerName; version?: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(npm|pnpm|yarn|bun)(?:@([^+\s]+))?/.exec(value.trim());
  if (!match) return undefined;
  return { name: match[1] as PackageManagerName, version: match[2] };
}

/** The first lockfile present in `dir` (absolute). Stats at most six names. */
export function findLockfile(dir: string): string | undefined {
  for (const [file] of LOCKFILES) if (existsSync(path.join(dir, file))) return file;
  return undefined;
}

/** Detects the manager of the workspace rooted at `dir` (absolute) with root manifest `pkg`. */
export function detectPackageManager(dir: string, pkg: PackageJson | undefined): PackageManager {
  const declared = parsePackageManagerField(pkg?.packageManager);
  if (declared) {
    // The declared manager's own lockfile, even when a stale one of another manager lies beside it.
    const own = LOCKFILES.find(([file, name]) => name === declared.name && existsSync(path.join(dir, file)))?.[0];
    return { ...declared, lockfile: own ?? findLockfile(dir), source: 'packageManager' };
  }
  const lockfile = findLockfile(dir);
  const byLock = LOCKFILES.find(([file]) => file === lockfile)?.[1];
  if (byLock) return { name: byLock, lockfile, source: 'lockfile' };
  return { name: 'npm', lockfile, source: 'default' };
}

/**
 * Whether `run <name>` also runs `pre<name>`/`post<name>`: npm, bun and yarn 1 do; yarn 2+ does not;
 * pnpm 7 stopped and pnpm 8 turned it back on (`enable-pre-post-scripts`).
 */
export function runsPrePostScripts(pm: Pick<PackageManager, 'name' | 'version'>): boolean {
  const major = pm.version ? Number.parseInt(pm.version, 10) : undefined;
  switch (pm.name) {
    case 'yarn':
      return major === undefined || major < 2;
    case 'pnpm':
      return major === undefined || major >= 8 || major < 7;
    default:
      return true;
  }
}

/** The argv that runs a script through the manager, e.g. `['pnpm', 'run', 'build']`. */
export function packageManagerRunArgv(pm: Pick<PackageManager, 'name'>, script: string): string[] {
  return [pm.name, 'run', script];
}
