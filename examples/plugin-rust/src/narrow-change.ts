/**
 * `--affected` for Cargo files no project owns: the Cargo.lock and Cargo.toml of a virtual
 * workspace root. A lock change affects the members whose slice changed (not every member); a
 * change to the workspace manifest affects every member (profiles, [workspace.dependencies] …).
 */
import { posix } from 'node:path';
import type { FileChange, PluginContext } from '@ant/runner/plugin';
import { lockSlice, parseCargoLock } from './cargo-lock.js';
import { canonical } from './canonical.js';

export async function rustNarrowChange(change: FileChange, ctx: PluginContext): Promise<string[] | 'all' | undefined> {
  const base = posix.basename(change.path);
  if (base !== 'Cargo.lock' && base !== 'Cargo.toml') return undefined;
  const dir = posix.dirname(change.path) || '.';
  const members = ctx.projects().filter((p) => p.language === 'rust' && (p.fields.cargoWorkspace === dir || p.root === dir));
  if (base === 'Cargo.toml') return members.map((p) => p.name);
  let before, after;
  try {
    before = change.before === undefined ? [] : parseCargoLock(change.path, change.before);
    after = change.after === undefined ? [] : parseCargoLock(change.path, change.after);
  } catch {
    return members.map((p) => p.name);
  }
  return members
    .filter((p) => {
      const crate = typeof p.fields.crate === 'string' ? p.fields.crate : p.name;
      return canonical(lockSlice(before, crate)) !== canonical(lockSlice(after, crate));
    })
    .map((p) => p.name);
}
