/**
 * The Rust toolchain a build uses, for hashing and for choosing the lint command.
 *
 * `ctx.toolVersion` caches a version by the binary's path and mtime. With rustup, `cargo` and
 * `rustc` on PATH are proxies (links to the rustup binary) that do not change when
 * `rustup update` installs a new compiler, so their cached version would go stale. The plugin
 * therefore asks the proxy for the active toolchain's sysroot once per invocation (about 20 ms) and
 * probes the real `<sysroot>/bin/rustc`, whose version is then cached safely.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PluginContext } from '@ant/runner/plugin';

export interface Toolchain {
  /** The active toolchain's `rustc -vV` on one line: release, commit, host triple, LLVM version. */
  rustc: string;
  /** Whether `cargo clippy` and `cargo fmt` exist in that toolchain. */
  clippy: boolean;
  rustfmt: boolean;
}

const probes = new WeakMap<PluginContext, Promise<Toolchain | undefined>>();

/** The active toolchain (memoized per invocation), or undefined when rustc is not installed. */
export function toolchain(ctx: PluginContext): Promise<Toolchain | undefined> {
  let probe = probes.get(ctx);
  if (!probe) {
    probe = probeToolchain(ctx);
    probes.set(ctx, probe);
  }
  return probe;
}

async function probeToolchain(ctx: PluginContext): Promise<Toolchain | undefined> {
  const sysroot = await ctx.exec('rustc', ['--print', 'sysroot']);
  if (sysroot.exitCode !== 0) return undefined;
  const bin = path.join(sysroot.stdout.trim(), 'bin');
  const rustc = await ctx.toolVersion(path.join(bin, 'rustc'), ['-vV']);
  if (rustc === undefined) return undefined;
  return {
    rustc: oneLine(rustc),
    clippy: existsSync(path.join(bin, 'cargo-clippy')),
    rustfmt: existsSync(path.join(bin, 'cargo-fmt')),
  };
}

/** `rustc 1.95.0 (59807616e 2026-04-14) host=x86_64-unknown-linux-gnu llvm=22.1.2` from `rustc -vV`. */
export function oneLine(verbose: string): string {
  const lines = verbose.trim().split('\n');
  const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
  const host = field('host');
  const llvm = field('LLVM version');
  return [lines[0], host && `host=${host}`, llvm && `llvm=${llvm}`].filter(Boolean).join(' ');
}
