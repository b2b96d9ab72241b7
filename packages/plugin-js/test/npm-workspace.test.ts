/**
 * The plugin against a real npm workspace installed with `npm ci` from the registry: discovery,
 * script tasks run directly (no npm) with what npm would give them, a real `tsc` build, and
 * lockfile precision after a real `npm install` that bumps one package's dependency.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project, TaskSpec } from '@ant/runner/plugin';
import plugin from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';
import { testContext, toProjects, type TestContext } from './helpers/plugin-context.js';
import { runTask, strictEnv } from './helpers/run-task.js';

const ENV_KEYS = [
  'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_name', 'npm_package_version', 'npm_package_json',
  'npm_config_user_agent', 'npm_node_execpath', 'npm_command', 'INIT_CWD', 'NODE',
];

const tree = {
  'package.json': { name: 'fixture-root', private: true, workspaces: ['packages/*'] },
  'packages/lib/package.json': {
    name: '@t/lib',
    version: '1.0.0',
    main: 'dist/index.js',
    scripts: {
      prebuild: 'echo "pre $npm_lifecycle_event" >> order.log',
      build: 'tsc -p . && echo "main $npm_lifecycle_event" >> order.log',
      postbuild: 'echo "post $npm_lifecycle_event" >> order.log',
    },
    devDependencies: { typescript: '5.9.3' },
  },
  'packages/lib/tsconfig.json': { compilerOptions: { outDir: 'dist', module: 'commonjs', strict: true }, include: ['src'] },
  'packages/lib/src/index.ts': 'export const answer: number = 42;\n',
  'packages/app/package.json': {
    name: '@t/app',
    version: '2.3.4',
    scripts: {
      build: 'node -e "console.log(require(\'@t/lib\').answer)"',
      env: 'node print-env.js',
      fail: 'echo boom-out; echo boom-err >&2; exit 3',
      prebad: 'echo pre-failing; exit 4',
      bad: 'echo should-not-run',
      dev: 'node -e "setInterval(() => {}, 1000)"',
    },
    dependencies: { '@t/lib': '*', 'is-plain-obj': '3.0.0' },
  },
  'packages/app/print-env.js': `const keys = ${JSON.stringify(ENV_KEYS)};
console.log(JSON.stringify({ env: Object.fromEntries(keys.map((k) => [k, process.env[k]])), path: process.env.PATH.split(':').slice(0, 3) }));\n`,
  'packages/other/package.json': {
    name: '@t/other',
    version: '0.0.1',
    scripts: { test: 'node -e "process.exit(require(\'is-odd\')(3) ? 0 : 1)"' },
    dependencies: { 'is-odd': '3.0.1' },
  },
};

const npm = (cwd: string, ...args: string[]) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: 'pipe' });

let dir: { root: string; dispose(): void };
let ctx: TestContext;
let projects: Record<string, Project>;
let tasks: Record<string, Record<string, TaskSpec>>;

async function load(config?: unknown) {
  const c = testContext(dir.root, config);
  const list = toProjects(dir.root, await plugin.createProjects(['package.json'], c));
  c.setProjects(list);
  const t: Record<string, Record<string, TaskSpec>> = {};
  for (const p of list) t[p.name] = await plugin.inferTasks(p, c);
  return { ctx: c, projects: Object.fromEntries(list.map((p) => [p.name, p])), tasks: t };
}

beforeAll(async () => {
  dir = tempDir(tree);
  npm(dir.root, 'install', '--package-lock-only');
  npm(dir.root, 'ci');
  ({ ctx, projects, tasks } = await load());
}, 180_000);

afterAll(() => dir?.dispose());

describe('a real npm workspace', () => {
  it('discovers every workspace package and its dependency edges', async () => {
    expect(Object.keys(projects).sort()).toEqual(['@t/app', '@t/lib', '@t/other']);
    expect(await plugin.dependencies(projects['@t/app']!, ctx)).toEqual(['@t/lib']);
    expect(await plugin.dependencies(projects['@t/lib']!, ctx)).toEqual([]);
  });

  it('turns scripts into tasks: hooks folded, defaults for build and persistent dev', () => {
    expect(Object.keys(tasks['@t/lib']!)).toEqual(['build']);
    expect(Object.keys(tasks['@t/app']!)).toEqual(['bad', 'build', 'dev', 'env', 'fail']);
    expect(tasks['@t/lib']!.build).toMatchObject({ dependsOn: ['^build'], outputs: ['dist/**'], description: 'tsc -p . && echo "main $npm_lifecycle_event" >> order.log' });
    expect(tasks['@t/app']!.dev).toMatchObject({ persistent: true, cache: false });
    expect(tasks['@t/app']!.build!.pathPrepend).toEqual(['packages/app/node_modules/.bin', 'packages/node_modules/.bin', 'node_modules/.bin']);
    // Nothing machine-specific is hashed: no absolute path in setEnv or the command.
    const task = tasks['@t/app']!.env!;
    expect(JSON.stringify([task.command, task.setEnv, task.pathPrepend])).not.toContain(dir.root);
  });

  it('builds the TypeScript package with tsc found on node_modules/.bin, pre/post in order, no npm', async () => {
    const run = await runTask(dir.root, projects['@t/lib']!.absRoot, tasks['@t/lib']!.build!);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const lib = projects['@t/lib']!.absRoot;
    expect(readFileSync(path.join(lib, 'dist/index.js'), 'utf8')).toContain('exports.answer = 42');
    expect(readFileSync(path.join(lib, 'order.log'), 'utf8')).toBe('pre prebuild\nmain build\npost postbuild\n');
    // The dependent's build loads the built output through the workspace link.
    const app = await runTask(dir.root, projects['@t/app']!.absRoot, tasks['@t/app']!.build!);
    expect(app).toMatchObject({ exitCode: 0, stdout: '42\n' });
  });

  it('gives the script the same npm_* variables and PATH head as `npm run`, faster', async () => {
    const app = projects['@t/app']!;
    const direct = await runTask(dir.root, app.absRoot, tasks['@t/app']!.env!);
    expect(direct.exitCode).toBe(0);
    const started = performance.now();
    const viaNpm = execFileSync('npm', ['run', '--silent', 'env'], {
      cwd: app.absRoot,
      env: strictEnv(dir.root, {}),
      encoding: 'utf8',
    });
    const npmMs = performance.now() - started;
    const ours = JSON.parse(direct.stdout) as { env: Record<string, string>; path: string[] };
    const theirs = JSON.parse(viaNpm) as { env: Record<string, string>; path: string[] };
    const real = (env: Record<string, string>) => ({ ...env, NODE: realpathSync(env.NODE!), npm_node_execpath: realpathSync(env.npm_node_execpath!) });
    expect(real(ours.env)).toEqual(real(theirs.env));
    expect(ours.path).toEqual(theirs.path);
    console.log(`script start: direct ${direct.durationMs.toFixed(0)} ms, npm run ${npmMs.toFixed(0)} ms`);
    expect(direct.durationMs).toBeLessThan(npmMs);
  });

  it('fails with the script exit code and its output; a failing pre script stops the run', async () => {
    const app = projects['@t/app']!;
    expect(await runTask(dir.root, app.absRoot, tasks['@t/app']!.fail!)).toMatchObject({
      exitCode: 3,
      stdout: 'boom-out\n',
      stderr: 'boom-err\n',
    });
    expect(await runTask(dir.root, app.absRoot, tasks['@t/app']!.bad!)).toMatchObject({ exitCode: 4, stdout: 'pre-failing\n' });
  });

  it('runs through the package manager when configured, with the manager in the hash', async () => {
    const pm = await load({ runVia: 'package-manager' });
    const build = pm.tasks['@t/app']!.build!;
    expect(build.command).toEqual(['npm', 'run', 'build']);
    const run = await runTask(dir.root, pm.projects['@t/app']!.absRoot, build);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('42');
    const inputs = await plugin.hashInputs(pm.projects['@t/app']!, 'build', build, pm.ctx);
    expect(inputs.packageManager).toMatch(/^npm@\d+\.\d+\.\d+$/);
  });

  it('contributes the npm shell: node_modules/.bin chain, node and npm versions', async () => {
    const shell = await plugin.devshell(projects['@t/other']!, ctx);
    expect(shell.path).toEqual(['packages/other/node_modules/.bin', 'packages/node_modules/.bin', 'node_modules/.bin']);
    expect(shell.tools).toEqual([
      { name: 'node', version: process.version.slice(1) },
      { name: 'npm', version: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim() },
    ]);
    expect((await plugin.devshell(null, ctx)).path).toEqual(['node_modules/.bin']);
  });

  it('hashes the node version and each package\'s own dependency closure; a bump of one package\'s dependency changes only its hash and affects only it', async () => {
    const before: Record<string, Record<string, string>> = {};
    for (const [name, p] of Object.entries(projects)) before[name] = await plugin.hashInputs(p, 'build', {}, ctx);
    expect(before['@t/app']!.node).toBe(process.version);
    expect(before['@t/lib']!.externalDeps).toMatch(/^1 direct, closure sha256:[0-9a-f]{64}$/); // typescript
    expect(before['@t/other']!.externalDeps).toMatch(/^1 direct, /); // is-odd (and its nested is-number)

    const lockBefore = readFileSync(path.join(dir.root, 'package-lock.json'), 'utf8');
    const manifest = path.join(projects['@t/app']!.absRoot, 'package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    pkg.dependencies['is-plain-obj'] = '4.1.0';
    writeFileSync(manifest, JSON.stringify(pkg, null, 2));
    npm(dir.root, 'install');
    const lockAfter = readFileSync(path.join(dir.root, 'package-lock.json'), 'utf8');
    expect(lockAfter).not.toBe(lockBefore);

    const next = await load();
    const after: Record<string, Record<string, string>> = {};
    for (const [name, p] of Object.entries(next.projects)) after[name] = await plugin.hashInputs(p, 'build', {}, next.ctx);
    expect(after['@t/app']!.externalDeps).not.toBe(before['@t/app']!.externalDeps);
    expect(after['@t/lib']).toEqual(before['@t/lib']);
    expect(after['@t/other']).toEqual(before['@t/other']);

    const change = { path: 'package-lock.json', before: lockBefore, after: lockAfter };
    expect(await plugin.narrowChange(change, next.ctx)).toEqual(['@t/app']);
    expect(await plugin.narrowChange({ ...change, before: undefined }, next.ctx)).toEqual(['@t/app', '@t/lib', '@t/other']);
    expect(await plugin.narrowChange({ path: 'go.sum', before: '', after: 'x' }, next.ctx)).toBeUndefined();
    expect(existsSync(path.join(dir.root, 'node_modules/is-plain-obj/package.json'))).toBe(true);
  }, 120_000);
});
