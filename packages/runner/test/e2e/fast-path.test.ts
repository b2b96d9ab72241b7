/**
 * The fast path of a fully cached `ant run` (src/fast-path/): an unchanged repo replays the run from
 * its receipt with the same output and summary as the full path, and every kind of change that
 * could change a task hash sends the run down the full path. ANT_DEBUG=fast-path makes the choice
 * visible on stderr.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo, twoProjectConfig, type TempRepo } from '../helpers/temp-repo.js';

const DEBUG = { ANT_DEBUG: 'fast-path' };

// One instant for every age() call: files aged twice keep one mtime (a plugin's code stamp too).
const PAST = new Date(Date.now() - 60_000);

/** Sets every file's and directory's mtime a minute back, out of the racy window. */
function age(dir: string): void {
  const past = PAST;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) age(full);
    utimesSync(full, past, past);
  }
  utimesSync(dir, past, past);
}

function summaryOf(repo: TempRepo) {
  const summary = JSON.parse(readFileSync(path.join(repo.root, '.ant/summary.json'), 'utf8')) as { tasks: { id: string; cache: string; hash: string; status: string }[]; exitCode: number };
  return { exitCode: summary.exitCode, tasks: summary.tasks.map((t) => ({ id: t.id, cache: t.cache, hash: t.hash, status: t.status })) };
}

async function run(repo: TempRepo, env: Record<string, string | undefined> = {}) {
  const result = await repo.ant(['run', 'build', '--summarize=.ant/summary.json'], { env: { ...DEBUG, ...env } });
  expect(result.code, result.stderr).toBe(0);
  const replayed = result.stderr.includes('ant fast path: replaying');
  const reason = /ant fast path: (.*) \[\d+ ms since start\]/.exec(result.stderr)?.[1];
  return { ...result, replayed, reason, summary: summaryOf(repo) };
}

function setup(): TempRepo {
  const repo = tempRepo(
    { '.gitignore': '.ant/\ndist/\n', 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n', 'b/extra.txt': 'E\n', 'b/notes.txt': 'untracked\n' },
    { commit: false },
  );
  repo.git('add', 'ant.config.json', 'a/src.txt', 'b/src.txt', 'b/extra.txt', '.gitignore');
  repo.git('commit', '-q', '-m', 'initial');
  age(repo.root);
  return repo;
}

const sansTime = (stdout: string) => stdout.replace(/Time:.*\n/, '');

describe('fast path of a fully cached run', () => {
  it('replays an unchanged repo from its receipt, printing and summarising exactly what the full path does', async () => {
    const repo = setup();
    const first = await run(repo);
    expect(first.replayed).toBe(false);
    expect(first.summary.tasks.map((t) => t.cache)).toEqual(['miss', 'miss']);
    const fast = await run(repo);
    expect(fast.replayed).toBe(true);
    const full = await run(repo, { ANT_NO_FAST_PATH: '1' });
    expect(full.replayed).toBe(false);
    expect(full.summary.tasks.map((t) => t.cache)).toEqual(['local', 'local']);

    expect(fast.summary).toEqual(full.summary);
    expect(sansTime(fast.stdout)).toBe(sansTime(full.stdout));
    expect(fast.stdout).toContain('a:build | built a');
    expect(repo.read('b/dist/out.txt')).toBe('A\nB\n');
  });

  const changes: [string, (repo: TempRepo) => void, string, Record<string, string>][] = [
    ['a tracked file edited', (r) => r.write({ 'b/src.txt': 'B2\n' }), 'b/src.txt changed', { 'a:build': 'local', 'b:build': 'miss' }],
    [
      'a tracked file rewritten with the same size and its mtime put back',
      (r) => {
        const file = path.join(r.root, 'b/src.txt');
        const { atime, mtime } = statSync(file);
        r.write({ 'b/src.txt': 'X\n' });
        utimesSync(file, atime, mtime); // only the ctime still tells
      },
      'b/src.txt changed',
      { 'a:build': 'local', 'b:build': 'miss' },
    ],
    ['a tracked file deleted', (r) => rmSync(path.join(r.root, 'b/extra.txt')), 'b/extra.txt changed', { 'a:build': 'local', 'b:build': 'miss' }],
    ['an untracked file edited', (r) => r.write({ 'b/notes.txt': 'edited\n' }), 'b/notes.txt changed', { 'a:build': 'local', 'b:build': 'miss' }],
    ['a new untracked file', (r) => r.write({ 'a/new.txt': 'new\n' }), 'a/new.txt is new', { 'a:build': 'miss', 'b:build': 'miss' }],
    ['a change staged', (r) => { r.write({ 'a/src.txt': 'A2\n' }); r.git('add', 'a/src.txt'); }, 'the git index changed', { 'a:build': 'miss', 'b:build': 'miss' }],
    ['the config edited', (r) => r.write({ 'ant.config.json': twoProjectConfig({ globalEnv: ['GREETING'] }) }), 'the config changed', { 'a:build': 'miss', 'b:build': 'miss' }],
    ['an output removed', (r) => rmSync(path.join(r.root, 'a/dist'), { recursive: true }), 'a:build: outputs or cache entry not as the receipt left them', { 'a:build': 'local', 'b:build': 'local' }],
    ['the cache emptied', (r) => rmSync(path.join(r.root, '.ant/cache'), { recursive: true }), 'a:build: outputs or cache entry not as the receipt left them', { 'a:build': 'miss', 'b:build': 'miss' }],
  ];
  for (const [what, change, reason, expected] of changes) {
    it(`takes the full path when ${what}`, async () => {
      const repo = setup();
      await run(repo);
      expect((await run(repo)).replayed).toBe(true);
      change(repo);
      const after = await run(repo);
      expect(after.replayed).toBe(false);
      expect(after.reason).toBe(reason);
      expect(Object.fromEntries(after.summary.tasks.map((t) => [t.id, t.cache]))).toEqual(expected);
    });
  }

  it('takes the full path when the environment or the command line differs', async () => {
    const repo = setup();
    await run(repo);
    expect((await run(repo, { SOME_VAR: 'x' })).reason).toBe('the environment changed');
    expect((await run(repo, { SOME_VAR: 'x' })).replayed).toBe(true);
    const other = await repo.ant(['run', 'build', '--summarize=.ant/summary.json', '--output-logs=none'], { env: DEBUG });
    expect(other.stderr).toContain('ant fast path: no receipt for this command');
  });

  it('keeps no receipt for a file changed within the racy window, a failed run, or an uncacheable task', async () => {
    const repo = setup();
    repo.write({ 'a/src.txt': 'fresh\n' }); // mtime now: its stat cannot prove a later edit
    await run(repo);
    expect((await run(repo)).reason).toBe('no receipt for this command');

    const failing = tempRepo({
      'ant.config.json': { services: { a: { language: 'sh', path: 'a', tasks: { build: { command: 'test -f ok', outputs: [] }, install: { command: 'true', cache: false } } } } },
      'a/src.txt': 'x',
      '.gitignore': '.ant/\n',
    });
    age(failing.root);
    expect((await failing.ant(['run', 'build'], { env: DEBUG })).code).toBe(1);
    expect((await failing.ant(['run', 'build'], { env: DEBUG })).stderr).toContain('no receipt for this command');
    await failing.ant(['run', 'install'], { env: DEBUG });
    expect((await failing.ant(['run', 'install'], { env: DEBUG })).stderr).toContain('no receipt for this command');
  });
});

describe('receipts kept', () => {
  it('only the 64 most recently written, so commands with varying arguments do not pile them up', async () => {
    const repo = setup();
    const dir = path.join(repo.root, '.ant/receipts');
    mkdirSync(dir, { recursive: true });
    const old = new Date(Date.now() - 3_600_000);
    for (let i = 0; i < 70; i++) {
      writeFileSync(path.join(dir, `old-${i}.json`), '{}');
      utimesSync(path.join(dir, `old-${i}.json`), old, old);
    }
    await run(repo);
    const left = readdirSync(dir);
    expect(left).toHaveLength(64);
    expect((await run(repo)).replayed).toBe(true);
  });
});

describe('fast path of ant affected', () => {
  it('answers from its receipt exactly as the full path does; a file no project owns goes to the full path', async () => {
    const repo = setup();
    repo.write({ 'README.md': 'root\n' });
    repo.git('add', 'README.md');
    repo.git('commit', '-q', '-m', 'readme');
    repo.write({ 'a/src.txt': 'A2\n' });
    repo.git('commit', '-q', '-am', 'change a');
    age(repo.root);

    const args = ['affected', '--base', 'HEAD~1', '--json'];
    const first = await repo.ant(args, { env: DEBUG });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('no receipt for this command');
    const fast = await repo.ant(args, { env: DEBUG });
    expect(fast.stderr).toContain('ant fast path: answering from the receipt (2 projects)');
    const full = await repo.ant(args, { env: { ANT_NO_FAST_PATH: '1' } });
    expect(fast.stdout).toBe(full.stdout);
    // The untracked b/notes.txt is a change of the working tree too.
    expect(JSON.parse(fast.stdout)).toMatchObject({ changedFiles: ['a/src.txt', 'b/notes.txt'], projects: ['a', 'b'], reasons: { a: { kind: 'changed' }, b: { kind: 'changed' } } });

    // Same work tree, a base further back: README.md changed too, and only plugins can place it.
    const further = ['affected', '--base', 'HEAD~2', '--json'];
    await repo.ant(further, { env: DEBUG });
    const unowned = await repo.ant(further, { env: DEBUG });
    expect(unowned.code).toBe(0);
    expect(unowned.stderr).toContain('ant fast path: README.md belongs to no project: the plugins decide');
    expect(JSON.parse(unowned.stdout).changedFiles).toEqual(['README.md', 'a/src.txt', 'b/notes.txt']);
  });
});

describe('fast path of ant affected across commits', () => {
  const toyPlugin = (structure: string) => `
import { readFileSync } from 'node:fs';
import path from 'node:path';
export default {
  name: 'toy-plugin',
  languages: ['toy'],
  projectFiles: ['**/toy.json'],
  ${structure}
  async createProjects(files) {
    return files.map((f) => ({ name: f.split('/').slice(-2)[0], root: f.split('/').slice(0, -1).join('/'), language: 'toy' }));
  },
  async dependencies(project) {
    return JSON.parse(readFileSync(path.join(project.absRoot, 'toy.json'), 'utf8')).deps ?? [];
  },
  async inferTasks() { return { build: { command: 'true' } }; },
};
`;

  function toyRepo(structure: string): TempRepo {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['./tools/toy-plugin.mjs'] },
      'tools/toy-plugin.mjs': toyPlugin(structure),
      'apps/one/toy.json': '{}',
      'apps/one/src.txt': '1\n',
      'apps/two/toy.json': '{"deps":["one"]}',
      'apps/two/src.txt': '2\n',
    });
    return repo;
  }

  const commitEdit = (repo: TempRepo, file: string, text: string) => {
    repo.write({ [file]: text });
    repo.git('commit', '-q', '-am', `edit ${file}`);
    age(repo.root);
  };

  it('keeps the projects and edges while commits touch no file they depend on; a new project file takes the full path', async () => {
    const repo = toyRepo("structureFiles: ['**/toy.json'],");
    commitEdit(repo, 'apps/one/src.txt', '1b\n');
    const args = ['affected', '--base', 'HEAD~1', '--json'];
    expect((await repo.ant(args, { env: DEBUG })).stderr).toContain('no receipt for this command');

    commitEdit(repo, 'apps/two/src.txt', '2b\n');
    const carried = await repo.ant(args, { env: DEBUG });
    expect(carried.stderr).toContain('ant fast path: the git index changed, but no file the projects depend on');
    expect(carried.stderr).toContain('ant fast path: answering from the receipt (2 projects)');
    expect(JSON.parse(carried.stdout)).toMatchObject({ changedFiles: ['apps/two/src.txt'], projects: ['two'] });
    expect(carried.stdout).toBe((await repo.ant(args, { env: { ANT_NO_FAST_PATH: '1' } })).stdout);

    // A new project depending on two: only the plugins can know.
    repo.write({ 'apps/three/toy.json': '{"deps":["two"]}' });
    const grown = await repo.ant(args, { env: DEBUG });
    expect(grown.stderr).toContain('apps/three/toy.json may have changed');
    expect(JSON.parse(grown.stdout).projects).toEqual(['three', 'two']);
  });

  it('takes the full path after any tree change when a plugin does not declare its structure files', async () => {
    const repo = toyRepo('');
    commitEdit(repo, 'apps/one/src.txt', '1b\n');
    const args = ['affected', '--base', 'HEAD~1', '--json'];
    await repo.ant(args, { env: DEBUG });
    commitEdit(repo, 'apps/two/src.txt', '2b\n');
    const after = await repo.ant(args, { env: DEBUG });
    expect(after.stderr).toContain('a plugin does not declare the files its projects depend on (structureFiles)');
    expect(JSON.parse(after.stdout).projects).toEqual(['two']);
  });
});

describe('the fast path compiled from a V8 code cache (bin/code-cache.js)', () => {
  it('keeps a partial cache after a full-path run, a full one after a replay, and survives a corrupt one', async () => {
    const repo = setup();
    const cacheHome = path.join(repo.root, '.ant', 'xdg-cache');
    const v8Dir = path.join(cacheHome, 'ant', 'v8');
    const env = { XDG_CACHE_HOME: cacheHome };
    const files = () => readdirSync(v8Dir).sort();

    await run(repo, env); // the full path: it gave up early, so only what it compiled is kept
    expect(files()).toEqual([expect.stringMatching(/^fast-path\.cjs-.*-v\d+\.\d+\.\d+-\w+\.v8\.partial$/)]);
    const replay = await run(repo, env);
    expect(replay.replayed).toBe(true);
    const [full] = files();
    expect(files()).toEqual([full]);
    expect(full).toMatch(/\.v8$/);
    const fullSize = statSync(path.join(v8Dir, full)).size;
    expect(fullSize).toBeGreaterThan(10_000);

    // V8 refuses bytes that are not its own: the command still works, and the cache is written again.
    writeFileSync(path.join(v8Dir, full), Buffer.alloc(fullSize, 7));
    const afterCorruption = await run(repo, env);
    expect(afterCorruption.replayed).toBe(true);
    expect(sansTime(afterCorruption.stdout)).toBe(sansTime(replay.stdout));
    expect(afterCorruption.summary).toEqual(replay.summary);
    expect(readFileSync(path.join(v8Dir, full)).equals(Buffer.alloc(fullSize, 7))).toBe(false);
    expect((await run(repo, env)).replayed).toBe(true);
  });
});
