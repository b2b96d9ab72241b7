/**
 * `--affected` for Go files no project owns: a `go.work` (or its `go.work.sum`) at a directory
 * above the modules affects exactly the members it lists before and after the change.
 */
import { posix } from 'node:path';
import type { FileChange, PluginContext } from '@ant/runner/plugin';
import { workspaceFromText } from './go-work.js';

/** Member roots of a go.work text, or none when it is absent or unreadable. */
function members(file: string, text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    return workspaceFromText(file, text).members;
  } catch {
    return [];
  }
}

/** Projects affected by a change to a file outside every project, or undefined when not Go's business. */
export async function goNarrowChange(change: FileChange, ctx: PluginContext): Promise<string[] | 'all' | undefined> {
  const base = posix.basename(change.path);
  if (base !== 'go.work' && base !== 'go.work.sum') return undefined;
  const workFile = base === 'go.work' ? change.path : change.path.slice(0, -'.sum'.length);
  let roots: string[];
  if (base === 'go.work') {
    roots = [...members(workFile, change.before), ...members(workFile, change.after)];
  } else {
    // go.work.sum only pins checksums; every current member may build against it.
    roots = members(workFile, await ctx.readFile(workFile));
  }
  const byRoot = new Map(ctx.projects().map((p) => [p.root, p.name]));
  return [...new Set(roots.map((r) => byRoot.get(r)).filter((n): n is string => n !== undefined))].sort();
}
