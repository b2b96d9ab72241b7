/**
 * Extra hash inputs of Rust tasks:
 * - `rustc`: the active toolchain's `rustc -vV` (a new compiler rebuilds everything);
 * - `Cargo.lock:<name>@<version>`: the crate's slice of its workspace's lock (source + checksum),
 *   so a lock change elsewhere in the workspace leaves this crate's hashes alone;
 * - `features`: only through the command (`--features`), which is hashed already.
 * Sources, manifests and `.cargo/config.toml` are input files (tasks.ts); RUSTFLAGS & co. are env.
 */
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { lockSlice, parseCargoLock } from './cargo-lock.js';
import { crateInfo } from './crate-info.js';
import { toolchain } from './toolchain.js';

export async function rustHashInputs(project: Project, _taskName: string, _task: TaskSpec, ctx: PluginContext): Promise<Record<string, string>> {
  const [info, tools] = await Promise.all([crateInfo(project, ctx), toolchain(ctx)]);
  const inputs: Record<string, string> = { rustc: tools?.rustc ?? 'missing' };
  const text = await ctx.readFile(info.lockFile);
  if (text === undefined) {
    // The task fails (`--locked`); hash the absence so a later lock is a new hash.
    inputs['Cargo.lock'] = 'missing';
    return inputs;
  }
  const slice = lockSlice(parseCargoLock(info.lockFile, text), info.manifest.packageName!);
  if (slice === undefined) inputs['Cargo.lock'] = `no entry for ${info.manifest.packageName}`;
  else for (const [pkg, value] of Object.entries(slice)) inputs[`Cargo.lock:${pkg}`] = value;
  return inputs;
}
