/**
 * `//go:embed` patterns of a module, so the files a binary embeds are task inputs.
 *
 * A pattern is relative to the directory of the Go file that declares it and may name a file,
 * a glob (Go's path.Match syntax, which fast-glob reads the same way) or a directory (embedded
 * recursively); `all:` only changes which hidden files a directory match takes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

/** Patterns declared by `//go:embed` lines of one Go source file, as written. */
export function embedPatterns(source: string): string[] {
  const patterns: string[] = [];
  for (const line of source.split('\n')) {
    const match = /^\/\/go:embed\s+(.*)$/.exec(line.trim());
    if (match === null) continue;
    // Patterns are space-separated; a quoted pattern ("…" or `…`) may contain spaces.
    for (const token of match[1]!.matchAll(/"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g)) {
      const raw = token[1] ?? token[2] ?? token[3]!;
      patterns.push(raw.replace(/^all:/, ''));
    }
  }
  return patterns;
}

/** Directories the go command skips when it walks `./...`, plus ant's own output folders. */
function skipDir(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name === 'node_modules' || name === 'dist' || name.startsWith('.') || name.startsWith('_');
}

async function walkGoFiles(absRoot: string, dir: string, out: string[]): Promise<void> {
  const entries = await readdir(join(absRoot, dir), { withFileTypes: true });
  // A nested go.mod starts another module (another project): its files are not ours.
  if (dir !== '' && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
  for (const entry of entries) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory() && !skipDir(entry.name)) await walkGoFiles(absRoot, rel, out);
    else if (entry.isFile() && entry.name.endsWith('.go')) out.push(rel);
  }
}

/**
 * Input globs (relative to the module root) for every file the module's `//go:embed`
 * directives can match: `pattern` for files and `pattern/**` for directories.
 */
export async function embedInputs(absRoot: string): Promise<string[]> {
  const files: string[] = [];
  await walkGoFiles(absRoot, '', files);
  const globs = new Set<string>();
  for (const file of files.sort()) {
    const source = await readFile(join(absRoot, file), 'utf8');
    if (!source.includes('//go:embed')) continue;
    const dir = posix.dirname(file);
    for (const pattern of embedPatterns(source)) {
      const glob = dir === '.' ? pattern : `${dir}/${pattern}`;
      globs.add(glob);
      globs.add(`${glob}/**`);
    }
  }
  return [...globs];
}
