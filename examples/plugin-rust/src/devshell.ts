/**
 * `ant shell` / `ant env`: the toolchain versions in the motd and cargo's bin dir on PATH (where
 * `cargo install` puts tools), for the repo and for each crate.
 */
import os from 'node:os';
import path from 'node:path';
import type { DevshellSpec, PluginContext, Project } from '@ant/runner/plugin';
import { toolchain } from './toolchain.js';

export async function rustDevshell(_project: Project | null, ctx: PluginContext): Promise<DevshellSpec> {
  const tools = await toolchain(ctx);
  if (!tools) return { motd: ['rust: rustc is not on PATH; install it with https://rustup.rs'] };
  const release = /^rustc (\S+)/.exec(tools.rustc)?.[1] ?? tools.rustc;
  const cargoHome = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  return {
    path: [path.join(cargoHome, 'bin')],
    tools: [
      { name: 'rustc', version: release },
      ...(tools.clippy ? [{ name: 'clippy' }] : []),
      ...(tools.rustfmt ? [{ name: 'rustfmt' }] : []),
    ],
  };
}
