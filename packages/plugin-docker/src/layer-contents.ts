/**
 * Turns a layer's `contents` entries (host files, directories and globs) into the sorted list of
 * entries the layer tar holds. Only what matters inside a container survives: the path, the kind,
 * the executable bit and a symlink's target. Owners, times and other host metadata are dropped.
 */
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { basename, join, posix, relative, sep } from 'node:path';
import fg from 'fast-glob';
import type { Content } from './config-schema.js';

/** One entry of a layer, by its path in the image (no leading `/`). */
export type LayerEntry =
  | { path: string; type: 'directory' }
  | { path: string; type: 'file'; source: string; size: number; executable: boolean }
  | { path: string; type: 'symlink'; target: string };

export interface CollectOptions {
  /** Absolute workspace root, for `$root/…` sources. */
  root: string;
  /** Absolute project root: relative sources start here. */
  projectRoot: string;
  /** Absolute host paths never copied (the image output directory itself). */
  exclude: string[];
  /** Names the entry in errors, e.g. `services.api.docker.contents`. */
  where: string;
}

const GLOB_CHARS = /[*?[\]{}!]/;

/** Collects the entries of the given contents, later entries winning, with every parent directory. */
export async function collectLayerEntries(contents: readonly (Content & { index: number })[], options: CollectOptions): Promise<LayerEntry[]> {
  const entries = new Map<string, LayerEntry>();
  for (const content of contents) {
    const added = await addContent(content, options, entries);
    if (added === 0 && !content.optional) {
      throw new Error(
        `${options.where}[${content.index}].from: "${content.from}" matched nothing under ${options.projectRoot}. ` +
          `Did the task that produces it run (docker depends on build)? Set "optional": true if it may be absent.`,
      );
    }
  }
  // Parent directories are emitted explicitly: some unpackers create missing ones with mode 0700.
  for (const path of [...entries.keys()]) {
    for (let dir = posix.dirname(path); dir !== '.' && dir !== '/'; dir = posix.dirname(dir)) {
      const existing = entries.get(dir);
      if (existing && existing.type !== 'directory') {
        throw new Error(`${options.where}: "/${dir}" is both a ${existing.type} and a directory in the image`);
      }
      if (!existing) entries.set(dir, { path: dir, type: 'directory' });
    }
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function addContent(content: Content, options: CollectOptions, out: Map<string, LayerEntry>): Promise<number> {
  const [base, pattern] = content.from.startsWith('$root/') ? [options.root, content.from.slice(6)] : [options.projectRoot, content.from];
  const to = content.to.replace(/^\/+/, '');
  if (GLOB_CHARS.test(pattern)) {
    const segments = pattern.split('/');
    const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
    const staticBase = join(base, ...segments.slice(0, firstGlob));
    const matches = await fg(pattern, { cwd: base, dot: true, onlyFiles: false, followSymbolicLinks: false, absolute: true });
    let count = 0;
    for (const match of matches.sort()) {
      const rel = relative(staticBase, match).split(sep).join('/');
      count += await addPath(match, posix.join(to, rel), options, out);
    }
    return count;
  }
  const source = join(base, pattern);
  const info = await stat(source).catch(() => undefined);
  if (!info) return 0;
  if (info.isDirectory()) return addPath(source, to.replace(/\/+$/, ''), options, out, true);
  const dest = content.to.endsWith('/') ? posix.join(to, basename(source)) : to;
  return addPath(source, dest, options, out, true);
}

/** Adds one host path (recursively for directories); returns how many entries were added. */
async function addPath(source: string, dest: string, options: CollectOptions, out: Map<string, LayerEntry>, follow = false): Promise<number> {
  if (options.exclude.some((ex) => source === ex || source.startsWith(ex + sep))) return 0;
  const info = follow ? await stat(source) : await lstat(source);
  const path = dest.replace(/\/+$/, '');
  if (info.isSymbolicLink()) {
    out.set(path, { path, type: 'symlink', target: await readlink(source) });
    return 1;
  }
  if (info.isFile()) {
    out.set(path, { path, type: 'file', source, size: info.size, executable: (info.mode & 0o111) !== 0 });
    return 1;
  }
  if (!info.isDirectory()) return 0; // sockets, fifos, devices: never part of an image
  let count = 0;
  if (path !== '') {
    out.set(path, { path, type: 'directory' });
    count++;
  }
  const names = (await readdir(source)).sort();
  for (const name of names) count += await addPath(join(source, name), path === '' ? name : `${path}/${name}`, options, out);
  return count;
}
