/**
 * Output globs of a task (relative to the project root), for bringing a remote task's outputs
 * back: which directories to pack on the builder, and which unpacked files to keep. Pure.
 *
 * Syntax: `**` any number of path segments, `*` and `?` within a segment, `{a,b}` alternatives,
 * a leading `!` excludes. A pattern that names a directory (`dist`) takes everything below it.
 */

/** A compiled set of output globs. */
export interface OutputMatcher {
  /** True when the project-relative file path is an output. */
  matches(file: string): boolean;
  /** Project-relative paths to pack on the builder (`.` for the whole project), deduplicated. */
  roots: string[];
}

const MAGIC = /[*?{[]/;

/** Compiles `globs` into a matcher. */
export function compileOutputGlobs(globs: readonly string[]): OutputMatcher {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  const roots = new Set<string>();
  for (const raw of globs) {
    const negated = raw.startsWith('!');
    const glob = normalize(negated ? raw.slice(1) : raw);
    if (glob === '') continue;
    (negated ? exclude : include).push(globToRegExp(glob));
    if (!negated) roots.add(staticPrefix(glob));
  }
  const matchesAny = (patterns: RegExp[], file: string): boolean =>
    ancestorsAndSelf(file).some((candidate) => patterns.some((pattern) => pattern.test(candidate)));
  return {
    matches: (file) => {
      const rel = normalize(file);
      return matchesAny(include, rel) && !matchesAny(exclude, rel);
    },
    roots: collapseRoots([...roots]),
  };
}

/** `./dist/` → `dist`; backslashes become slashes. */
function normalize(glob: string): string {
  return glob.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/** The leading segments without wildcards: `dist/**` → `dist`, `*.txt` → `.`. */
export function staticPrefix(glob: string): string {
  const segments = normalize(glob).split('/');
  const fixed: string[] = [];
  for (const segment of segments) {
    if (MAGIC.test(segment)) break;
    fixed.push(segment);
  }
  return fixed.length === 0 ? '.' : fixed.join('/');
}

/** `a/b/c` → [`a/b/c`, `a/b`, `a`]: a directory pattern covers what is below it. */
function ancestorsAndSelf(file: string): string[] {
  const parts = file.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/'));
}

/** Drops roots inside other roots (`dist` covers `dist/js`); `.` covers all. */
function collapseRoots(roots: string[]): string[] {
  if (roots.includes('.')) return ['.'];
  return roots.filter((root) => !roots.some((other) => other !== root && root.startsWith(`${other}/`))).sort();
}

/** Compiles one glob (without `!`) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole segments; a trailing `**` matches the rest.
      if (glob[i + 2] === '/') {
        source += '(?:[^/]+/)*';
        i += 3;
      } else {
        source += '.*';
        i += 2;
      }
    } else if (c === '*') {
      source += '[^/]*';
      i += 1;
    } else if (c === '?') {
      source += '[^/]';
      i += 1;
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) {
        source += '\\{';
        i += 1;
      } else {
        const options = glob.slice(i + 1, end).split(',');
        source += `(?:${options.map((o) => globToRegExp(o).source.slice(1, -1)).join('|')})`;
        i = end + 1;
      }
    } else {
      source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${source}$`);
}
