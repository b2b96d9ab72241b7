/**
 * Where the workspace is: from the working directory up to the file system root, the first
 * directory holding a config file. Kept apart from load.ts (which validates with zod) so the
 * commands that only need the root — and the fast path of a fully cached run — do not load zod.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE_NAMES = ['ant.config.json', '.antrc.json', 'ant.config.mjs'] as const;

/** Walks up from `cwd` to the first directory with a config file. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
