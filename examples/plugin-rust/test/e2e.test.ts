/**
 * The plugin through the real `ant` binary and the real `cargo`, on tiny dependency-free crates
 * (nothing is fetched from a registry): discovery, the dependency graph, build/test/lint, cache
 * replay, path-dependency invalidation, failures, features from ant.config.json and `--affected`
 * narrowing of a workspace-level Cargo.lock change.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin, HAS_CARGO, HAS_CLIPPY, platformTree, tempRepo } from './helpers.js';

describe.skipIf(!HAS_CARGO)('ant-plugin-rust with the real cargo', () => {
  beforeAll(() => buildPlugin());

  it('finds the crates of a workspace and a standalone crate, with path dependencies as edges', async () => {
    const repo = tempRepo(platformTree());
    const { code, stdout, stderr } = await repo.ant(['show', 'projects', '--json']);
    expect(code, stderr).toBe(0);
    const projects = JSON.parse(stdout) as { name: string; language: string; path: string; dependencies: string[]; tasks: string[] }[];
    expect(projects.map((p) => [p.name, p.language, p.path, p.dependencies, p.tasks])).toEqual([
      ['cli', 'rust', 'crates/cli', ['core-lib'], ['build', 'lint', 'test']],
      ['core-lib', 'rust', 'crates/core', [], ['build', 'lint', 'test']],
      ['hello', 'rust', 'tools/hello', [], ['build', 'lint', 'test']],
    ]);
  });

  it('builds, tests and lints; a second run is fully cached and restores dist/bin; a path dependency change rebuilds its users only', async () => {
    const repo = tempRepo(platformTree());
    repo.lock();
    repo.lock('tools/hello');
    repo.commit('crates');

    const first = await repo.run(['build', 'test', 'lint']);
    expect(first.code, first.output).toBe(0);
    expect(Object.values(first.tasks).every((c) => c === 'miss')).toBe(true);
    expect(Object.keys(first.tasks).sort()).toEqual(['cli:build', 'cli:lint', 'cli:test', 'core-lib:build', 'core-lib:lint', 'core-lib:test', 'hello:build', 'hello:lint', 'hello:test']);
    expect(execFileSync(path.join(repo.root, 'crates/cli/dist/bin/cli'), { encoding: 'utf8' })).toBe('hello, cli\n');

    rmSync(path.join(repo.root, 'crates/cli/dist'), { recursive: true });
    const second = await repo.run(['build', 'test', 'lint']);
    expect(second.code, second.output).toBe(0);
    expect(Object.values(second.tasks).every((c) => c === 'local'), JSON.stringify(second.tasks)).toBe(true);
    expect(execFileSync(path.join(repo.root, 'crates/cli/dist/bin/cli'), { encoding: 'utf8' })).toBe('hello, cli\n');

    repo.write({ 'crates/core/src/lib.rs': repo.read('crates/core/src/lib.rs').replace('format!("hello, {name}")', 'format!("hi, {name}")') });
    const third = await repo.run(['build', 'test', '--continue']);
    expect(third.code).toBe(1); // core-lib's own test still expects "hello, "
    expect(third.tasks).toMatchObject({ 'cli:build': 'miss', 'core-lib:build': 'miss', 'core-lib:test': 'failed', 'hello:build': 'local', 'hello:test': 'local' });
    expect(execFileSync(path.join(repo.root, 'crates/cli/dist/bin/cli'), { encoding: 'utf8' })).toBe('hi, cli\n');

    // A failed task is never cached: the same inputs run (and fail) again.
    const fourth = await repo.run(['core-lib:test']);
    expect(fourth.code).toBe(1);
    expect(fourth.tasks['core-lib:test']).toBe('failed');
    expect(fourth.output).toMatch(/left: "hi, ant"/);
  });

  it('passes features from ant.config.json to cargo (and hashes them through the command)', async () => {
    const repo = tempRepo({
      ...platformTree(),
      'ant.config.json': { plugins: [path.resolve(__dirname, '..')], services: { hello: { language: 'rust', path: 'tools/hello', features: ['loud'] } } },
    });
    repo.lock();
    repo.lock('tools/hello');
    repo.commit('crates');
    const run = await repo.run(['hello:build']);
    expect(run.code, run.output).toBe(0);
    expect(execFileSync(path.join(repo.root, 'tools/hello/dist/bin/hello'), { encoding: 'utf8' })).toBe('HELLO\n');

    repo.write({ 'ant.config.json': { plugins: [path.resolve(__dirname, '..')], services: { hello: { language: 'rust', path: 'tools/hello', features: 'loud' } } } });
    const bad = await repo.ant(['run', 'hello:build']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('services.hello.features: expected an array of cargo feature names, found "loud"');
  });

  it('fails build with cargo\'s own message when Cargo.lock is missing (no silent lock rewrite)', async () => {
    const repo = tempRepo(platformTree());
    repo.commit('no lock');
    const run = await repo.run(['hello:build']);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/--locked/);
    expect(repo.exists('tools/hello/Cargo.lock')).toBe(false);
  });

  it.skipIf(!HAS_CLIPPY)('lint fails on a warning (clippy -D warnings) and names it', async () => {
    const repo = tempRepo(platformTree());
    repo.write({ 'tools/hello/src/main.rs': 'fn main() {\n    let unused = 1;\n    println!("hello");\n}\n' });
    repo.lock('tools/hello');
    repo.commit('warning');
    const run = await repo.run(['hello:lint']);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/unused variable: `unused`/);
  });

  it('narrows a workspace Cargo.lock change to the members whose slice changed', async () => {
    const repo = tempRepo(platformTree());
    repo.lock();
    repo.lock('tools/hello');
    repo.commit('crates');
    // A registry dependency appears in cli's closure only (ant affected reads the text; cargo never runs).
    const lock = repo.read('Cargo.lock').replace('name = "cli"\nversion = "0.1.0"\ndependencies = [\n "core-lib",\n]', 'name = "cli"\nversion = "0.1.0"\ndependencies = [\n "core-lib",\n "itoa",\n]');
    repo.write({ 'Cargo.lock': `${lock}\n[[package]]\nname = "itoa"\nversion = "1.0.15"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "4a5f13b858c8d314ee3e8f639011f7ccefe71f97f96e50151fb991f267928e2c"\n` });
    const lockChange = await repo.ant(['affected', '--base', 'HEAD', '--json']);
    expect(lockChange.code, lockChange.stderr).toBe(0);
    expect((JSON.parse(lockChange.stdout) as { projects: string[] }).projects).toEqual(['cli']);

    repo.commit('lock');
    repo.write({ 'Cargo.toml': `${repo.read('Cargo.toml')}\n[profile.release]\nopt-level = 2\n` });
    const manifestChange = await repo.ant(['affected', '--base', 'HEAD', '--json']);
    expect((JSON.parse(manifestChange.stdout) as { projects: string[] }).projects.sort()).toEqual(['cli', 'core-lib']);
  });
});
