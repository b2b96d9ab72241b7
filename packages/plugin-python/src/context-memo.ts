/**
 * Per-invocation memory: files parsed and tools asked once per `PluginContext`, so a workspace
 * of many members reads its `uv.lock` once. Keyed weakly by the context, so a new invocation
 * (a new context) always sees fresh files.
 */
import type { PluginContext, RepoPath } from '@ant/runner/plugin';
import { parsePyProject, type PyProject } from './pyproject.js';
import { joinRepo } from './repo-path.js';
import { parseUvLock, type UvLock } from './uv-lock.js';

const memos = new WeakMap<PluginContext, Map<string, Promise<unknown>>>();

/** Computes `key` once per context; a failure is remembered too (the same error every time). */
export function memo<T>(ctx: PluginContext, key: string, compute: () => Promise<T>): Promise<T> {
  let map = memos.get(ctx);
  if (!map) memos.set(ctx, (map = new Map()));
  let value = map.get(key) as Promise<T> | undefined;
  if (!value) map.set(key, (value = compute()));
  return value;
}

/** The parsed `pyproject.toml` of a repo directory, or `undefined` when there is none. */
export function readPyProject(ctx: PluginContext, dir: RepoPath): Promise<PyProject | undefined> {
  const file = joinRepo(dir, 'pyproject.toml');
  return memo(ctx, `pyproject:${file}`, async () => {
    const text = await ctx.readFile(file);
    return text === undefined ? undefined : parsePyProject(text, file);
  });
}

/** The parsed `uv.lock` of a repo directory, or `undefined` when there is none. */
export function readUvLock(ctx: PluginContext, dir: RepoPath): Promise<UvLock | undefined> {
  const file = joinRepo(dir, 'uv.lock');
  return memo(ctx, `uv.lock:${file}`, async () => {
    const text = await ctx.readFile(file);
    return text === undefined ? undefined : parseUvLock(text, file);
  });
}
