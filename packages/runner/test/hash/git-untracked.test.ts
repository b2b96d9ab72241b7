import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGitRepo } from '../../src/hash/git-repo.js';
import { listUntrackedFiles, type UntrackedQuery } from '../../src/hash/git-untracked.js';
import { ageFiles, tempRepo, type TempRepo } from './temp-repo.js';

const TREE = {
  '.gitignore': 'dist/\n*.log\n',
  'src/index.ts': 'i\n',
  'src/only-ignored/keep.log': 'ignored\n',
  'src/empty/.gitkeep-not': '',
};

// The snapshot is only kept when no watched directory changed in the last 2 s: age the tree first.
async function setup(): Promise<{ repo: TempRepo; list: (trackedKey?: string) => ReturnType<typeof listUntrackedFiles> }> {
  const repo = tempRepo(TREE);
  fs.rmSync(repo.abs('src/empty/.gitkeep-not')); // an empty directory git knows nothing about
  repo.write('dist/out.js', 'built\n');
  fs.mkdirSync(repo.abs('.ant')); // exists before the first snapshot, as collectWorkspaceFiles ensures
  await ageFiles();
  const query = (trackedKey = 'k'): UntrackedQuery => ({
    repo: findGitRepo(repo.dir)!,
    root: repo.dir,
    trackedKey,
    excludeDirs: ['.ant'],
    cacheFile: path.join(repo.dir, '.ant/untracked'),
    startMs: Date.now(),
  });
  return { repo, list: (key) => listUntrackedFiles(query(key)) };
}

describe('listUntrackedFiles', () => {
  it('answers like git ls-files --others, then from the snapshot while nothing changes', async () => {
    const { repo, list } = await setup();
    repo.write('src/new.ts', 'n\n');
    await ageFiles();
    const first = await list();
    expect(first).toEqual({ paths: ['src/new.ts'], fromCache: false });
    expect(await list()).toEqual({ paths: ['src/new.ts'], fromCache: true });
    expect(repo.git(['ls-files', '--others', '--exclude-standard', '--', 'src'])).toBe('src/new.ts');
  });

  it.each([
    ['a file added to a known directory', (r: TempRepo) => r.write('src/added.ts', 'x\n'), ['src/added.ts']],
    ['a file added to an empty directory', (r: TempRepo) => r.write('src/empty/a.ts', 'x\n'), ['src/empty/a.ts']],
    ['a file added beside ignored files only', (r: TempRepo) => r.write('src/only-ignored/b.ts', 'x\n'), ['src/only-ignored/b.ts']],
    ['a .gitignore edited in place', (r: TempRepo) => fs.appendFileSync(r.abs('.gitignore'), '!keep.log\n'), ['src/only-ignored/keep.log']],
    ['a nested .gitignore added', (r: TempRepo) => r.write('src/.gitignore', 'index.ts\n'), ['src/.gitignore']],
    ['info/exclude edited', (r: TempRepo) => fs.writeFileSync(r.abs('.git/info/exclude'), '*.ts\n'), []],
  ])('notices %s', async (_name, change, expected) => {
    const { repo, list } = await setup();
    await list();
    expect((await list()).fromCache).toBe(true);
    change(repo);
    const after = await list();
    expect(after).toEqual({ paths: expected, fromCache: false });
  });

  it('is not invalidated by builds writing into ignored directories', async () => {
    const { repo, list } = await setup();
    await list();
    repo.write('dist/more.js', 'x\n');
    repo.write('dist/deeper/x.js', 'x\n');
    expect(await list()).toEqual({ paths: [], fromCache: true });
  });

  it('re-lists when the tracked set changes (its key differs)', async () => {
    const { repo, list } = await setup();
    repo.write('src/new.ts', 'n\n');
    await ageFiles();
    await list('before');
    repo.git(['add', 'src/new.ts']);
    expect(await list('after')).toEqual({ paths: [], fromCache: false });
  });

  it('does not keep a snapshot of a directory that changed moments ago', async () => {
    const { repo, list } = await setup();
    repo.write('src/fresh.ts', 'f\n'); // src's mtime is now inside the racy window
    expect((await list()).fromCache).toBe(false);
    expect(await list()).toEqual({ paths: ['src/fresh.ts'], fromCache: false });
  });
});
