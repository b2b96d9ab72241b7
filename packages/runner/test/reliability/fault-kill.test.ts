/**
 * Fault injection: SIGKILL `ant run build` at random points (any time in the run, or just after a
 * task printed, which is when it packs and stores), over several source variants so many entries
 * accumulate. Afterwards every entry restores to exactly what a clean rebuild produces, or is
 * absent; fresh clones sharing the cache hit without a single refusal; and the killed working tree
 * itself recovers on the next run. ~10 runs by default, 100 with ANT_STRESS=1.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';
import { count, reportFigures, seededRandom } from './figures.js';
import { cacheEntries, outputsOf, referenceBuild, scratchDir, startAnt, stress, verifyCacheEntries, workspaceTree } from './helpers.js';

reportFigures('fault-kill');

const VARIANTS = ['v0', 'v1', 'v2'];

describe('SIGKILL at random points while storing', () => {
  it(`every cache entry restores correctly or is absent (${stress(10, 100)} runs)`, async () => {
    const runs = stress(10, 100);
    const random = seededRandom('fault-kill');
    const cacheDir = await scratchDir('ant-rel-cache-');
    const env = { ANT_CACHE_DIR: cacheDir };
    const work = tempRepo(workspaceTree('v0'));
    const context = `seed ${random.seed} (replay with ANT_RELIABILITY_SEED=${random.seed})`;

    let killed = 0;
    let completed = 0;
    let current = 'v0';
    for (let i = 0; i < runs; i++) {
      current = VARIANTS[random.int(VARIANTS.length)]!;
      const tree = workspaceTree(current);
      work.write({ 'a/src.txt': tree['a/src.txt']!, 'd/src.txt': tree['d/src.txt']! });
      const args = ['run', 'build', `--concurrency=${1 + random.int(4)}`, ...(random.next() < 0.6 ? ['--force'] : [])];
      const { child, done } = startAnt(args, { cwd: work.root, env });
      let fired = false;
      const fire = () => {
        if (fired || child.exitCode !== null || child.signalCode !== null) return;
        fired = true;
        child.kill('SIGKILL');
      };
      if (random.next() < 0.3) {
        // Anywhere in the run, start-up and hashing included.
        setTimeout(fire, random.int(2000));
      } else {
        // Right after the n-th task printed: it is packing and storing now.
        const nth = 1 + random.int(4);
        const delay = random.int(60);
        let seen = 0;
        child.stdout!.on('data', (chunk: Buffer) => {
          seen += (chunk.toString().match(/\| built /g) ?? []).length;
          if (seen >= nth) setTimeout(fire, delay);
        });
      }
      const result = await done;
      if (result.signal === 'SIGKILL') killed++;
      else {
        completed++;
        expect(result.code, `${context}\n${result.stdout}\n${result.stderr}`).toBe(0);
        expect(result.stdout, context).not.toMatch(/refused/);
      }
    }
    // Children of a killed ant may still be finishing their last rename.
    await sleep(300);
    count({ runsKilled: killed, faultsInjected: killed });

    const references = new Map<string, { taskId: string; outputs: Record<string, string> }>();
    const byVariant = new Map<string, Record<string, string>>();
    for (const [i, ref] of (await Promise.all(VARIANTS.map((v) => referenceBuild(v)))).entries()) {
      for (const [hash, value] of ref.byHash) references.set(hash, value);
      byVariant.set(VARIANTS[i]!, outputsOf(ref.repo.root));
    }

    const verdict = await verifyCacheEntries(cacheDir, references);
    count({ entriesChecked: verdict.checked, entriesCorrupt: verdict.corrupt.length });
    expect(verdict.unknown, context).toEqual([]);
    expect(verdict.corrupt, context).toEqual([]);
    expect(verdict.checked, `${context}: ${killed} killed, ${completed} completed`).toBeGreaterThan(0);

    // A fresh clone of each variant, sharing the cache: only hits (or misses where the entry is
    // absent), never a refusal, and outputs equal to the clean rebuild's.
    for (const variant of VARIANTS) {
      const clone = tempRepo(workspaceTree(variant));
      const run = await clone.runSummary(['build'], { env });
      expect(run.code, `${context}\n${run.stdout}`).toBe(0);
      expect(run.stdout, context).not.toMatch(/refused|warning/);
      expect(outputsOf(clone.root), `${context}: ${variant}`).toEqual(byVariant.get(variant));
    }

    // The working tree that was killed over and over recovers on the next plain run.
    // Temp files of a restore killed half-way may stay beside outputs until the next restore.
    const final = await work.runSummary(['build'], { env });
    expect(final.code, `${context}\n${final.stdout}\n${final.stderr}`).toBe(0);
    const withoutTemps = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.includes('.ant-tmp-')));
    expect(withoutTemps(outputsOf(work.root)), context).toEqual(byVariant.get(current));
    // A restore of every task clears them: exactly the clean rebuild's outputs, nothing else.
    rmSync(path.join(work.root, '.ant', 'output-state.json'), { force: true });
    const restored = await work.runSummary(['build'], { env });
    expect(restored.code, restored.stdout).toBe(0);
    expect(restored.summary.tasks.map((t) => t.cache), restored.stdout).toEqual(['local', 'local', 'local', 'local']);
    expect(outputsOf(work.root), context).toEqual(byVariant.get(current));
    const { temps } = await cacheEntries(cacheDir);
    // Stray temp files are allowed after SIGKILL (DESIGN §4), entries are what matter; report them.
    if (temps.length) console.log(`[reliability] fault-kill: ${temps.length} stray temp file(s) after ${killed} kills`);
  });
});
