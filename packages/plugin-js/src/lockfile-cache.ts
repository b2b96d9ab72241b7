/**
 * Lockfiles parsed once: a module-scope cache keyed by absolute path and revalidated by
 * (mtime, size), plus a per-invocation memo on the {@link PluginContext} so the thousands of
 * `hashInputs` calls of a large run stat the lockfile once, not once per task.
 *
 * npm's `package-lock.json` / `npm-shrinkwrap.json`, `pnpm-lock.yaml` and `yarn.lock` are parsed
 * into closures. Others (bun) are hashed whole: correct, but any change invalidates every package.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PluginContext } from '@ant/runner/plugin';
import { parseLockfile, type Lockfile } from './lockfile.js';

/** A workspace's lockfile as the hash sees it. */
export type LoadedLockfile =
  | { kind: 'parsed'; file: string; lockfile: Lockfile }
  | { kind: 'opaque'; file: string; sha256: string }
  | { kind: 'none' };

interface Entry {
  mtimeMs: number;
  size: number;
  value: LoadedLockfile;
}

const parsed = new Map<string, Entry>();
const perInvocation = new WeakMap<PluginContext, Map<string, LoadedLockfile>>();

/** Parses lockfile text by file name. Pure, except that it hashes. */
export function loadLockfileText(name: string, text: string, displayPath: string): LoadedLockfile {
  const lockfile = parseLockfile(name, text, displayPath);
  if (lockfile) return { kind: 'parsed', file: displayPath, lockfile };
  return { kind: 'opaque', file: displayPath, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * The lockfile `name` in workspace dir `absDir` (`undefined` name → none), parsed at most once per
 * content. `displayPath` names the file in errors (repo-relative).
 */
export function loadLockfile(absDir: string, name: string | undefined, displayPath: string, ctx: PluginContext): LoadedLockfile {
  if (name === undefined) return { kind: 'none' };
  const absPath = path.join(absDir, name);
  let memo = perInvocation.get(ctx);
  if (!memo) {
    memo = new Map();
    perInvocation.set(ctx, memo);
  }
  const known = memo.get(absPath);
  if (known) return known;

  let value: LoadedLockfile;
  let info;
  try {
    info = statSync(absPath);
  } catch {
    info = undefined;
  }
  if (!info) {
    value = { kind: 'none' };
  } else {
    const hit = parsed.get(absPath);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) {
      value = hit.value;
    } else {
      value = loadLockfileText(name, readFileSync(absPath, 'utf8'), displayPath);
      parsed.set(absPath, { mtimeMs: info.mtimeMs, size: info.size, value });
    }
  }
  memo.set(absPath, value);
  return value;
}
