#!/usr/bin/env node
// Times collectWorkspaceFiles on a generated monorepo (not a test). Each sample is a fresh Node
// process, as an `ant` invocation is, so JIT warm-up is included; module loading is reported apart.
//
//   node packages/runner/test/hash/measure-file-hasher.mjs [--packages 1000] [--runs 7] [--dir /tmp/ant-hash-bench]
//
// It compiles src/hash/*.ts with tsc into a temp dir (the runner's dist may be mid-edit), generates
// the repo with bench/gen-monorepo.mjs once (kept between invocations), and prints
// min / median wall time of the call and Node CPU time for each scenario.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const runnerDir = path.resolve(here, '../..');
const repoRoot = path.resolve(runnerDir, '../..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const packages = Number(arg('--packages', '1000'));
const runs = Number(arg('--runs', '7'));
const dir = arg('--dir', path.join(os.tmpdir(), `ant-hash-bench-${packages}`));
const generator = arg('--generator', new URL('../../../../bench/gen-monorepo.mjs', import.meta.url).pathname);

// 1. Compile the hasher.
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ant-hash-js-'));
const tsconfig = path.join(outDir, 'tsconfig.json');
fs.writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: path.join(repoRoot, 'tsconfig.base.json'),
    compilerOptions: { outDir, rootDir: path.join(runnerDir, 'src'), composite: false, declaration: false, typeRoots: [path.join(repoRoot, 'node_modules/@types')] },
    include: [path.join(runnerDir, 'src/hash/*.ts')],
  }),
);
execFileSync('npx', ['tsc', '-p', tsconfig], { cwd: repoRoot, stdio: 'inherit' });
fs.writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}');
fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(outDir, 'node_modules'));
const hasher = path.join(outDir, 'hash/file-hasher.js');

// 2. The repo.
if (!fs.existsSync(path.join(dir, '.git'))) {
  execFileSync('node', [generator, dir, '--packages', String(packages)], { stdio: 'inherit' });
}
const plain = `${dir}-nogit`;
if (!fs.existsSync(plain)) {
  fs.cpSync(dir, plain, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
}

// 3. One sample = one process.
const child = `
const t0 = performance.now();
const { collectWorkspaceFiles } = await import(${JSON.stringify(hasher)});
const t1 = performance.now();
const c0 = process.cpuUsage();
const r = await collectWorkspaceFiles(process.argv[1], JSON.parse(process.argv[2]));
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ ...r.stats, files: r.files.size, importMs: t1 - t0, cpuMs: (c.user + c.system) / 1000 }));
`;
function sample(root, options = {}) {
  const out = execFileSync('node', ['--input-type=module', '-e', child, root, JSON.stringify(options)], { encoding: 'utf8' });
  return JSON.parse(out);
}
const cacheDir = (root) => path.join(root, '.ant');
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} med ${s[s.length >> 1].toFixed(1)}`;
};
function scenario(name, root, options, prepare, n = runs) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    prepare?.(i);
    samples.push(sample(root, options));
  }
  const last = samples[samples.length - 1];
  console.log(
    `${name.padEnd(44)} ${stat(samples.map((s) => s.durationMs))} ms | cpu ${stat(samples.map((s) => s.cpuMs))} | import ${stat(samples.map((s) => s.importMs))}` +
      ` | files ${last.files} indexed ${last.indexed} read ${last.read} statCache ${last.statCacheHits} untracked ${last.untracked}${last.untrackedFromCache ? ' (cached list)' : ''}`,
  );
}
const sleep = (ms) => execFileSync('sleep', [String(ms / 1000)]);

console.log(`${packages} packages, ${runs} runs each, ${os.availableParallelism()} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
// Floors under the same load, for ratios: a bare Node start, and the git commands involved.
function floor(name, cmd, cmdArgs, cwd = dir) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    execFileSync(cmd, cmdArgs, { cwd, stdio: 'ignore' });
    times.push(performance.now() - t);
  }
  console.log(`floor: ${name.padEnd(37)} ${stat(times)} ms`);
}
floor('node -e 0', 'node', ['-e', '0']);
floor('git diff-files --name-only', 'git', ['diff-files', '-z', '--name-only']);
floor('git ls-files -o --exclude-standard', 'git', ['ls-files', '-z', '-o', '--exclude-standard']);
floor('git status --porcelain', 'git', ['status', '--porcelain']);
for (const statCheck of ['git', 'node']) {
  const o = { statCheck };
  scenario(`[${statCheck}] cold (no ant cache)`, dir, o, () => fs.rmSync(cacheDir(dir), { recursive: true, force: true }), 3);
  sample(dir, o); // let the snapshot settle (its first write may be racy)
  scenario(`[${statCheck}] nothing changed`, dir, o);
}
// Dirty files: one edit, one touch, 50 untracked (aged past the racy window so the caches can keep them).
const edited = path.join(dir, 'packages/pkg-0001/src/f000.js');
const touched = path.join(dir, 'packages/pkg-0002/src/f000.js');
const original = fs.readFileSync(edited);
fs.appendFileSync(edited, '// edit\n');
fs.utimesSync(touched, new Date(), new Date());
fs.mkdirSync(path.join(dir, 'packages/pkg-0003/extra'), { recursive: true });
for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(dir, `packages/pkg-0003/extra/u${i}.js`), `export const u${i} = ${i};\n`);
sleep(2500);
scenario('[git] 1 edited + 1 touched + 50 untracked, 1st', dir, {}, undefined, 1);
scenario('[git] same, again (stat cache + cached list)', dir, {});
scenario('[node] same, again (stat cache + cached list)', dir, { statCheck: 'node' });
fs.writeFileSync(edited, original);
fs.rmSync(path.join(dir, 'packages/pkg-0003/extra'), { recursive: true });
execFileSync('git', ['update-index', '--refresh', '-q'], { cwd: dir });

// Outside git: every file is read once, then comes from the stat cache.
scenario('[walk] cold, sequential reads', plain, { parallelThreshold: 1e9 }, () => fs.rmSync(cacheDir(plain), { recursive: true, force: true }), 3);
scenario('[walk] cold, worker threads', plain, { parallelThreshold: 1 }, () => fs.rmSync(cacheDir(plain), { recursive: true, force: true }), 3);
scenario('[walk] warm (stat cache)', plain, {});
fs.rmSync(outDir, { recursive: true, force: true });
