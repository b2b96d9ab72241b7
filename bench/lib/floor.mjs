// The floor no runner can go under on this repo: a Node start, and reading every tracked file once.
import { measure, measureShell } from './measure.mjs';
import { summarize } from './stats.mjs';
import { toolEnv } from './tools.mjs';

const FLOORS = [
  { id: 'node', title: '`node -e 0`', run: (cwd) => measure(process.execPath, ['-e', '0'], { cwd, env: toolEnv() }) },
  { id: 'read', title: 'read every tracked file (`git ls-files -z | xargs -0 cat >/dev/null`)', run: (cwd) => measureShell('git ls-files -z | xargs -0 cat >/dev/null', { cwd, env: toolEnv() }) },
];

/** Measures each floor `reps` times in `repo` after one untimed run (warm page cache). */
export async function measureFloor(repo, reps) {
  const out = {};
  for (const f of FLOORS) {
    await f.run(repo);
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await f.run(repo));
    const bad = runs.find((r) => r.code !== 0);
    out[f.id] = bad
      ? { title: f.title, status: 'failed', error: `exit ${bad.code}: ${bad.stderr.slice(0, 200)}` }
      : { title: f.title, status: 'ok', ms: summarize(runs.map((r) => r.ms)), rssKb: summarize(runs.map((r) => r.rssKb)) };
  }
  return out;
}
