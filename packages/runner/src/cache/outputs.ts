/**
 * Expands a task's output globs (relative to its project root) into repo-relative paths of the
 * files, directories and symlinks on disk, without following links (a link is an output itself).
 */
import { lstat, rm } from 'node:fs/promises';
import path from 'node:path';

export async function expandOutputs(
  root: string,
  projectRoot: string,
  globs: readonly string[],
  options: { restoreTemps?: boolean } = {},
): Promise<string[]> {
  if (globs.length === 0) return [];
  const cwd = projectRoot === '.' ? root : path.join(root, projectRoot);
  const positive = globs.filter((g) => !g.startsWith('!'));
  // A restore's temp files (artifact-unpack.ts) are never outputs: packing one would cache junk.
  // `restoreTemps` lists them too, for `removeOutputs` to clear those a killed restore left.
  const ignore = [...globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)), ...(options.restoreTemps ? [] : [ANT_TEMP_GLOB])];
  // Loaded on demand: a fully cached run whose outputs are in place never globs.
  const { default: fg } = await import('fast-glob');
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

/** Matches the temp names `artifact-unpack.ts` writes restored files to before renaming them. */
const ANT_TEMP_GLOB = '**/.*.ant-tmp-*';

/** True for a restore temp file (`.<name>.ant-tmp-<pid>-<hex>`) whose process is still running. */
function restoreTempOwnerAlive(p: string): boolean {
  const match = /\.ant-tmp-(\d+)-[0-9a-f]+$/.exec(p);
  if (!match) return false;
  const pid = Number(match[1]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's. ESRCH: gone, its temp file is junk.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what the output globs matched, so a restore never mixes old and new outputs. Paths the
 * artifact about to be restored (`keep`) puts back as the same kind (file or link over file or
 * link, dir over dir), and dirs it writes into, are left for the restore to replace by an atomic
 * rename: another `ant` process reading these outputs at the same moment never finds them gone.
 */
export async function removeOutputs(root: string, paths: readonly string[], keep: readonly { path: string; type: string }[] = []): Promise<void> {
  const kept = new Map(keep.map((f) => [f.path, f.type === 'dir' ? 'dir' : 'leaf']));
  const parents = new Set(keep.flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  // Deepest first, files before their directories.
  const sorted = [...paths].sort((a, b) => b.length - a.length);
  for (const p of sorted) {
    const abs = path.join(root, p);
    // Another process's restore in flight: removing its temp file would break it.
    if (restoreTempOwnerAlive(p)) continue;
    if (kept.size > 0) {
      const stats = await lstat(abs).catch(() => undefined);
      if (!stats) continue;
      const onDisk = stats.isDirectory() ? 'dir' : 'leaf';
      if (kept.get(p) === onDisk || (onDisk === 'dir' && parents.has(p))) continue;
    }
    await rm(abs, { recursive: true, force: true });
  }
}
