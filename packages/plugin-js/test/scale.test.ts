/**
 * Scale: the plugin's share of a fully cached run of a 1000-package workspace. Every hook a cached
 * run calls (discovery, tasks, edges, hash inputs of three tasks a package) on a generated repo
 * with a 3000-entry lockfile. ant's whole cached run must be ~300 ms, so the plugin gets a slice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { tempDir, type Tree } from './helpers/temp-dir.js';
import { testContext, toProjects } from './helpers/plugin-context.js';

const PACKAGES = 1000;
const EXTERNALS = 3000;

// Deterministic LCG, so a slow run can be reproduced.
let seed = 7;
const rand = (n: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n);
const pkgName = (i: number) => `@scale/pkg-${String(i).padStart(4, '0')}`;
const ext = (i: number) => `ext-${i}`;

function generate(): Tree {
  const tree: Tree = { 'package.json': { name: 'scale', private: true, workspaces: ['packages/*'], devDependencies: { [ext(0)]: '1' } } };
  const lock: Record<string, object> = { '': { name: 'scale', workspaces: ['packages/*'], devDependencies: { [ext(0)]: '1' } } };
  for (let e = 0; e < EXTERNALS; e++) {
    const deps: Record<string, string> = {};
    for (let k = rand(4); k > 0; k--) deps[ext(e + 1 + rand(EXTERNALS - e))] = '1';
    delete deps[ext(EXTERNALS)];
    lock[`node_modules/${ext(e)}`] = { version: `1.0.${rand(9)}`, integrity: `sha512-${e}`, dependencies: deps };
  }
  for (let i = 0; i < PACKAGES; i++) {
    const deps: Record<string, string> = {};
    for (let k = rand(4); k > 0 && i > 0; k--) deps[pkgName(rand(i))] = '*';
    for (let k = 2 + rand(5); k > 0; k--) deps[ext(rand(EXTERNALS))] = '1';
    const dir = `packages/pkg-${String(i).padStart(4, '0')}`;
    tree[`${dir}/package.json`] = {
      name: pkgName(i),
      version: '1.0.0',
      scripts: { prebuild: 'true', build: 'node ../../tools/build.js', lint: 'node ../../tools/check.js', test: 'node ../../tools/check.js' },
      dependencies: deps,
    };
    lock[`node_modules/${pkgName(i)}`] = { resolved: dir, link: true };
    lock[dir] = { name: pkgName(i), version: '1.0.0', dependencies: deps };
    // A nested copy now and then, as npm writes for version conflicts.
    if (i % 50 === 0) lock[`${dir}/node_modules/${ext(1)}`] = { version: '2.0.0', integrity: `sha512-nested-${i}` };
  }
  tree['package-lock.json'] = { name: 'scale', lockfileVersion: 3, requires: true, packages: lock };
  return tree;
}

let dir: { root: string; dispose(): void };
beforeAll(() => {
  dir = tempDir(generate());
});
afterAll(() => dir?.dispose());

it(`runs every hook of a cached run over ${PACKAGES} packages within budget`, async () => {
  const ctx = testContext(dir.root);
  // The host caches tool versions across invocations (keyed by binary mtime): warm it as a rerun would.
  await Promise.all([ctx.toolVersion('node', ['--version']), ctx.toolVersion('npm', ['--version'])]);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const projects = toProjects(dir.root, await plugin.createProjects(['package.json'], ctx));
  ctx.setProjects(projects);
  const t1 = performance.now();
  const tasks = await Promise.all(projects.map((p) => plugin.inferTasks(p, ctx)));
  const t2 = performance.now();
  const edges = await Promise.all(projects.map((p) => plugin.dependencies(p, ctx)));
  const t3 = performance.now();
  const inputs = await Promise.all(
    projects.flatMap((p, i) => Object.entries(tasks[i]!).map(([name, task]) => plugin.hashInputs(p, name, task, ctx))),
  );
  const t4 = performance.now();

  expect(projects).toHaveLength(PACKAGES);
  expect(tasks.every((t) => Object.keys(t).join() === 'build,lint,test')).toBe(true);
  expect(edges.reduce((n, e) => n + e.length, 0)).toBeGreaterThan(PACKAGES);
  expect(inputs).toHaveLength(3 * PACKAGES);
  expect(inputs.every((h) => /^\d+ direct, closure sha256:/.test(h.externalDeps!))).toBe(true);
  const total = t4 - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${PACKAGES} packages: createProjects ${(t1 - t0).toFixed(0)} ms, inferTasks ${(t2 - t1).toFixed(0)} ms, ` +
      `dependencies ${(t3 - t2).toFixed(0)} ms, hashInputs×${inputs.length} ${(t4 - t3).toFixed(0)} ms, total ${total.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`,
  );
  // CPU, not wall time: the machine is shared. The bound catches anything super-linear (a per-call
  // lockfile parse or an O(projects) scan per call costs seconds here); the figure is logged above.
  expect(cpuMs).toBeLessThan(3000);

  // A second invocation in the same process (new context) reuses parsed manifests and lockfile.
  const again = testContext(dir.root);
  await Promise.all([again.toolVersion('node', ['--version']), again.toolVersion('npm', ['--version'])]);
  const s0 = performance.now();
  const second = toProjects(dir.root, await plugin.createProjects(['package.json'], again));
  again.setProjects(second);
  for (const p of second) {
    const t = await plugin.inferTasks(p, again);
    await plugin.dependencies(p, again);
    for (const [name, task] of Object.entries(t)) await plugin.hashInputs(p, name, task, again);
  }
  console.log(`second invocation, sequential calls: ${(performance.now() - s0).toFixed(0)} ms`);
});
