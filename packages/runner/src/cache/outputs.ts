/**
 * Expands a task's output globs (relative to its project root) into repo-relative paths of the
 * files, directories and symlinks on disk, without following links (a link is an output itself).
 */
import fg from 'fast-glob';
import { rm } from 'node:fs/promises';
import path from 'node:path';

export async function expandOutputs(root: string, projectRoot: string, globs: readonly string[]): Promise<string[]> {
  if (globs.length === 0) return [];
  const cwd = projectRoot === '.' ? root : path.join(root, projectRoot);
  const positive = globs.filter((g) => !g.startsWith('!'));
  const ignore = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const found = await fg(positive, {
    cwd,
    ignore,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    unique: true,
    suppressErrors: true,
  });
  const prefix = projectRoot === '.' ? '' : `${projectRoot}/`;
  return found.map((p) => prefix + p.replace(/\/$/, '')).sort();
}

/** Removes what the output globs match now, so a restore never mixes old and new outputs. */
export async function removeOutputs(root: string, paths: readonly string[]): Promise<void> {
  // Deepest first, files before their directories.
  const sorted = [...paths].sort((a, b) => b.length - a.length);
  for (const p of sorted) await rm(path.join(root, p), { recursive: true, force: true });
}
