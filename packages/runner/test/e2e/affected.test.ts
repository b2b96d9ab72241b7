import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runAnt, tempRepo } from '../helpers/temp-repo.js';

/** leaf → mid → root (mid depends on root, leaf on mid), plus an independent `solo`. */
function chain() {
  const project = (name: string, deps: string[]) => ({
    language: 'sh',
    path: `pkgs/${name}`,
    dependsOn: deps,
    tasks: { build: { command: `echo ${name}`, dependsOn: ['^build'] } },
  });
  return {
    'ant.config.json': {
      globalInputs: ['shared/tsconfig.base.json'],
      services: { root: project('root', []), mid: project('mid', ['root']), leaf: project('leaf', ['mid']), solo: project('solo', []) },
    },
    'pkgs/root/index.txt': 'root',
    'pkgs/mid/index.txt': 'mid',
    'pkgs/leaf/index.txt': 'leaf',
    'pkgs/solo/index.txt': 'solo',
    'shared/tsconfig.base.json': '{}',
    'docs/readme.md': 'docs',
  };
}

async function affected(repo: ReturnType<typeof tempRepo>, args: string[] = []) {
  const r = await repo.ant(['affected', '--json', ...args]);
  if (r.code !== 0) throw new Error(`ant affected failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { base: string; head: string; changedFiles: string[]; projects: string[]; reasons: Record<string, { kind: string }> };
}

function feature(repo: ReturnType<typeof tempRepo>) {
  repo.git('checkout', '-q', '-b', 'feature');
}

describe('--affected', () => {
  it('a change in a leaf affects only the leaf', async () => {
    const repo = tempRepo(chain());
    feature(repo);
    repo.write({ 'pkgs/leaf/index.txt': 'leaf 2' });
    repo.commit();
    const result = await affected(repo);
    expect(result.projects).toEqual(['leaf']);
    expect(result.head).toBe('WORKTREE');
    expect(result.base).toBe(repo.git('rev-parse', 'main').trim());
    expect(result.reasons.leaf).toEqual({ kind: 'changed', files: ['pkgs/leaf/index.txt'] });
  });

  it('a change in a root affects it and every transitive dependent, with reasons', async () => {
    const repo = tempRepo(chain());
    feature(repo);
    repo.write({ 'pkgs/root/index.txt': 'root 2' });
    repo.commit();
    const result = await affected(repo);
    expect(result.projects).toEqual(['leaf', 'mid', 'root']);
    expect(result.reasons.mid).toEqual({ kind: 'dependency', of: 'root' });
    expect(result.reasons.leaf).toEqual({ kind: 'dependency', of: 'mid' });
    const plain = await repo.ant(['affected']);
    expect(plain.stdout).toBe('leaf\nmid\nroot\n');
    expect(plain.stderr).toContain('depends on mid');
  });

  it('a global input affects everything; a file outside every project affects nothing', async () => {
    const repo = tempRepo(chain());
    feature(repo);
    repo.write({ 'docs/readme.md': 'new docs' });
    repo.commit();
    expect((await affected(repo)).projects).toEqual([]);
    repo.write({ 'shared/tsconfig.base.json': '{"strict":true}' });
    const result = await affected(repo);
    expect(result.projects).toEqual(['leaf', 'mid', 'root', 'solo']);
    expect(result.reasons.solo).toEqual({ kind: 'global', file: 'shared/tsconfig.base.json' });
  });

  it('renames count on both sides and deletions count', async () => {
    const repo = tempRepo(chain());
    feature(repo);
    repo.git('mv', 'pkgs/solo/index.txt', 'pkgs/mid/moved.txt');
    repo.commit('move');
    const result = await affected(repo);
    expect(result.changedFiles).toEqual(['pkgs/mid/moved.txt', 'pkgs/solo/index.txt']);
    expect(result.projects).toEqual(['leaf', 'mid', 'solo']);
    repo.git('rm', '-q', 'pkgs/root/index.txt');
    repo.commit('delete');
    expect((await affected(repo)).projects).toContain('root');
  });

  it('untracked and staged files in the working tree count; --head excludes them', async () => {
    const repo = tempRepo(chain());
    feature(repo);
    repo.write({ 'pkgs/solo/new.txt': 'untracked' });
    expect((await affected(repo)).projects).toEqual(['solo']);
    expect((await affected(repo, ['--head', 'HEAD'])).projects).toEqual([]);
  });

  it('ant run --affected runs only affected projects and their dependencies', async () => {
    const repo = tempRepo(chain());
    feature(repo);
    repo.write({ 'pkgs/mid/index.txt': 'mid 2' });
    repo.commit();
    const { summary } = await repo.runSummary(['build', '--affected']);
    expect(summary.tasks.map((t) => t.id).sort()).toEqual(['leaf:build', 'mid:build', 'root:build']);
  });

  it('a missing base is explained with a hint', async () => {
    const repo = tempRepo(chain());
    const r = await repo.ant(['affected', '--base', 'origin/nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('base "origin/nope" is not a known revision');
    expect(r.stderr).toContain('hint:');
    repo.git('branch', '-m', 'main', 'trunk');
    const noDefault = await repo.ant(['affected']);
    expect(noDefault.code).toBe(2);
    expect(noDefault.stderr).toContain('neither origin/main nor main exists');
    expect(noDefault.stderr).toContain('pass --base');
  });

  it('a shallow clone whose history misses the base says so instead of running everything', async () => {
    const repo = tempRepo(chain());
    for (let i = 0; i < 3; i++) {
      repo.write({ 'pkgs/solo/index.txt': `solo ${i}` });
      repo.commit(`c${i}`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'ant-shallow-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.root}`, dir]);
    const r = await runAnt(['affected', '--base', 'HEAD~2'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shallow clone');
  });
});
