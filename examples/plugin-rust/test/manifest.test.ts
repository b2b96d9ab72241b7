import { describe, expect, it } from 'vitest';
import { lockSlice, parseCargoLock } from '../src/cargo-lock.js';
import { isWorkspaceMember, parseCargoManifest } from '../src/cargo-manifest.js';
import { buildCommand, lintCommand } from '../src/tasks.js';
import { oneLine } from '../src/toolchain.js';

describe('Cargo.toml', () => {
  it('reads path dependencies from every dependency table, workspace ones and binaries', () => {
    const m = parseCargoManifest(
      'crates/app/Cargo.toml',
      [
        '[package]\nname = "app"\nversion = "0.1.0"\n',
        '[dependencies]\nlib = { path = "../lib" }\nserde = "1"\nshared = { workspace = true }\n',
        '[dev-dependencies]\ntesting = { path = "../testing" }\n',
        '[build-dependencies]\ngen = { path = "../../tools/gen", version = "0.1" }\n',
        "[target.'cfg(unix)'.dependencies]\nunix = { path = \"../unix\" }\n",
        '[[bin]]\nname = "app-admin"\npath = "src/admin.rs"\n',
      ].join('\n'),
    );
    expect(m.packageName).toBe('app');
    expect(m.dir).toBe('crates/app');
    expect(m.pathDependencies).toEqual({ lib: '../lib', testing: '../testing', gen: '../../tools/gen', unix: '../unix' });
    expect(m.workspaceDependencies).toEqual(['shared']);
    expect(m.declaredBins).toEqual(['app-admin']);
    expect(m.autobins).toBe(true);
  });

  it('reads a virtual workspace manifest (no package) with its members and dependency paths', () => {
    const m = parseCargoManifest('Cargo.toml', '[workspace]\nmembers = ["crates/*", "apps/**"]\nexclude = ["crates/old"]\n[workspace.dependencies]\nshared = { path = "crates/shared" }\n');
    expect(m.packageName).toBeUndefined();
    expect(m.workspace).toEqual({ members: ['crates/*', 'apps/**'], exclude: ['crates/old'], dependencyPaths: { shared: 'crates/shared' } });
    expect(isWorkspaceMember('.', m.workspace!, 'crates/a')).toBe(true);
    expect(isWorkspaceMember('.', m.workspace!, 'crates/a/b')).toBe(false);
    expect(isWorkspaceMember('.', m.workspace!, 'crates/old')).toBe(false);
    expect(isWorkspaceMember('.', m.workspace!, 'apps/x/y')).toBe(true);
    expect(isWorkspaceMember('.', m.workspace!, 'tools/x')).toBe(false);
  });

  it('names the file and position of a TOML error, and the field of a wrong type', () => {
    expect(() => parseCargoManifest('a/Cargo.toml', '[package\nname = "a"')).toThrow(/^a\/Cargo\.toml:1:\d+: invalid TOML/);
    expect(() => parseCargoManifest('a/Cargo.toml', '[package]\nname = 3\n')).toThrow('a/Cargo.toml: package.name must be a string, found 3');
  });
});

describe('Cargo.lock slices', () => {
  const lock = parseCargoLock(
    'Cargo.lock',
    [
      'version = 4',
      '[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["lib", "serde 1.0.200"]',
      '[[package]]\nname = "lib"\nversion = "0.1.0"\ndependencies = ["itoa 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)"]',
      '[[package]]\nname = "other"\nversion = "0.1.0"\ndependencies = ["serde 2.0.0"]',
      '[[package]]\nname = "serde"\nversion = "1.0.200"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "aaa"',
      '[[package]]\nname = "serde"\nversion = "2.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "bbb"',
      '[[package]]\nname = "itoa"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "ccc"',
    ].join('\n\n'),
  );

  it('follows dependency references (name, name version, name version (source)) from the crate only', () => {
    expect(lockSlice(lock, 'app')).toEqual({
      'app@0.1.0': 'path -',
      'itoa@1.0.0': 'registry+https://github.com/rust-lang/crates.io-index ccc',
      'lib@0.1.0': 'path -',
      'serde@1.0.200': 'registry+https://github.com/rust-lang/crates.io-index aaa',
    });
    expect(Object.keys(lockSlice(lock, 'other')!)).toEqual(['other@0.1.0', 'serde@2.0.0']);
    expect(lockSlice(lock, 'missing')).toBeUndefined();
  });
});

describe('commands', () => {
  it('copies every binary out of the target dir, honouring CARGO_BUILD_TARGET', () => {
    expect(buildCommand(['a', 'b'], ' --features x')).toBe(
      'cargo build --release --locked --target-dir target --features x && rm -rf dist/bin && mkdir -p dist/bin && ' +
        'out=target/${CARGO_BUILD_TARGET:+$CARGO_BUILD_TARGET/}release && cp "$out/a" "$out/b" dist/bin/',
    );
    expect(buildCommand([], '')).toBe('cargo build --release --locked --target-dir target');
  });

  it('lints with clippy when it is installed, else cargo check', () => {
    expect(lintCommand(true, true, '')).toBe('cargo clippy --locked --target-dir target --all-targets -- -D warnings && cargo fmt --check');
    expect(lintCommand(false, false, '')).toBe('cargo check --locked --target-dir target --all-targets');
  });

  it('puts the toolchain on one line for ant explain', () => {
    const verbose = 'rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\ncommit-hash: 59807616e1\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\nLLVM version: 22.1.2\n';
    expect(oneLine(verbose)).toBe('rustc 1.95.0 (59807616e 2026-04-14) host=x86_64-unknown-linux-gnu llvm=22.1.2');
  });
});
