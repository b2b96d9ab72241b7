/**
 * A small glob matcher for the `ignore` option of the file hasher, so git-mode results can be
 * filtered with the same patterns fast-glob applies in non-git mode. Supports `*` (within a path
 * segment), `**` (any number of segments), `?` and `[...]` classes; deliberately not braces or
 * extglobs. A pattern without a slash matches a name at any depth (`*.log`, `node_modules`), and a
 * pattern matching a directory excludes everything under it, as in `.gitignore`.
 */

/** Compiles `patterns` to one predicate over root-relative posix paths; undefined when there are none. */
export function compileIgnore(patterns: readonly string[]): ((path: string) => boolean) | undefined {
  if (patterns.length === 0) return undefined;
  const sources = patterns.map((pattern) => {
    let p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    if (!p.includes('/')) p = `**/${p}`;
    return `${globToRegExp(p)}(?:/.*)?`;
  });
  const regexp = new RegExp(`^(?:${sources.join('|')})$`);
  return (path) => regexp.test(path);
}

function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atSegmentEnd = glob[i + 2] === '/' || i + 2 === glob.length;
      if (atSegmentEnd && (i === 0 || glob[i - 1] === '/')) {
        // `**/` → zero or more whole segments; a trailing `**` → everything below.
        out += glob[i + 2] === '/' ? '(?:[^/]+/)*' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
      } else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else {
      out += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return out;
}
