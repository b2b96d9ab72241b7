import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GitIndexUnsupportedError, parseGitIndex } from '../../src/hash/git-index.js';
import { collectWorkspaceFiles } from '../../src/hash/file-hasher.js';
import { tempRepo } from './temp-repo.js';

const TREE = { 'a.txt': 'a\n', 'dir/b.txt': 'b\n', 'dir/sub/c.txt': 'c\n', 'z.txt': 'z\n' };

describe('parseGitIndex', () => {
  it.each([2, 3, 4])('reads paths, ids, modes and stat data of a v%i index like git', (version) => {
    const repo = tempRepo(TREE);
    fs.chmodSync(repo.abs('z.txt'), 0o755);
    fs.symlinkSync('a.txt', repo.abs('link'));
    repo.git(['add', '-A']);
    // git writes v3 only when an entry has extended flags, so give one some.
    if (version === 3) repo.git(['update-index', '--skip-worktree', 'a.txt']);
    repo.git(['update-index', '--index-version', String(version)]);
    const index = parseGitIndex(fs.readFileSync(repo.abs('.git/index')));
    expect(index.version).toBe(version);
    const expected = repo.lsFiles();
    expect(index.paths).toEqual([...expected.keys()]);
    index.paths.forEach((p, i) => {
      expect({ hash: index.hashes[i], mode: index.mode(i) }).toEqual(expected.get(p));
      expect(index.stage(i)).toBe(0);
      // git recorded the stat of each file it just added.
      expect(index.matchesStat(i, fs.lstatSync(repo.abs(p))), p).toBe(true);
    });
  });

  it('reads the extended flags: intent-to-add, skip-worktree, assume-unchanged', () => {
    const repo = tempRepo(TREE);
    repo.write('new.txt', 'new\n');
    repo.git(['add', '-N', 'new.txt']);
    repo.git(['update-index', '--skip-worktree', 'dir/b.txt']);
    repo.git(['update-index', '--assume-unchanged', 'a.txt']);
    const index = parseGitIndex(fs.readFileSync(repo.abs('.git/index')));
    expect(index.version).toBe(3);
    const flags = (p: string) => {
      const i = index.paths.indexOf(p);
      return { ita: index.intentToAdd(i), skip: index.skipWorktree(i), assume: index.assumeValid(i) };
    };
    expect(flags('new.txt')).toEqual({ ita: true, skip: false, assume: false });
    expect(flags('dir/b.txt')).toEqual({ ita: false, skip: true, assume: false });
    expect(flags('a.txt')).toEqual({ ita: false, skip: false, assume: true });
    expect(flags('z.txt')).toEqual({ ita: false, skip: false, assume: false });
  });

  it('keeps conflict stages as adjacent entries', () => {
    const repo = tempRepo({ 'f.txt': 'base\n' });
    repo.git(['checkout', '-q', '-b', 'other']);
    repo.write('f.txt', 'other\n');
    repo.git(['commit', '-q', '-am', 'other']);
    repo.git(['checkout', '-q', 'main']);
    repo.write('f.txt', 'main\n');
    repo.git(['commit', '-q', '-am', 'main']);
    expect(() => repo.git(['merge', '-q', 'other'])).toThrow();
    const index = parseGitIndex(fs.readFileSync(repo.abs('.git/index')));
    expect(index.paths).toEqual(['f.txt', 'f.txt', 'f.txt']);
    expect([0, 1, 2].map((i) => index.stage(i))).toEqual([1, 2, 3]);
  });

  it('refuses split indexes and damaged files with GitIndexUnsupportedError', () => {
    const repo = tempRepo(TREE);
    repo.git(['update-index', '--split-index']);
    expect(() => parseGitIndex(fs.readFileSync(repo.abs('.git/index')))).toThrow(/split index/);
    repo.git(['update-index', '--no-split-index']);
    const good = fs.readFileSync(repo.abs('.git/index'));
    expect(parseGitIndex(good).paths).toHaveLength(4);
    expect(() => parseGitIndex(good.subarray(0, 100))).toThrow(GitIndexUnsupportedError);
    expect(() => parseGitIndex(Buffer.from('not an index at all, clearly not'))).toThrow(GitIndexUnsupportedError);
  });
});

describe.each(['git', 'node'] as const)('index flags in collectWorkspaceFiles (statCheck %s)', (statCheck) => {
  it('hashes intent-to-add, skip-worktree and assume-unchanged files from their content', async () => {
    const repo = tempRepo(TREE);
    repo.write('new.txt', 'new\n');
    repo.git(['add', '-N', 'new.txt']);
    repo.git(['update-index', '--skip-worktree', 'dir/b.txt']);
    repo.write('dir/b.txt', 'b changed\n');
    repo.git(['update-index', '--assume-unchanged', 'a.txt']);
    repo.write('a.txt', 'a changed\n');
    const { files } = await collectWorkspaceFiles(repo.dir, { statCheck });
    for (const p of ['new.txt', 'dir/b.txt', 'a.txt']) expect(files.get(p)?.hash, p).toBe(repo.hashObject(p));
    // A skip-worktree file absent from the work tree (sparse checkout) is not an input.
    fs.rmSync(repo.abs('dir/b.txt'));
    expect((await collectWorkspaceFiles(repo.dir, { statCheck })).files.has('dir/b.txt')).toBe(false);
  });

  it('hashes a conflicted file once, from the work tree', async () => {
    const repo = tempRepo({ 'f.txt': 'base\n' });
    repo.git(['checkout', '-q', '-b', 'other']);
    repo.write('f.txt', 'other\n');
    repo.git(['commit', '-q', '-am', 'other']);
    repo.git(['checkout', '-q', 'main']);
    repo.write('f.txt', 'main\n');
    repo.git(['commit', '-q', '-am', 'main']);
    expect(() => repo.git(['merge', '-q', 'other'])).toThrow();
    const { files } = await collectWorkspaceFiles(repo.dir, { statCheck });
    expect(files.get('f.txt')?.hash).toBe(repo.hashObject('f.txt'));
    expect(fs.readFileSync(repo.abs('f.txt'), 'utf8')).toContain('<<<<<<<');
  });
});
