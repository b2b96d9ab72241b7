/**
 * Moves a remote task's unpacked outputs from a local staging dir into the project: only files the
 * output globs match, never outside the project (symlinks that point outside are skipped), with
 * their modes. I/O.
 */
import type { Stats } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { OutputMatcher } from './output-glob.js';

/** Copies matching entries of `staging` into `projectDir`; returns the project-relative paths copied. */
export async function copyOutputs(staging: string, projectDir: string, matcher: OutputMatcher): Promise<string[]> {
  const copied: string[] = [];
  await walk(staging, '', async (rel, stats) => {
    if (!matcher.matches(rel)) return;
    const dest = path.join(projectDir, rel);
    if (!isInside(projectDir, dest)) return;
    await mkdir(path.dirname(dest), { recursive: true });
    // A directory (or anything else) in the way of a file output is replaced, as a fresh build would.
    await rm(dest, { recursive: true, force: true });
    if (stats.isSymbolicLink()) {
      const target = await readlink(path.join(staging, rel));
      if (!isInside(projectDir, path.resolve(path.dirname(dest), target))) return;
      await symlink(target, dest);
    } else {
      await copyFile(path.join(staging, rel), dest);
      await chmod(dest, stats.mode & 0o7777);
    }
    copied.push(rel);
  });
  return copied.sort();
}

type Visit = (rel: string, stats: Stats) => Promise<void>;

async function walk(base: string, rel: string, visit: Visit): Promise<void> {
  const entries = await readdir(path.join(base, rel));
  for (const name of entries.sort()) {
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const stats = await lstat(path.join(base, childRel));
    if (stats.isDirectory()) await walk(base, childRel, visit);
    else if (stats.isFile() || stats.isSymbolicLink()) await visit(childRel, stats);
  }
}

function isInside(dir: string, candidate: string): boolean {
  const rel = path.relative(dir, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
