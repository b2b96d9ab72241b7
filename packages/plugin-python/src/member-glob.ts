/**
 * Matching directories against `[tool.uv.workspace]` `members` / `exclude` globs, the way uv
 * expands them: relative to the workspace root, `*` and `?` within one path segment, `[…]`
 * classes, `**` across segments. Pure: ant matches known directories instead of walking the disk.
 */

/** Compiles one glob to an anchored regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  const segments = glob.replace(/^\.\//, '').replace(/\/+$/, '').split('/').filter((s) => s !== '' && s !== '.');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    source += segmentSource(segment) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

/**
 * Whether `dir` (relative to the workspace root, `/`-separated) is a member: it matches a
 * `members` glob and no `exclude` glob. The workspace root itself (`.` or ``) always is.
 */
export function isWorkspaceMember(dir: string, members: string[], exclude: string[]): boolean {
  const path = dir === '.' ? '' : dir.replace(/^\.\//, '');
  if (path === '') return true;
  const matches = (globs: string[]): boolean => globs.some((glob) => globToRegExp(glob).test(path));
  return matches(members) && !matches(exclude);
}

function segmentSource(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i];
    if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}
