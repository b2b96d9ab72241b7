/**
 * The checks that make an untrusted artifact safe to restore (DESIGN §4, issue #15). Pure checks
 * on the file list come first (`checkArtifactFiles`), then checks against the disk
 * (`checkArtifactAgainstDisk`); `artifact-unpack.ts` runs both before it writes a single byte.
 *
 * What this does not defend against: a process that swaps a directory for a symlink between the
 * check and the write (a local attacker who can already write the repo), and Unicode
 * normalisation collisions on macOS file systems.
 */
import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import path from 'node:path';
import { ArtifactRejected, type ArtifactFile } from './artifact-format.js';

const MAX_PATH_LENGTH = 4096;

/** Returns why `p` is not a clean repo-relative posix path, or undefined when it is one. */
export function describeUnsafePath(p: string): string | undefined {
  if (p.length === 0) return 'is empty';
  if (p.length > MAX_PATH_LENGTH) return `is longer than ${MAX_PATH_LENGTH} characters`;
  if (p.includes('\0')) return 'contains a NUL byte';
  if (p.includes('\\')) return 'contains a backslash';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'is absolute';
  for (const segment of p.split('/')) {
    if (segment === '..') return "contains a '..' segment";
    if (segment === '' || segment === '.') return 'is not normalised (empty or . segment)';
    // Never a task output, and a hook written there would run on the next git command.
    if (segment.toLowerCase() === '.git') return 'lies inside a .git directory';
  }
  return undefined;
}

/** Normalises project roots: `''` or `'.'` stands for the whole repo; anything unsafe is a bug. */
export function normaliseAllowedRoots(roots: readonly string[]): string[] {
  return roots.map((root) => {
    const trimmed = root.replace(/\/+$/, '');
    if (trimmed === '' || trimmed === '.') return '';
    const problem = describeUnsafePath(trimmed);
    if (problem) throw new Error(`Internal error: allowed root ${JSON.stringify(root)} ${problem}`);
    return trimmed;
  });
}

function isInside(p: string, root: string): boolean {
  return root === '' || p === root || p.startsWith(`${root}/`);
}

/** The proper ancestors of a repo-relative path, shallowest first: `a/b/c` → `a`, `a/b`. */
export function ancestorsOf(p: string): string[] {
  const parts = p.split('/');
  const result: string[] = [];
  for (let i = 1; i < parts.length; i++) result.push(parts.slice(0, i).join('/'));
  return result;
}

/**
 * Returns why a symlink at `linkPath` pointing at `target` is unsafe, or undefined. The target must
 * be relative and, resolved against the link's directory, stay inside a project root that also
 * holds the link. `..` may only lead the target (`../lib/x`, not `d/../x`): if `d` were itself a
 * link, `d/..` would resolve somewhere the lexical check never looked.
 */
export function describeUnsafeSymlink(linkPath: string, target: string, roots: readonly string[]): string | undefined {
  if (target.length === 0) return 'has an empty target';
  if (target.includes('\0') || target.includes('\\')) return 'has a target with a NUL byte or backslash';
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) return `has an absolute target ${JSON.stringify(target)}`;
  let seenName = false;
  for (const segment of target.split('/')) {
    if (segment.toLowerCase() === '.git') return `has a target inside a .git directory (${JSON.stringify(target)})`;
    if (segment === '..' && seenName) return `has a target with '..' after a name (${JSON.stringify(target)})`;
    if (segment !== '..' && segment !== '.' && segment !== '') seenName = true;
  }
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (resolved === '..' || resolved.startsWith('../')) return `points outside the repo (${JSON.stringify(target)})`;
  const where = resolved === '.' ? '' : resolved;
  if (!roots.some((root) => isInside(linkPath, root) && isInside(where, root))) {
    return `points outside its project (${JSON.stringify(target)})`;
  }
  return undefined;
}

/**
 * Checks the whole file list of an artifact before anything is written: clean paths inside
 * `roots`, no duplicates, safe symlinks, and no entry below a symlink or a file of the same
 * artifact (the "symlink, then a file written through it" attack; compared case-insensitively
 * too, for case-insensitive file systems). Throws {@link ArtifactRejected}.
 */
export function checkArtifactFiles(files: readonly ArtifactFile[], roots: readonly string[]): void {
  const seen = new Set<string>();
  const nonDirs = new Map<string, ArtifactFile>();
  for (const file of files) {
    const problem = describeUnsafePath(file.path);
    if (problem) throw new ArtifactRejected(`artifact path ${JSON.stringify(file.path)} ${problem}`);
    if (!roots.some((root) => isInside(file.path, root))) {
      throw new ArtifactRejected(`artifact path ${file.path} lies outside the task's projects (${roots.join(', ') || '.'})`);
    }
    if (file.type !== 'dir' && roots.includes(file.path)) {
      throw new ArtifactRejected(`artifact path ${file.path} would replace a project directory with a ${file.type}`);
    }
    if (seen.has(file.path)) throw new ArtifactRejected(`artifact path ${file.path} appears twice`);
    seen.add(file.path);
    if (file.type === 'symlink') {
      const why = describeUnsafeSymlink(file.path, file.target ?? '', roots);
      if (why) throw new ArtifactRejected(`artifact symlink ${file.path} ${why}`);
    }
    if (file.type !== 'dir') {
      nonDirs.set(file.path, file);
      nonDirs.set(file.path.toLowerCase(), file);
    }
  }
  for (const file of files) {
    for (const ancestor of ancestorsOf(file.path)) {
      const blocker = nonDirs.get(ancestor) ?? nonDirs.get(ancestor.toLowerCase());
      if (blocker) {
        throw new ArtifactRejected(
          `artifact path ${file.path} lies below ${blocker.path}, which the same artifact makes a ${blocker.type}`,
        );
      }
    }
  }
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Checks the artifact against what is on disk under `root`: no entry may be written through an
 * existing symlink or file (any ancestor below `root` must be a real directory or absent), a dir
 * entry may not land on an existing non-directory, and a file or symlink may not replace an
 * existing directory. `removed` lists paths the caller will remove before writing (stale outputs):
 * they and everything below them count as absent. Throws {@link ArtifactRejected}.
 */
export async function checkArtifactAgainstDisk(
  root: string,
  files: readonly ArtifactFile[],
  options: { removed?: readonly string[] } = {},
): Promise<void> {
  const checked = new Map<string, 'dir' | 'absent'>();
  // Paths the caller is about to remove count as absent, with everything below them.
  const removed = new Set(options.removed ?? []);
  const isRemoved = (p: string) => removed.has(p) || ancestorsOf(p).some((a) => removed.has(a));
  for (const file of files) {
    for (const ancestor of ancestorsOf(file.path)) {
      if (checked.has(ancestor)) continue;
      if (isRemoved(ancestor)) {
        checked.set(ancestor, 'absent');
        continue;
      }
      const stats = await lstatOrUndefined(path.join(root, ancestor));
      if (stats?.isSymbolicLink()) {
        throw new ArtifactRejected(`artifact path ${file.path} would be written through the symlink ${ancestor} on disk`);
      }
      if (stats && !stats.isDirectory()) {
        throw new ArtifactRejected(`artifact path ${file.path} needs ${ancestor} to be a directory, but it is a file on disk`);
      }
      checked.set(ancestor, stats ? 'dir' : 'absent');
    }
    const existing = isRemoved(file.path) ? undefined : await lstatOrUndefined(path.join(root, file.path));
    if (!existing) continue;
    if (file.type === 'dir' && !existing.isDirectory()) {
      throw new ArtifactRejected(`artifact directory ${file.path} exists on disk as a ${existing.isSymbolicLink() ? 'symlink' : 'file'}`);
    }
    if (file.type !== 'dir' && existing.isDirectory()) {
      throw new ArtifactRejected(`artifact ${file.type} ${file.path} would replace a directory on disk`);
    }
  }
}
