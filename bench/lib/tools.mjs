// How each tool is installed into a repo copy, invoked the way a user would, and how its output
// proves what happened (cache hits, misses, affected projects). Checks never look at timing.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

export const BENCH = resolve(import.meta.dirname, '..');
export const MAIN = resolve(BENCH, '..');
const NM = join(BENCH, 'node_modules');
export const ANT_BIN = join(MAIN, 'packages/runner/bin/ant.js');
const TURBO_NATIVE = join(NM, '@turbo/linux-64/bin/turbo');

/**
 * The environment every tool runs in: telemetry off, no Nx daemon or TUI, no ANT_* overrides
 * (ant's cache is the repo's .ant/), and none of the npm_* variables `npm run bench` would leak.
 */
export function toolEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('npm_') || k.startsWith('ANT_') || k === 'INIT_CWD' || k.startsWith('NX_') || k.startsWith('TURBO_')) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules/.bin')).join(':');
  return {
    ...env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1',
    NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_DAEMON: 'false', ...extra,
  };
}

const count = (re, s) => { const m = re.exec(s); return m ? Number(m[1]) : null; };
// The error names what was expected, then stderr's first lines (where a crash says why) and the
// output's last lines (where the tools print their summaries).
const fail = (msg, r) => {
  const lines = (s) => s.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const head = lines(r.stderr).slice(0, 3);
  const tail = lines(`${r.stdout}\n${r.stderr}`).slice(-5).filter((l) => !head.includes(l));
  return new Error([msg, ...head, ...tail].join('\n'));
};

const turboRun = (r) => {
  const out = r.stdout + r.stderr;
  const total = count(/Tasks:\s+\d+ successful, (\d+) total/, out);
  const ok = count(/Tasks:\s+(\d+) successful/, out);
  const hits = count(/Cached:\s+(\d+) cached/, out);
  if (r.code !== 0 || total === null || hits === null || ok !== total) throw fail(`turbo exited ${r.code}, no clean summary`, r);
  return { total, hits, misses: total - hits };
};
const turboAffected = (r) => {
  if (r.code !== 0) throw fail(`turbo ls exited ${r.code}`, r);
  // "N packages (npm)" header, then one "pkg-xxxx packages/pkg-xxxx" line each.
  return r.stdout.split('\n').filter((l) => /^\s+\S+\s+packages\//.test(l)).length;
};

const turbo = (name, bin) => ({
  name,
  links: { 'node_modules/turbo': join(NM, 'turbo'), 'node_modules/.bin/turbo': '../turbo/bin/turbo' },
  available: () => (existsSync(bin) ? null : `${bin} missing`),
  version: () => execFileSync(bin, ['--version'], { env: toolEnv() }).toString().trim(),
  run: (repo, { force } = {}) => ({ cmd: bin === TURBO_NATIVE ? bin : join(repo, 'node_modules/.bin/turbo'), args: ['run', 'build', ...(force ? ['--force'] : [])], env: toolEnv() }),
  affected: (repo) => ({ cmd: bin === TURBO_NATIVE ? bin : join(repo, 'node_modules/.bin/turbo'), args: ['ls', '--affected'], env: toolEnv({ TURBO_SCM_BASE: 'HEAD~1' }) }),
  resetCache: () => {},
  parseRun: turboRun,
  parseAffected: turboAffected,
});

const nx = {
  name: 'nx',
  links: { 'node_modules/nx': join(NM, 'nx'), 'node_modules/.bin/nx': '../nx/dist/bin/nx.js' },
  available: () => (existsSync(join(NM, 'nx/package.json')) ? null : 'bench/node_modules/nx missing'),
  version: () => JSON.parse(readFileSync(join(NM, 'nx/package.json'), 'utf8')).version,
  run: (repo, { force } = {}) => ({ cmd: join(repo, 'node_modules/.bin/nx'), args: ['run-many', '-t', 'build', ...(force ? ['--skip-nx-cache'] : [])], env: toolEnv() }),
  affected: (repo) => ({ cmd: join(repo, 'node_modules/.bin/nx'), args: ['show', 'projects', '--affected', '--base=HEAD~1'], env: toolEnv() }),
  // The task cache lives in ~/.nx/<hash of the workspace path>, not in the repo: only `nx reset` empties it.
  resetCache: (repo) => execFileSync(join(repo, 'node_modules/.bin/nx'), ['reset'], { cwd: repo, env: toolEnv(), stdio: 'ignore' }),
  parseRun: (r) => {
    const out = r.stdout + r.stderr;
    // "Successfully ran target build for N projects [and M tasks they depend on]", then
    // "Cache: h/t hit (x%)" or "Cache: Skipped (--skip-nx-cache)".
    const ran = /Successfully ran target build for (\d+) projects?(?: and (\d+) tasks? they depend on)?/.exec(out);
    const cache = /Cache:\s+(?:(\d+)\/(\d+) hit|(Skipped))/.exec(out);
    if (r.code !== 0 || !ran || !cache) throw fail(`nx exited ${r.code}, no clean summary`, r);
    const total = Number(ran[1]) + Number(ran[2] ?? 0);
    const hits = cache[3] ? 0 : Number(cache[1]);
    if (!cache[3] && Number(cache[2]) !== total) throw fail(`nx summary: ${total} tasks ran but cache line says ${cache[2]}`, r);
    return { total, hits, misses: total - hits };
  },
  parseAffected: (r) => {
    if (r.code !== 0) throw fail(`nx show projects exited ${r.code}`, r);
    return r.stdout.split('\n').filter((l) => l.trim()).length;
  },
};

const ant = {
  name: 'ant',
  links: {
    'node_modules/@ant/runner': join(MAIN, 'packages/runner'),
    'node_modules/@ant/plugin-js': join(MAIN, 'packages/plugin-js'),
    'node_modules/.bin/ant': '../@ant/runner/bin/ant.js',
  },
  available: () => {
    if (!existsSync(ANT_BIN)) return 'packages/runner/bin/ant.js missing';
    try { execFileSync(process.execPath, [ANT_BIN, '--help'], { stdio: 'ignore', timeout: 30_000 }); } catch (e) {
      return `\`ant --help\` failed (${e.status ?? e.code}); build with \`npm run build\``;
    }
    return null;
  },
  version: () => {
    let v = '?';
    try { v = execFileSync(process.execPath, [ANT_BIN, '--version'], { timeout: 30_000 }).toString().trim(); } catch { /* no --version */ }
    let rev = '';
    try { rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: MAIN }).toString().trim(); } catch { /* not a repo */ }
    return `${v} (main@${rev})`;
  },
  // `node bin/ant.js` is what node_modules/.bin/ant runs. --summarize=FILE is how the check sees
  // each task's cache status; it costs one small JSON write.
  run: (repo, { force, summary } = {}) => ({
    cmd: process.execPath,
    args: [ANT_BIN, 'run', 'build', ...(force ? ['--force'] : []), `--summarize=${summary}`],
    env: toolEnv(),
  }),
  affected: () => ({ cmd: process.execPath, args: [ANT_BIN, 'affected', '--base', 'HEAD~1', '--json'], env: toolEnv() }),
  resetCache: () => {},
  parseRun: (r, { summary, repo }) => {
    const file = existsSync(summary) ? summary : newestRun(repo);
    if (!file) throw fail(`ant exited ${r.code} and wrote no --summarize JSON`, r);
    let s;
    try { s = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw fail(`ant summary ${file}: ${e.message}`, r); }
    const tasks = (s.tasks ?? []).filter((t) => t.task === 'build' || String(t.id).endsWith(':build'));
    const failed = tasks.filter((t) => t.exitCode !== 0 && t.exitCode !== undefined && t.exitCode !== null);
    if (r.code !== 0 || s.exitCode !== 0 || failed.length) throw fail(`ant exited ${r.code} (summary exitCode ${s.exitCode}, ${failed.length} failed tasks)`, r);
    const hits = tasks.filter((t) => t.cache === 'local' || t.cache === 'remote').length;
    return { total: tasks.length, hits, misses: tasks.length - hits };
  },
  parseAffected: (r) => {
    if (r.code !== 0) throw fail(`ant affected exited ${r.code}`, r);
    try { return JSON.parse(r.stdout).projects.length; } catch (e) { throw fail(`ant affected --json: ${e.message}`, r); }
  },
};

// Fallback when --summarize=FILE is not honoured: the default .ant/runs/<time>.json.
function newestRun(repo) {
  const dir = join(repo, '.ant/runs');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] ?? null;
}

/**
 * The tools, by CLI name. "turbo" is the shim users run (node_modules/.bin/turbo, a Node launcher);
 * "turbo-bin" is the native binary it launches, timed in the turbo copy for the cheap scenarios.
 * "turbo-dry" is `turbo run build --affected --dry=json` (scenario d only), also in the turbo copy.
 * "ant-full" is ant with ANT_NO_FAST_PATH=1 — always the full path (config, plugins, hashing),
 * never a receipt — timed in the ant copy, so the fast path's share of a figure is visible.
 */
export const TOOLS = {
  ant,
  'ant-full': {
    ...ant,
    name: 'ant-full',
    sharesRepoWith: 'ant',
    run: (repo, opts) => ({ ...ant.run(repo, opts), env: toolEnv({ ANT_NO_FAST_PATH: '1' }) }),
    affected: (repo) => ({ ...ant.affected(repo), env: toolEnv({ ANT_NO_FAST_PATH: '1' }) }),
  },
  turbo: turbo('turbo', join(NM, 'turbo/bin/turbo')),
  'turbo-bin': { ...turbo('turbo-bin', TURBO_NATIVE), sharesRepoWith: 'turbo' },
  // The affected build plan (#4 names it as the comparison): turbo's dry run, which also hashes
  // every affected task's inputs, so it does more than `ant affected` or `turbo ls --affected`.
  'turbo-dry': {
    ...turbo('turbo-dry', join(NM, 'turbo/bin/turbo')),
    sharesRepoWith: 'turbo',
    affected: (repo) => ({ cmd: join(repo, 'node_modules/.bin/turbo'), args: ['run', 'build', '--affected', '--dry=json'], env: toolEnv({ TURBO_SCM_BASE: 'HEAD~1' }) }),
    parseAffected: (r) => {
      if (r.code !== 0) throw fail(`turbo run --dry=json exited ${r.code}`, r);
      // `packages`: the packages in scope, i.e. the affected ones (`tasks` adds their dependencies' builds).
      try { return JSON.parse(r.stdout).packages.length; } catch (e) { throw fail(`turbo --dry=json: ${e.message}`, r); }
    },
  },
  nx,
};
