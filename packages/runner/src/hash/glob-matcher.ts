/**
 * Compiles globs to a predicate, with fast paths for the shapes almost every config uses —
 * a literal path (`ant.config.json`) and a directory tree (`dist/**`) — so testing thousands of
 * files per run costs a string comparison, not a regex. Anything else goes to picomatch. Compiled
 * matchers are shared: most tasks have the same output and input globs.
 */
import picomatch from 'picomatch';

const GLOB_CHARS = /[*?[\]{}()!+@]/;
const cache = new Map<string, (path: string) => boolean>();

export function compileGlobs(patterns: readonly string[], ignore: readonly string[] = []): (path: string) => boolean {
  const key = `${patterns.join('\0')}\u0001${ignore.join('\0')}`;
  let matcher = cache.get(key);
  if (!matcher) {
    matcher = build(patterns, ignore);
    cache.set(key, matcher);
  }
  return matcher;
}

function build(patterns: readonly string[], ignore: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isIgnored = ignore.length ? build(ignore, []) : undefined;
  const literals = new Set<string>();
  const prefixes: string[] = [];
  const complex: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.replace(/^\.\//, '');
    const tree = /^(.*)\/\*\*$/.exec(pattern);
    if (tree && !GLOB_CHARS.test(tree[1])) prefixes.push(`${tree[1]}/`);
    else if (!GLOB_CHARS.test(pattern)) literals.add(pattern);
    else complex.push(pattern);
  }
  const slow = complex.length ? picomatch(complex, { dot: true }) : undefined;
  return (path) => {
    let hit = literals.has(path);
    if (!hit) for (const prefix of prefixes) if (path.startsWith(prefix)) { hit = true; break; }
    if (!hit && slow) hit = slow(path);
    return hit && !(isIgnored && isIgnored(path));
  };
}
