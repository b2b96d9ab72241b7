#!/usr/bin/env node
// npm run bench: ant vs Turborepo vs Nx on the same generated repos, every run checked.
// Writes bench/RESULTS.md and bench/results.json (after every scenario, so a partial run leaves
// partial results). See bench/README.md and `node bench/run.mjs --help`.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { toolSkippedAt, parseOptions, repsFor } from './lib/options.mjs';
import { ensureDependencies, ensureGnuTime } from './lib/setup.mjs';
import { machineInfo } from './lib/machine.mjs';
import { TOOLS, BENCH } from './lib/tools.mjs';
import { generate, link } from './lib/repos.mjs';
import { SCENARIOS } from './lib/scenarios.mjs';
import { runScenario } from './lib/execute.mjs';
import { measureFloor } from './lib/floor.mjs';
import { writeReports, fmtMs } from './lib/report.mjs';

const log = (s) => console.log(s);
const argv = process.argv.slice(2);
let o;
try { o = parseOptions(argv); } catch (e) { (e.exitCode === 0 ? console.log : console.error)(e.message); process.exit(e.exitCode ?? 2); }
for (const t of o.tools) if (!TOOLS[t]) { console.error(`unknown tool ${t}; known: ${Object.keys(TOOLS).join(', ')}`); process.exit(2); }
for (const s of o.scenarios) if (!SCENARIOS.some((x) => x.id === s)) { console.error(`unknown scenario ${s}`); process.exit(2); }

ensureGnuTime();
ensureDependencies(BENCH, log);
const WORK = join(BENCH, '.work');
const OUT = o.out ?? BENCH;
mkdirSync(WORK, { recursive: true });
mkdirSync(OUT, { recursive: true });

const started = Date.now();
const res = { version: 1, argv, options: o, startedAt: new Date(started).toISOString(), finished: false, machine: machineInfo(), tools: {}, sizes: [], noop: [] };

// Which tools can run at all; an unavailable one becomes a "not available" cell, not an abort.
const tools = [];
for (const name of o.tools) {
  const tool = TOOLS[name];
  const reason = tool.available();
  res.tools[name] = reason ? { available: false, reason } : { available: true, version: tool.version() };
  if (reason) log(`${name}: not available (${reason})`);
  else if (tool.sharesRepoWith && !o.tools.includes(tool.sharesRepoWith)) log(`${name}: skipped, needs --tools ${tool.sharesRepoWith}`);
  else tools.push(tool);
}
const unavailable = o.tools.filter((n) => !res.tools[n].available);
const save = () => { res.durationMs = Date.now() - started; writeReports(OUT, res); };

// One repo copy per tool (turbo-bin times the turbo copy), with the tool linked into node_modules.
function makeRepos(dir, packages, variant, tools) {
  const repos = {};
  let meta;
  for (const tool of tools.filter((t) => !t.sharesRepoWith)) {
    const repo = join(dir, tool.name);
    meta = generate(repo, packages, variant);
    link(repo, tool.links);
    repos[tool.name] = repo;
  }
  for (const tool of tools.filter((t) => t.sharesRepoWith)) repos[tool.name] = repos[tool.sharesRepoWith];
  return { repos, meta };
}

async function runOne(scenario, { repos, meta, reps, label, tools }) {
  const entries = tools
    .filter((t) => !t.sharesRepoWith || scenario.alsoTools?.includes(t.name))
    .map((tool) => ({ tool, repo: repos[tool.name] }));
  log(`[${label}] ${scenario.title}, ${reps} rep(s): ${entries.map((e) => e.tool.name).join(', ')}`);
  const loadAvg1 = loadavg()[0];
  const r = { ...(await runScenario(scenario, { entries, meta, reps, workDir: WORK, log })), loadAvg1 };
  for (const n of unavailable) if (!TOOLS[n]?.sharesRepoWith || scenario.alsoTools?.includes(n)) r.tools[n] = { status: 'unavailable', error: res.tools[n].reason };
  return r;
}

const std = SCENARIOS.filter((s) => s.variant === 'std');
for (const packages of o.sizes) {
  const plan = std.map((s) => ({ s, ...repsFor(o, s, packages) }));
  if (!plan.some((p) => p.reps)) continue;
  const toolsSkipped = tools.filter((t) => toolSkippedAt(o, t.name, packages)).map((t) => ({ tool: t.name, why: toolSkippedAt(o, t.name, packages) }));
  const sizeTools = tools.filter((t) => !toolSkippedAt(o, t.name, packages));
  log(`[${packages}] generating ${sizeTools.filter((t) => !t.sharesRepoWith).length} repo copies`);
  const { repos, meta } = makeRepos(join(WORK, String(packages)), packages, 'std', sizeTools);
  const size = { packages, meta, floor: null, scenarios: [], skipped: [], toolsSkipped };
  res.sizes.push(size);
  size.floor = await measureFloor(Object.values(repos)[0], Math.max(o.reps, 3));
  save();
  for (const { s, reps, why } of plan) {
    if (!reps) { if (why !== 'not selected') size.skipped.push({ id: s.id, title: s.title, why }); continue; }
    size.scenarios.push(await runOne(s, { repos, meta, reps, label: packages, tools: sizeTools }));
    save();
  }
  cleanup(repos);
}

const e = SCENARIOS.find((s) => s.id === 'e');
if (o.scenarios.includes('e')) {
  for (const tasks of o.noopTasks) {
    log(`[e ${tasks}] generating no-op repo copies`);
    const { repos, meta } = makeRepos(join(WORK, `noop-${tasks}`), tasks, 'noop', tools);
    const entry = { tasks, meta, scenarios: [] };
    res.noop.push(entry);
    entry.scenarios.push(await runOne(e, { repos, meta, reps: o.heavyReps, label: `e ${tasks}`, tools }));
    save();
    cleanup(repos);
  }
}

res.finished = true;
save();
log(`done in ${fmtMs(Date.now() - started)}: ${join(OUT, 'RESULTS.md')}`);

// Nx keeps its task cache in ~/.nx/<hash of the workspace path>: `nx reset` before deleting the copy.
function cleanup(repos) {
  if (o.keep) return;
  for (const [name, repo] of Object.entries(repos)) {
    if (!existsSync(repo) || TOOLS[name].sharesRepoWith) continue;
    if (name === 'nx') try { TOOLS.nx.resetCache(repo); } catch { /* best effort */ }
    rmSync(repo, { recursive: true, force: true });
  }
}
