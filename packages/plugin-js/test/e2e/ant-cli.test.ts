/**
 * End to end: the real `ant` binary with `"plugins": ["@ant/plugin-js"]` on a real npm workspace
 * (installed with `npm ci`) in a temporary git repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const antBin = path.join(repoRoot, 'packages/runner/bin/ant.js');
const built = existsSync(path.join(repoRoot, 'packages/runner/dist/cli/main.js')) && existsSync(path.join(repoRoot, 'packages/plugin-js/dist/index.js'));

interface Summary {
  exitCode: number;
  tasks: { id: string; cache: string; exitCode: number; dependsOn: string[] }[];
}

const tree = {
  'ant.config.json': { plugins: ['@ant/plugin-js'], tasks: { build: { dependsOn: ['^build'], outputs: ['dist/**'] } } },
  '.gitignore': 'node_modules/\ndist/\n.ant/\n',
  'package.json': { name: 'e2e-root', private: true, workspaces: ['packages/*'] },
  'packages/lib/package.json': {
    name: '@e/lib', version: '1.0.0', main: 'dist/index.js',
    scripts: { build: 'tsc -p .' }, devDependencies: { typescript: '5.9.3' },
  },
  'packages/lib/tsconfig.json': { compilerOptions: { outDir: 'dist', module: 'commonjs' }, include: ['src'] },
  'packages/lib/src/index.ts': 'export const greet = (who: string): string => `hello ${who}`;\n',
  'packages/app/package.json': {
    name: '@e/app', version: '1.0.0',
    scripts: {
      build: 'node build.js',
      fail: 'echo boom-out; echo boom-err >&2; exit 3',
    },
    dependencies: { '@e/lib': '*', 'is-plain-obj': '3.0.0' },
  },
  'packages/app/build.js': `const fs = require('fs');
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/out.txt', require('@e/lib').greet(process.env.npm_package_name) + '\\n');\n`,
  'packages/other/package.json': {
    name: '@e/other', version: '1.0.0',
    scripts: { build: 'node -e "require(\'fs\').mkdirSync(\'dist\',{recursive:true});require(\'fs\').writeFileSync(\'dist/odd.txt\', String(require(\'is-odd\')(3)))"' },
    dependencies: { 'is-odd': '3.0.1' },
  },
};

let dir: { root: string; dispose(): void };
const sh = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { cwd: dir.root, encoding: 'utf8', stdio: 'pipe' });
const npm = (...args: string[]) => sh('npm', ...args, '--no-audit', '--no-fund', '--loglevel=error');
const git = (...args: string[]) => sh('git', '-c', 'user.name=t', '-c', 'user.email=t@t', ...args);

function ant(...args: string[]) {
  const r = spawnSync(process.execPath, [antBin, ...args], { cwd: dir.root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ANT_CACHE_DIR: path.join(dir.root, '.ant/cache') } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function run(...targets: string[]): Summary & { status: number | null; out: string } {
  const file = path.join(dir.root, '.ant', `summary-${Date.now()}.json`);
  const r = ant('run', ...targets, `--summarize=${file}`);
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as Summary), status: r.status, out: r.out };
}

const cacheOf = (s: Summary) => Object.fromEntries(s.tasks.map((t) => [t.id, t.cache]));

describe.skipIf(!built)('ant with @ant/plugin-js', () => {
  beforeAll(() => {
    dir = tempDir(tree);
    npm('install', '--package-lock-only');
    npm('ci');
    // Pinned low inside a caret range, so `npm update` can later change the lockfile alone.
    npm('install', 'ms@2.1.1', '-w', '@e/other');
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'init');
  }, 180_000);
  afterAll(() => dir?.dispose());

  it('shows the workspace packages as projects with their edges and script tasks', () => {
    const r = ant('show', 'projects', '--json');
    expect(r.status).toBe(0);
    const projects = JSON.parse(r.out) as { name: string; language: string; path: string; dependencies: string[]; tasks: string[] }[];
    expect(projects.map((p) => [p.name, p.path, p.dependencies])).toEqual([
      ['@e/app', 'packages/app', ['@e/lib']],
      ['@e/lib', 'packages/lib', []],
      ['@e/other', 'packages/other', []],
    ]);
    expect(projects[0]!.tasks).toEqual(['build', 'fail']);
  });

  it('builds in dependency order without npm, then replays everything from the cache', () => {
    const first = run('build');
    expect(first.status).toBe(0);
    expect(cacheOf(first)).toEqual({ '@e/lib:build': 'miss', '@e/app:build': 'miss', '@e/other:build': 'miss' });
    expect(first.tasks.find((t) => t.id === '@e/app:build')!.dependsOn).toEqual(['@e/lib:build']);
    expect(readFileSync(path.join(dir.root, 'packages/app/dist/out.txt'), 'utf8')).toBe('hello @e/app\n');

    rmSync(path.join(dir.root, 'packages/lib/dist'), { recursive: true });
    const second = run('build');
    expect(second.status).toBe(0);
    expect(Object.values(cacheOf(second))).toEqual(['local', 'local', 'local']);
    expect(readFileSync(path.join(dir.root, 'packages/lib/dist/index.js'), 'utf8')).toContain('exports.greet = greet');
  });

  it('after a lockfile bump of one package\'s dependency, rebuilds and affects only that package', () => {
    const manifest = path.join(dir.root, 'packages/app/package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    pkg.dependencies['is-plain-obj'] = '4.1.0';
    writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
    npm('install');
    git('commit', '-q', '-am', 'bump is-plain-obj in app');

    const affected = ant('affected', '--base', 'HEAD~1', '--json');
    expect(affected.status).toBe(0);
    const report = JSON.parse(affected.out) as { changedFiles: string[]; projects: string[] };
    expect(report.changedFiles.sort()).toEqual(['package-lock.json', 'packages/app/package.json']);
    expect(report.projects).toEqual(['@e/app']);

    const rerun = run('build');
    expect(rerun.status).toBe(0);
    expect(cacheOf(rerun)).toEqual({ '@e/lib:build': 'local', '@e/app:build': 'miss', '@e/other:build': 'local' });
  });

  it('after a lockfile-only update (npm update), affects and rebuilds only the package that uses it', () => {
    npm('update', 'ms', '-w', '@e/other');
    expect(git('status', '--porcelain').trim()).toBe('M package-lock.json');
    git('commit', '-q', '-am', 'npm update ms');

    const affected = ant('affected', '--base', 'HEAD~1', '--json');
    expect(affected.status).toBe(0);
    expect(JSON.parse(affected.out)).toMatchObject({ changedFiles: ['package-lock.json'], projects: ['@e/other'] });

    const rerun = run('build');
    expect(cacheOf(rerun)).toEqual({ '@e/lib:build': 'local', '@e/app:build': 'local', '@e/other:build': 'miss' });
  });

  it('gives `ant env` the npm shell: node_modules/.bin from the package up to the root', () => {
    const repo = ant('env', '--format', 'json');
    expect(repo.status).toBe(0);
    expect((JSON.parse(repo.out) as { PATH: string }).PATH.split(':')[0]).toBe(path.join(dir.root, 'node_modules/.bin'));
    const app = ant('env', '@e/app', '--format', 'json');
    expect((JSON.parse(app.out) as { PATH: string }).PATH.split(':').slice(0, 3)).toEqual([
      path.join(dir.root, 'packages/app/node_modules/.bin'),
      path.join(dir.root, 'packages/node_modules/.bin'),
      path.join(dir.root, 'node_modules/.bin'),
    ]);
    // tsc, a devDependency of @e/lib hoisted to the root, is found from that PATH.
    const tsc = spawnSync('sh', ['-c', 'command -v tsc'], { env: { ...process.env, PATH: (JSON.parse(app.out) as { PATH: string }).PATH }, encoding: 'utf8' });
    expect(tsc.stdout.trim()).toBe(path.join(dir.root, 'node_modules/.bin/tsc'));
  });

  it('fails with exit code 1 and shows the failing script\'s output', () => {
    const failed = run('@e/app:fail');
    expect(failed.status).toBe(1);
    expect(failed.exitCode).toBe(1);
    expect(failed.tasks).toMatchObject([{ id: '@e/app:fail', exitCode: 3 }]);
    expect(failed.out).toContain('boom-out');
    expect(failed.out).toContain('boom-err');
  });
});
