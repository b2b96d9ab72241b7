/**
 * What plugins' answers depend on besides the work tree: the environment, the plugins' own code and
 * the toolchain binaries they probed. The workspace snapshot and the run receipt are both keyed on
 * these (workspace-snapshot.ts, fast-path/run-receipt.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// Differ between shells of one session without meaning anything to a build (ANT_DEBUG only
// switches on diagnostics, ANT_NO_FAST_PATH only stops receipts being read).
const VOLATILE_ENV = new Set(['_', 'OLDPWD', 'PWD', 'SHLVL', 'TERM_SESSION_ID', 'WINDOWID', 'COLUMNS', 'LINES', 'ANT_DEBUG', 'ANT_NO_FAST_PATH']);

/** A toolchain binary as it was when a plugin asked about it. */
export interface ToolStat {
  path: string;
  size: number;
  mtimeMs: number;
}

/** `NAME=value` for every variable but those that change between shells of one session, sorted. */
export function stableEnvEntries(env: NodeJS.ProcessEnv, keep: ReadonlySet<string> = new Set()): string[] {
  const names = Object.keys(env).filter((k) => keep.has(k) || !VOLATILE_ENV.has(k)).sort();
  return names.map((k) => `${k}=${env[k]}`);
}

/** Whether a variable is left out of {@link stableEnvEntries} unless kept. */
export function isVolatileEnv(name: string): boolean {
  return VOLATILE_ENV.has(name);
}

/** Whether the toolchains recorded with a snapshot are still the same binaries. */
export function toolsUnchanged(tools: readonly ToolStat[]): boolean {
  for (const tool of tools) {
    const st = statSync(tool.path, { throwIfNoEntry: false });
    if (!st || st.size !== tool.size || st.mtimeMs !== tool.mtimeMs) return false;
  }
  return true;
}

/** Size and mtime of every file beside a plugin's entry (its built code), in one string. */
export function pluginCodeStamp(entry: string): string {
  const dir = path.dirname(entry);
  const stamps: string[] = [entry];
  const walk = (d: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(d, name);
      const st = statSync(full, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) {
        if (depth < 4 && name !== 'node_modules') walk(full, depth + 1);
      } else if (/\.(m?js|cjs|json)$/.test(name)) {
        stamps.push(`${name}:${st.size}:${st.mtimeMs}`);
      }
    }
  };
  walk(dir, 0);
  return stamps.join(',');
}

