/**
 * Concurrency: four `ant run build` processes at once on one cache dir (ANT_CACHE_DIR), first in
 * one working tree, then in four clones. Every run succeeds with the outputs a clean rebuild
 * gives, and afterwards every entry in the shared cache restores byte-for-byte.
 */
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';
import { count, reportFigures } from './figures.js';
import { cacheEntries, outputsOf, referenceBuild, scratchDir, startAnt, stress, verifyCacheEntries, workspaceTree } from './helpers.js';

reportFigures('concurrency');

const PROCESSES = 4;

async function runAll(roots: string[], args: string[], env: Record<string, string>) {
  const runs = roots.map((cwd) => startAnt(['run', 'build', ...args], { cwd, env }).done);
  return Promise.all(runs);
}

describe('four ant processes sharing one cache', () => {
  it('in one working tree and in separate clones: all succeed, outputs correct, every entry restores', async () => {
    const cacheDir = await scratchDir('ant-rel-cache-');
    const env = { ANT_CACHE_DIR: cacheDir };
    const refs = await Promise.all(['v0', 'v1', 'v2'].map((v) => referenceBuild(v)));
    const references = new Map(refs.flatMap((r) => [...r.byHash]));
    const expected = (variant: number) => outputsOf(refs[variant]!.repo.root);

    // One tree: cold cache, then a warm one, then --force (everyone stores the same hashes at once).
    const work = tempRepo(workspaceTree('v0'));
    for (const args of [[], [], ['--force'], ...stress([], [['--force'], [], ['--force']])]) {
      const results = await runAll(Array(PROCESSES).fill(work.root), args, env);
      for (const r of results) expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
      for (const r of results) expect(r.stdout).not.toMatch(/refused/);
      expect(outputsOf(work.root)).toEqual(expected(0));
    }

    // Four clones of v1 (cold for that variant), then of v2 while one tree rebuilds v0 with --force.
    for (const variant of [1, 2]) {
      const clones = Array.from({ length: PROCESSES }, () => tempRepo(workspaceTree(`v${variant}`)));
      const results = await runAll(clones.map((c) => c.root), [], env);
      for (const r of results) expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      for (const clone of clones) expect(outputsOf(clone.root)).toEqual(expected(variant));
    }

    const verdict = await verifyCacheEntries(cacheDir, references);
    count({ entriesChecked: verdict.checked, entriesCorrupt: verdict.corrupt.length });
    expect(verdict.unknown).toEqual([]);
    expect(verdict.corrupt).toEqual([]);
    // All three variants' four tasks are in the cache, and no writer left a temp file behind.
    expect(verdict.checked).toBe(12);
    expect((await cacheEntries(cacheDir)).temps).toEqual([]);
  });
});
