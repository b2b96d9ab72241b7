/**
 * The tasks of a crate:
 *
 * - `build`: `cargo build --release --locked` into a target dir inside the crate, then the
 *   binaries are copied to `dist/bin` (the cached output; `target/` itself is cargo's incremental
 *   state and is never cached). A library crate is compiled only: the task still fails on errors.
 * - `test`: `cargo test --locked`.
 * - `lint`: `cargo clippy --all-targets -- -D warnings` when clippy is installed, else
 *   `cargo check --all-targets`; plus `cargo fmt --check` when rustfmt is installed.
 *
 * `--locked` makes a missing or stale Cargo.lock an error instead of a silent rewrite of a file
 * that is part of the hash. Inputs are the crate's sources and those of its path dependencies
 * (cargo compiles them into this build), the workspace manifest and `.cargo/config.toml` files
 * cargo would read; the lock enters through `hashInputs` as a slice.
 */
import type { PluginContext, Project, RepoPath, TaskSpec } from '@ant/runner/plugin';
import { crateInfo, manifestPath, pathClosure, type CrateInfo } from './crate-info.js';
import { toolchain } from './toolchain.js';

/** Env that changes what rustc produces: hashed. */
export const RUST_HASHED_ENV = ['RUSTFLAGS', 'RUSTDOCFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'CARGO_BUILD_RUSTFLAGS', 'CARGO_BUILD_TARGET', 'RUSTUP_TOOLCHAIN'];
/** Env cargo needs to find its home, registries and toolchains: passed, not hashed. */
export const RUST_PASS_THROUGH_ENV = ['CARGO_HOME', 'RUSTUP_HOME', 'CARGO_TERM_COLOR', 'CARGO_NET_OFFLINE', 'CARGO_HTTP_TIMEOUT'];

/** The target dir, relative to the crate: per crate, so crates build in parallel without cargo's lock. */
export const TARGET_DIR = 'target';

/** `$root/…` input globs for files in another directory of the workspace. */
function rooted(dir: RepoPath, glob: string): string {
  return dir === '.' ? `$root/${glob}` : `$root/${dir}/${glob}`;
}

/** Directories from the crate up to its workspace root (inclusive), where cargo reads `.cargo/config.toml`. */
function configDirs(info: CrateInfo): RepoPath[] {
  const dirs: RepoPath[] = [];
  for (let dir = info.manifest.dir; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.') {
    dirs.push(dir);
    if (dir === info.workspaceRoot || dir === '.') return dirs;
  }
}

/** Input globs shared by every task; `sources` are the crate's own (relative) globs. */
export function crateInputs(info: CrateInfo, closure: readonly CrateInfo[], sources: string[]): string[] {
  const inputs = ['Cargo.toml', 'build.rs', ...sources, `!${TARGET_DIR}/**`, '!dist/**'];
  for (const dep of closure) inputs.push(rooted(dep.manifest.dir, 'Cargo.toml'), rooted(dep.manifest.dir, 'build.rs'), rooted(dep.manifest.dir, 'src/**'));
  const workspaceManifests = new Set([info, ...closure].map((c) => c.workspaceRoot).filter((dir) => dir !== info.manifest.dir));
  for (const dir of [...workspaceManifests].sort()) inputs.push(`$root/${manifestPath(dir)}`);
  for (const dir of configDirs(info)) {
    for (const file of ['.cargo/config.toml', '.cargo/config', 'rust-toolchain.toml', 'rust-toolchain']) inputs.push(rooted(dir, file));
  }
  return inputs;
}

/** `--features a,b` from the project's `features` field (`services.<name>.features` in ant.config.json). */
export function featureArgs(project: Project): string {
  const features = project.fields.features;
  if (features === undefined) return '';
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string' && /^[\w/:+-]+$/.test(f))) {
    throw new Error(
      `ant.config.json: services.${project.name}.features: expected an array of cargo feature names, found ${JSON.stringify(features)}.\n` +
        `hint: write "features": ["feature-a", "dep/feature-b"]`,
    );
  }
  return features.length ? ` --features ${features.join(',')}` : '';
}

/** `cargo build` plus copying the binaries out of the target dir. Pure. */
export function buildCommand(bins: readonly string[], features: string): string {
  const cargo = `cargo build --release --locked --target-dir ${TARGET_DIR}${features}`;
  if (bins.length === 0) return cargo;
  // CARGO_BUILD_TARGET (hashed) moves the output under target/<triple>/.
  const out = `out=${TARGET_DIR}/\${CARGO_BUILD_TARGET:+$CARGO_BUILD_TARGET/}release`;
  return [cargo, 'rm -rf dist/bin', 'mkdir -p dist/bin', out, `cp ${bins.map((b) => `"$out/${b}"`).join(' ')} dist/bin/`].join(' && ');
}

/** `lint`: clippy (warnings are errors) or cargo check, then rustfmt's check. Pure. */
export function lintCommand(clippy: boolean, rustfmt: boolean, features: string): string {
  const steps = [
    clippy
      ? `cargo clippy --locked --target-dir ${TARGET_DIR} --all-targets${features} -- -D warnings`
      : `cargo check --locked --target-dir ${TARGET_DIR} --all-targets${features}`,
  ];
  if (rustfmt) steps.push('cargo fmt --check');
  return steps.join(' && ');
}

export async function inferRustTasks(project: Project, ctx: PluginContext): Promise<Record<string, TaskSpec>> {
  const info = await crateInfo(project, ctx);
  const closure = await pathClosure(info, ctx);
  const features = featureArgs(project);
  const tools = await toolchain(ctx);
  const clippy = tools?.clippy ?? false;
  const rustfmt = tools?.rustfmt ?? false;
  const env: Pick<TaskSpec, 'env' | 'passThroughEnv'> = { env: [...RUST_HASHED_ENV], passThroughEnv: [...RUST_PASS_THROUGH_ENV] };
  const allSources = ['src/**', 'tests/**', 'benches/**', 'examples/**'];
  return {
    build: {
      description: info.bins.length ? `cargo build --release; ${info.bins.join(', ')} → dist/bin` : 'cargo build --release (library: compile only)',
      command: buildCommand(info.bins, features),
      inputs: crateInputs(info, closure, ['src/**']),
      outputs: info.bins.length ? ['dist/bin/**'] : [],
      ...env,
    },
    test: {
      description: 'cargo test',
      command: `cargo test --locked --target-dir ${TARGET_DIR}${features}`,
      inputs: crateInputs(info, closure, allSources),
      outputs: [],
      ...env,
    },
    lint: {
      description: `${clippy ? 'cargo clippy -D warnings' : 'cargo check (clippy is not installed)'}${rustfmt ? ' + cargo fmt --check' : ''}`,
      command: lintCommand(clippy, rustfmt, features),
      inputs: [...crateInputs(info, closure, allSources), 'clippy.toml', '.clippy.toml', 'rustfmt.toml', '.rustfmt.toml'],
      outputs: [],
      ...env,
    },
  };
}
