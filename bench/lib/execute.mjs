// Runs one scenario over several tools: tools alternate inside a repetition and their order rotates
// between repetitions; every timed run is checked, and a tool whose check fails stops being timed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './measure.mjs';
import { summarize } from './stats.mjs';
import { checkResult } from './scenarios.mjs';

const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/**
 * Returns { id, title, reps, expect, tools: { [name]: { status, runs, ms, rssKb, error } } }.
 * `entries` are { tool, repo } for the tools taking part; `meta` is the repo generator's meta.
 */
export async function runScenario(scenario, { entries, meta, reps, workDir, log }) {
  const expect = scenario.expect(meta);
  const timeoutMs = (scenario.heavy ? 60 : 10) * 60_000;
  const state = new Map();
  const ctxOf = (tool, repo, rep) => ({
    tool, repo, meta, rep, summary: join(workDir, `summary-${tool.name}.json`),
    warm: () => warm(tool, repo, join(workDir, `summary-${tool.name}.json`), timeoutMs),
    probe: async (c) => { await measure(c.cmd, c.args, { cwd: repo, env: c.env, timeoutMs }); return null; },
  });

  for (const { tool, repo } of entries) {
    const s = { status: 'ok', runs: [], error: null };
    state.set(tool.name, s);
    // A tool timed in another tool's copy (turbo-bin) finds it prepared: set it up once only.
    if (tool.sharesRepoWith) continue;
    try {
      const err = await scenario.before?.(ctxOf(tool, repo, -1));
      if (err) Object.assign(s, { status: 'failed', error: `untimed warm-up run: ${err}` });
    } catch (e) { Object.assign(s, { status: 'failed', error: `setup: ${e.message}` }); }
    if (s.error) log(`  ${tool.name}: ${s.error}`);
  }

  for (let rep = 0; rep < reps; rep++) {
    const k = rep % entries.length;
    for (const { tool, repo } of [...entries.slice(k), ...entries.slice(0, k)]) {
      const s = state.get(tool.name);
      if (s.status !== 'ok') continue;
      const ctx = ctxOf(tool, repo, rep);
      try {
        scenario.prepare?.(ctx);
        rmSync(ctx.summary, { force: true });
        const c = scenario.command(tool, ctx);
        const r = await measure(c.cmd, c.args, { cwd: repo, env: c.env, timeoutMs });
        if (r.timedOut) throw new Error(`timed out after ${fmt(timeoutMs)}`);
        const got = expect.kind === 'affected' ? tool.parseAffected(r, ctx) : tool.parseRun(r, ctx);
        const wrong = checkResult(expect, got);
        if (wrong) throw new Error(`check failed: ${wrong}`);
        s.runs.push({ ms: r.ms, rssKb: r.rssKb });
        log(`  ${tool.name} rep ${rep + 1}/${reps}: ${fmt(r.ms)}, ${Math.round((r.rssKb ?? 0) / 1024)} MB`);
      } catch (e) {
        Object.assign(s, { status: 'failed', error: e.message });
        log(`  ${tool.name} rep ${rep + 1}/${reps}: FAILED ${e.message.split('\n')[0]}`);
      }
    }
  }

  for (const { tool, repo } of entries) {
    if (tool.sharesRepoWith) continue;
    try { scenario.after?.(ctxOf(tool, repo, reps)); } catch (e) { log(`  ${tool.name}: cleanup failed: ${e.message}`); }
  }
  const tools = {};
  for (const [name, s] of state) {
    tools[name] = {
      status: s.status, error: s.error, runs: s.runs,
      // A failed tool's earlier good runs are kept in `runs` but not summarised: the scenario failed.
      ms: s.status === 'ok' ? summarize(s.runs.map((r) => r.ms)) : null,
      rssKb: s.status === 'ok' ? summarize(s.runs.map((r) => r.rssKb).filter((x) => x !== null)) : null,
    };
  }
  return { id: scenario.id, title: scenario.title, reps, expect, tools };
}

// One untimed build that must succeed (any mix of hits and misses): the state b/c start from.
async function warm(tool, repo, summary, timeoutMs) {
  rmSync(summary, { force: true });
  const c = tool.run(repo, { summary });
  const r = await measure(c.cmd, c.args, { cwd: repo, env: c.env, timeoutMs });
  try { tool.parseRun(r, { summary, repo }); return null; } catch (e) { return e.message; }
}
