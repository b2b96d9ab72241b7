import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectWorkspaceFiles, hashFiles, type CollectOptions } from '../../src/hash/file-hasher.js';
import { ageFiles, tempRepo, type TempRepo } from './temp-repo.js';

const TREE = {
  '.gitignore': 'dist/\n*.log\n',
  'package.json': '{"name":"root"}\n',
  'packages/a/package.json': '{"name":"a"}\n',
  'packages/a/src/index.ts': 'export const a = 1;\n',
  'packages/a/src/util.ts': 'export const util = 2;\n',
  'packages/b/src/main.ts': 'console.log("b");\n',
  'tools/build.sh': '#!/bin/sh\necho build\n',
};

function asObject(files: Map<string, { hash: string; mode: number }>) {
  return Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe.each(['git', 'node'] as const)('collectWorkspaceFiles in a git repo (statCheck %s)', (statCheck) => {
  const collect = (repo: TempRepo, options: CollectOptions = {}) =>
    collectWorkspaceFiles(repo.dir, { statCheck, cacheDir: path.join(repo.dir, '.ant/cache'), ...options });

  it('gives every clean tracked file the id and mode of `git ls-files -s`, without reading any', async () => {
    const repo = tempRepo(TREE);
    // As if git had rewritten the index later: no entry is racily clean.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(repo.abs('.git/index'), later, later);
    const { files, stats } = await collect(repo);
    expect(asObject(files)).toEqual(asObject(repo.lsFiles()));
    expect(stats).toMatchObject({ source: 'git-index', indexed: 7, read: 0, untracked: 0 });
  });

  it('hashes an edited file like `git hash-object` and keeps a touched one at its id', async () => {
    const repo = tempRepo(TREE);
    const before = repo.lsFiles();
    repo.write('packages/a/src/index.ts', 'export const a = 42;\n');
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(repo.abs('packages/a/src/util.ts'), future, future);
    const { files } = await collect(repo);
    expect(files.get('packages/a/src/index.ts')?.hash).toBe(repo.hashObject('packages/a/src/index.ts'));
    expect(files.get('packages/a/src/index.ts')?.hash).not.toBe(before.get('packages/a/src/index.ts')?.hash);
    expect(files.get('packages/a/src/util.ts')).toEqual(before.get('packages/a/src/util.ts'));
  });

  it('includes untracked files, excludes ignored and deleted ones', async () => {
    const repo = tempRepo(TREE);
    repo.write('packages/a/src/new.ts', 'export {};\n');
    repo.write('packages/c/fresh/deep.ts', 'deep\n'); // in a directory git has never seen
    repo.write('packages/a/dist/out.js', 'built\n');
    repo.write('packages/a/debug.log', 'log\n');
    fs.rmSync(repo.abs('packages/b/src/main.ts'));
    const { files, stats } = await collect(repo);
    expect(files.get('packages/a/src/new.ts')?.hash).toBe(repo.hashObject('packages/a/src/new.ts'));
    expect(files.get('packages/c/fresh/deep.ts')?.hash).toBe(repo.hashObject('packages/c/fresh/deep.ts'));
    expect(files.has('packages/a/dist/out.js')).toBe(false);
    expect(files.has('packages/a/debug.log')).toBe(false);
    expect(files.has('packages/b/src/main.ts')).toBe(false);
    expect(stats.untracked).toBe(2);
    expect(files.size).toBe(8);
  });

  it('reports the executable bit in the mode, not in the hash', async () => {
    const repo = tempRepo(TREE);
    const before = repo.lsFiles().get('tools/build.sh');
    fs.chmodSync(repo.abs('tools/build.sh'), 0o755);
    const { files } = await collect(repo);
    expect(files.get('tools/build.sh')).toEqual({ hash: before?.hash, mode: 0o100755 });
    repo.git(['add', 'tools/build.sh']);
    expect(repo.lsFiles().get('tools/build.sh')?.mode).toBe(0o100755);
  });

  it('hashes symlinks as git does (the target text), tracked or not, without following them', async () => {
    const repo = tempRepo(TREE);
    fs.symlinkSync('src/index.ts', repo.abs('packages/a/link.ts'));
    fs.symlinkSync('../missing/target', repo.abs('packages/a/dangling'));
    repo.git(['add', 'packages/a/link.ts']);
    const { files } = await collect(repo);
    expect(files.get('packages/a/link.ts')).toEqual(repo.lsFiles().get('packages/a/link.ts'));
    expect(files.get('packages/a/link.ts')?.mode).toBe(0o120000);
    expect(files.get('packages/a/dangling')).toEqual({ hash: repo.hashObject('packages/a/dangling'), mode: 0o120000 });
  });

  it('does not trust a racily clean entry (mtime not older than the index)', async () => {
    const repo = tempRepo(TREE);
    const file = 'packages/a/src/index.ts';
    // Same size, new content; then make the index look as new as the file (the racy case git
    // guards against: a change within the timestamp tick of the index write).
    repo.write(file, 'export const a = 9;\n');
    repo.git(['add', file]);
    const st = fs.statSync(repo.abs(file));
    fs.utimesSync(repo.abs('.git/index'), st.atime, new Date(Math.floor(st.mtimeMs / 1000) * 1000));
    const { files, stats } = await collect(repo);
    expect(files.get(file)?.hash).toBe(repo.hashObject(file));
    if (statCheck === 'node') expect(stats.read).toBeGreaterThanOrEqual(1);
  });

  it('gets the right id for edits in the same clock tick as the index write', async () => {
    const repo = tempRepo(TREE);
    const file = 'packages/b/src/main.ts';
    for (let attempt = 0; attempt < 5; attempt++) {
      // Same size each time, so only the timestamps (maybe equal, within one tick) tell them apart.
      repo.write(file, `console.log("${attempt}");\n`);
      repo.git(['add', file]);
      repo.write(file, `console.log("${attempt + 5}");\n`);
      const { files } = await collect(repo);
      expect(files.get(file)?.hash).toBe(repo.hashObject(file));
    }
  });

  it('lists only files under a root that is a subdirectory, relative to it', async () => {
    const repo = tempRepo(TREE);
    repo.write('packages/a/src/untracked.ts', 'u\n');
    repo.write('packages/b/other.ts', 'not under root\n');
    const root = repo.abs('packages/a');
    const { files } = await collectWorkspaceFiles(root, { statCheck, cacheDir: path.join(repo.dir, '.ant/cache') });
    expect([...files.keys()].sort()).toEqual(['package.json', 'src/index.ts', 'src/untracked.ts', 'src/util.ts']);
    expect(files.get('src/index.ts')).toEqual(repo.lsFiles().get('packages/a/src/index.ts'));
    expect(files.get('src/untracked.ts')?.hash).toBe(repo.hashObject('packages/a/src/untracked.ts'));
  });

  it('reads an index v4 (prefix-compressed paths), including long and non-ASCII paths', async () => {
    const long = `packages/${'deep/'.repeat(40)}file.ts`;
    const repo = tempRepo({ ...TREE, [long]: 'long\n', 'packages/é/ü.ts': 'umlaut\n', 'packages/é/z.ts': 'z\n' });
    repo.git(['update-index', '--index-version', '4']);
    expect(fs.readFileSync(repo.abs('.git/index')).readUInt32BE(4)).toBe(4);
    const { files, stats } = await collect(repo);
    expect(stats.source).toBe('git-index');
    expect(asObject(files)).toEqual(asObject(repo.lsFiles()));
  });

  it('falls back to git for a split index and still gets every id right', async () => {
    const repo = tempRepo(TREE);
    repo.git(['update-index', '--split-index']);
    repo.write('packages/a/src/index.ts', 'export const a = 7;\n');
    const { files, stats } = await collect(repo);
    expect(stats.source).toBe('git-cli');
    expect(files.get('packages/a/src/index.ts')?.hash).toBe(repo.hashObject('packages/a/src/index.ts'));
    expect(files.get('packages/a/src/util.ts')).toEqual(repo.lsFiles().get('packages/a/src/util.ts'));
    expect(files.size).toBe(7);
  });

  it('counts a repository with no index yet as all untracked, and applies the ignore option', async () => {
    const repo = tempRepo(TREE, { commit: false });
    const { files, stats } = await collect(repo, { ignore: ['tools', '**/util.ts'] });
    expect(stats.indexed).toBe(0);
    expect([...files.keys()].sort()).toEqual(['.gitignore', 'package.json', 'packages/a/package.json', 'packages/a/src/index.ts', 'packages/b/src/main.ts']);
  });

  it('serves dirty and untracked files from the stat cache on the next run, and re-reads them after a change', async () => {
    const repo = tempRepo(TREE);
    repo.write('packages/a/src/index.ts', 'export const a = 3;\n');
    repo.write('packages/a/src/new.ts', 'export {};\n');
    fs.mkdirSync(repo.abs('.ant/cache'), { recursive: true }); // as after any earlier ant run
    await ageFiles();
    const first = await collect(repo);
    expect(first.stats.read).toBeGreaterThanOrEqual(2);
    const second = await collect(repo);
    expect(second.stats).toMatchObject({ read: 0, statCacheHits: first.stats.read, untrackedFromCache: true });
    expect(asObject(second.files)).toEqual(asObject(first.files));
    repo.write('packages/a/src/new.ts', 'export {}; // changed\n');
    const third = await collect(repo);
    expect(third.files.get('packages/a/src/new.ts')?.hash).toBe(repo.hashObject('packages/a/src/new.ts'));
  });

  it('ignores a corrupt stat cache instead of trusting it', async () => {
    const repo = tempRepo(TREE);
    repo.write('packages/a/src/new.ts', 'export {};\n');
    await ageFiles();
    await collect(repo);
    const cacheDir = repo.abs('.ant/cache');
    const [cacheFile] = fs.readdirSync(cacheDir).filter((f) => f.startsWith('file-hashes-'));
    // Keep the format but point the entry at a wrong id (the checksum no longer matches)…
    const text = fs.readFileSync(path.join(cacheDir, cacheFile), 'utf8');
    const forged = text.replace(repo.hashObject('packages/a/src/new.ts'), 'f'.repeat(40));
    expect(forged).not.toBe(text);
    fs.writeFileSync(path.join(cacheDir, cacheFile), forged);
    const { files, stats } = await collect(repo);
    expect(files.get('packages/a/src/new.ts')?.hash).toBe(repo.hashObject('packages/a/src/new.ts'));
    expect(stats.statCacheHits).toBe(0);
    // …and plain garbage.
    fs.writeFileSync(path.join(cacheDir, cacheFile), '\u0000garbage{');
    const again = await collect(repo);
    expect(again.files.get('packages/a/src/new.ts')?.hash).toBe(repo.hashObject('packages/a/src/new.ts'));
  });
});

describe('collectWorkspaceFiles outside git', () => {
  it('walks every file but .git, node_modules and .ant, hashing like git, then serves them from the stat cache', async () => {
    const repo = tempRepo(
      { ...TREE, 'node_modules/x/index.js': 'x\n', 'packages/a/node_modules/y.js': 'y\n', '.ant/cache/old': 'z\n' },
      { git: false },
    );
    fs.symlinkSync('index.ts', repo.abs('packages/a/src/alias.ts'));
    fs.chmodSync(repo.abs('tools/build.sh'), 0o755);
    await ageFiles();
    const first = await collectWorkspaceFiles(repo.dir);
    expect(first.stats).toMatchObject({ source: 'walk', read: 8, statCacheHits: 0 });
    expect([...first.files.keys()].sort()).toEqual([...Object.keys(TREE), 'packages/a/src/alias.ts'].sort());
    // A git repo made from the same tree gives the same ids.
    repo.git(['init', '-q']);
    for (const [rel, entry] of first.files) expect(entry.hash, rel).toBe(repo.hashObject(rel));
    fs.rmSync(repo.abs('.git'), { recursive: true });
    expect(first.files.get('tools/build.sh')?.mode).toBe(0o100755);
    expect(first.files.get('packages/a/src/alias.ts')?.mode).toBe(0o120000);

    const second = await collectWorkspaceFiles(repo.dir);
    expect(second.stats).toMatchObject({ read: 0, statCacheHits: 8 });
    expect(asObject(second.files)).toEqual(asObject(first.files));
  });

  it('hashes many files in worker threads with the same ids', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`src/f${i}.js`] = `export const v${i} = ${'x'.repeat(i)};\n`;
    const repo = tempRepo(files, { git: false });
    const caches = tempRepo({}, { git: false });
    const sequential = await collectWorkspaceFiles(repo.dir, { parallelThreshold: 1e9, cacheDir: caches.abs('1') });
    const parallel = await collectWorkspaceFiles(repo.dir, { parallelThreshold: 1, cacheDir: caches.abs('2') });
    expect(parallel.stats.read).toBe(300);
    expect(asObject(parallel.files)).toEqual(asObject(sequential.files));
    repo.git(['init', '-q']);
    expect(parallel.files.get('src/f299.js')?.hash).toBe(repo.hashObject('src/f299.js'));
  });
});

describe('hashFiles', () => {
  it('hashes given files like git, skips missing ones and directories, and caches by stat', async () => {
    const repo = tempRepo({ 'dist/out.js': 'out\n', 'dist/map.js': 'map\n' });
    await ageFiles();
    const result = await hashFiles(repo.dir, ['dist/out.js', repo.abs('dist/map.js'), 'dist/missing.js', 'dist']);
    expect([...result.keys()].sort()).toEqual(['dist/map.js', 'dist/out.js']);
    expect(result.get('dist/out.js')).toEqual({ hash: repo.hashObject('dist/out.js'), mode: 0o100644 });
    const again = await hashFiles(repo.dir, ['dist/out.js']);
    expect(again.get('dist/out.js')).toEqual(result.get('dist/out.js'));
    repo.write('dist/out.js', 'changed\n');
    expect((await hashFiles(repo.dir, ['dist/out.js'])).get('dist/out.js')?.hash).toBe(repo.hashObject('dist/out.js'));
  });
});
