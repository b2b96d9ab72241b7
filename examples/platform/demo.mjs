#!/usr/bin/env node
/**
 * The ant demo (`npm run demo` at the repo root): builds, lints, tests and packages the reference
 * platform twice with an empty local cache, and shows that the second run replays everything from
 * the cache.
 *
 *   node examples/platform/demo.mjs [--dir DIR] [--output-logs full|new-only|errors-only|hash-only|none]
 *
 * - `--dir` (or ANT_DEMO_DIR): the platform workspace to run on (default: this file's directory);
 *   the tests point it at a fresh clone in a temp dir.
 * - The cache is the platform's own, `<dir>/.ant/cache` (ANT_CACHE_DIR is set to it, so a cache
 *   dir you set for your own work is never touched); `ant cache clean` empties it first. It stays
 *   filled afterwards, so `ant run …` in the platform is a cache hit.
 * - Both runs' summaries (`ant run --summarize`) are kept in `<dir>/.ant/demo/run-{1,2}.json`.
 *
 * Exit codes: 0 when run 2 was fully cached; 1 when a run failed or run 2 re-ran a cacheable task;
 * 2 when a toolchain is missing or ant is not built.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const ANT_BIN = path.join(REPO, 'packages/runner/bin/ant.js');
const TASKS = ['build', 'lint', 'test', 'docker'];

const args = parseArgs(process.argv.slice(2));
const dir = path.resolve(args.dir ?? process.env.ANT_DEMO_DIR ?? HERE);
const say = (line = '') => process.stdout.write(`${line}\n`);
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[22m` : s);

preflight();
await prepareNodeModules();

const cacheDir = path.join(dir, '.ant', 'cache');
const antEnv = { ...process.env, ANT_CACHE_DIR: cacheDir };
const summaryDir = path.join(dir, '.ant', 'demo');
mkdirSync(summaryDir, { recursive: true });
let exitCode = 0;
try {
  say(bold('\n▶ ant cache clean  (the platform\'s own cache, .ant/cache)'));
  const cleaned = await run(process.execPath, [ANT_BIN, 'cache', 'clean'], { cwd: dir, env: antEnv });
  if (cleaned !== 0) fail(`ant cache clean failed (exit ${cleaned})`);
  say(bold(`\n▶ run 1: ant run ${TASKS.join(' ')}  (empty cache: every task runs)`));
  const run1 = await antRun(1);
  if (run1.summary.exitCode !== 0) fail(`run 1 failed (exit ${run1.summary.exitCode}); see the task logs above.`);
  say(bold(`\n▶ run 2: ant run ${TASKS.join(' ')}  (nothing changed: every cacheable task is replayed)`));
  const run2 = await antRun(2);
  if (run2.summary.exitCode !== 0) fail(`run 2 failed (exit ${run2.summary.exitCode}); see the task logs above.`);

  say(bold('\n▶ summary'));
  printTable([run1, run2]);
  const uncached = run2.summary.tasks.filter((t) => t.cache === 'off').map((t) => t.id);
  if (uncached.length) say(`  not cacheable by design (they change the environment, not files): ${uncached.join(', ')}`);
  const missed = run2.summary.tasks.filter((t) => t.cache !== 'off' && t.cache !== 'local');
  if (missed.length) {
    say(`\n✗ run 2 was not fully cached: ${missed.map((t) => `${t.id} (${t.cache})`).join(', ')}`);
    say(`  see why with: cd ${path.relative(process.cwd(), dir) || '.'} && node ${path.relative(dir, ANT_BIN)} explain ${missed[0].id}`);
    exitCode = 1;
  } else {
    const hits = run2.summary.tasks.filter((t) => t.cache === 'local').length;
    say(`\n✓ run 2 was fully cached: ${hits} tasks were cache hits, their logs replayed and outputs left as they were`);
    say(`  (the cache, ${path.relative(process.cwd(), cacheDir) || cacheDir}, stays filled for what follows)`);
    say(`  (wall time includes starting node, loading the four plugins and hashing the workspace)`);
    say('\nNext, look around the workspace the demo just built:');
    say(`  export PATH="${path.join(REPO, 'node_modules', '.bin')}:$PATH"; cd ${path.relative(process.cwd(), dir) || '.'}`);
    say('  ant show projects                          the projects ant found (config + discovery) and their tasks');
    say('  ant explain api:build                      what went into a task hash, and what changed since last time');
    say('  ant graph --format html --out graph.html   the task graph as a page');
    say('  ant docker tags                            image tags (content hashes) of every service');
  }
} catch (error) {
  say(`\n✗ ${error.message}`);
  exitCode = 1;
}
process.exit(exitCode);

function parseArgs(argv) {
  const out = { outputLogs: 'hash-only' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--dir') out.dir = value();
    else if (flag === '--output-logs') out.outputLogs = value();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n?/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else {
      process.stderr.write(`demo: unknown argument ${argv[i]} (try --help)\n`);
      process.exit(2);
    }
  }
  return out;
}

function fail(message) {
  throw new Error(message);
}

/** Exits 2 with every missing piece at once, each with the line that installs it. */
function preflight() {
  const problems = [];
  if (!existsSync(path.join(dir, 'ant.config.json'))) problems.push(`${dir} has no ant.config.json (--dir must point at the platform workspace)`);
  if (!existsSync(path.join(REPO, 'packages/runner/dist/cli/main.js'))) problems.push('ant is not built: run `npm run build` at the repo root (`npm run demo` does it for you)');
  const tools = [
    ['go', ['version'], 'Go ≥ 1.22: https://go.dev/dl/'],
    ['uv', ['--version'], 'uv: pip install uv ruff'],
    ['ruff', ['--version'], 'ruff: pip install uv ruff'],
    ['npm', ['--version'], 'npm (comes with Node ≥ 20)'],
  ];
  for (const [tool, versionArgs, install] of tools) {
    const probe = spawnSync(tool, versionArgs, { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) problems.push(`${tool} is not on PATH; install ${install}`);
  }
  // The Python tasks set UV_PYTHON_DOWNLOADS=never, so a local interpreter must satisfy requires-python.
  const python = spawnSync('uv', ['python', 'find', '>=3.11'], { encoding: 'utf8', env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never' } });
  if (!python.error && python.status !== 0) problems.push('no Python ≥ 3.11 that uv can find; install Python 3.11 (services/hello-world requires it)');
  if (problems.length) {
    process.stderr.write(`The demo needs a few things first:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
}

/** `npm ci` for the noggin gateway (TypeScript) when the example's node_modules is missing. */
async function prepareNodeModules() {
  if (existsSync(path.join(dir, 'node_modules', '.bin', 'tsc'))) return;
  say(bold(`▶ npm ci in ${path.relative(process.cwd(), dir) || '.'} (TypeScript for the noggin gateway)`));
  const code = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir });
  if (code !== 0) {
    process.stderr.write(`npm ci failed (exit ${code}) in ${dir}\n`);
    process.exit(2);
  }
}

/** One `ant run`, output streamed, its summary JSON read back, with the wall time around it. */
async function antRun(n) {
  const file = path.join(summaryDir, `run-${n}.json`);
  rmSync(file, { force: true });
  const started = performance.now();
  const code = await run(process.execPath, [ANT_BIN, 'run', ...TASKS, `--summarize=${file}`, `--output-logs=${args.outputLogs}`], {
    cwd: dir,
    env: antEnv,
  });
  const wallMs = performance.now() - started;
  if (!existsSync(file)) fail(`ant exited ${code} without writing a summary to ${file}`);
  return { n, wallMs, summary: JSON.parse(readFileSync(file, 'utf8')) };
}

function run(command, argv, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(signal ? 128 : (code ?? 1)));
  });
}

function printTable(runs) {
  const rows = [['', 'tasks', 'ran', 'cached', 'ant time', 'wall time']];
  for (const { n, wallMs, summary } of runs) {
    const tasks = summary.tasks.length;
    const cached = summary.tasks.filter((t) => t.cache === 'local' || t.cache === 'remote').length;
    rows.push([`run ${n}`, String(tasks), String(tasks - cached), String(cached), seconds(summary.durationMs), seconds(wallMs)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) say(`  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}`);
}

function seconds(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${(ms / 1000).toFixed(2)}s`;
}
