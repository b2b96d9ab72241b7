/**
 * What `ant env` prints: only the variables the devshell changed relative to the caller's env,
 * plus the ones it removed. A PATH-like variable that only gained entries in front (some of which
 * may have moved there from further back) is kept as a prefix, so the shell output reads
 * `export PATH='/repo/.venv/bin':"$PATH"` and stays right even if the caller's PATH changes
 * between `ant env` and the `eval`. A moved entry then appears twice; the first one wins lookups,
 * exactly as in the composed PATH.
 */
import path from 'node:path';

/** One change to the caller's env. */
export type EnvChange =
  | { kind: 'set'; name: string; value: string }
  /** `value` = `prefix` + `:` + the caller's value. */
  | { kind: 'prefix'; name: string; prefix: string; value: string }
  | { kind: 'unset'; name: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The changes from `before` to `after`, sorted by name; removed names come from `unset`. */
export function diffEnv(before: NodeJS.ProcessEnv, after: Record<string, string>, unset: readonly string[]): EnvChange[] {
  const changes: EnvChange[] = [];
  for (const name of Object.keys(after).sort()) {
    // Exported functions (`BASH_FUNC_x%%`) and the like cannot be written as an assignment.
    if (!NAME.test(name)) continue;
    const value = after[name];
    const old = before[name];
    if (old === value) continue;
    const prefix = old ? listPrefix(old, value) : undefined;
    if (prefix !== undefined) changes.push({ kind: 'prefix', name, prefix, value });
    else changes.push({ kind: 'set', name, value });
  }
  // "plus unsets": always emitted, so the output also cleans a shell that differs from ant's caller.
  for (const name of unset) if (NAME.test(name) && !(name in after)) changes.push({ kind: 'unset', name });
  return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `P` when `value` is `P` + `:` + (`old` without P's entries), `P` non-empty; else undefined. */
function listPrefix(old: string, value: string): string | undefined {
  const entries = value.split(path.delimiter);
  const oldEntries = old.split(path.delimiter);
  for (let n = 1; n < entries.length; n++) {
    const head = entries.slice(0, n);
    const rest = oldEntries.filter((e) => !head.includes(e));
    if (rest.length > 0 && rest.join(path.delimiter) === entries.slice(n).join(path.delimiter)) return head.join(path.delimiter);
  }
  return undefined;
}
