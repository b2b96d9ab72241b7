import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { resolveConfig } from '../src/config.js';
import { binPathChain, composeScriptCommand, scriptPhases } from '../src/npm-env.js';
import { detectPackageManager, parsePackageManagerField, runsPrePostScripts } from '../src/package-manager.js';
import { scriptTaskNames } from '../src/tasks.js';
import { tempDir, type Tree } from './helpers/temp-dir.js';
import { testContext, toProjects } from './helpers/plugin-context.js';

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

function workspace(tree: Tree, config?: unknown) {
  const dir = tempDir(tree);
  disposers.push(dir.dispose);
  return { root: dir.root, ctx: testContext(dir.root, config) };
}

describe('scriptTaskNames', () => {
  const scripts = {
    prebuild: 'a', build: 'b', postbuild: 'c', prettier: 'd', postcss: 'e', prepare: 'f', postinstall: 'g',
    test: 'h', pretest: 'i',
  };
  it('folds pre/post hooks of existing scripts, keeps look-alikes, drops install lifecycle', () => {
    expect(scriptTaskNames(scripts, true)).toEqual(['build', 'postcss', 'prettier', 'test']);
  });
  it('keeps hooks as tasks when the package manager does not run them (yarn 2+)', () => {
    expect(scriptTaskNames(scripts, false, ['test'])).toEqual(['build', 'postbuild', 'postcss', 'prebuild', 'pretest', 'prettier']);
  });
});

describe('package manager detection', () => {
  it('reads packageManager, else the lockfile, else npm', () => {
    expect(parsePackageManagerField('pnpm@9.12.0+sha512.abc')).toEqual({ name: 'pnpm', version: '9.12.0' });
    expect(parsePackageManagerField('deno@2')).toBeUndefined();
    const pnpm = workspace({ 'package.json': {}, 'pnpm-lock.yaml': '' });
    expect(detectPackageManager(pnpm.root, {})).toEqual({ name: 'pnpm', lockfile: 'pnpm-lock.yaml', source: 'lockfile' });
    const yarn = workspace({ 'package.json': {}, 'yarn.lock': '' });
    expect(detectPackageManager(yarn.root, { packageManager: 'yarn@4.5.0' })).toMatchObject({ name: 'yarn', version: '4.5.0', source: 'packageManager' });
    expect(detectPackageManager(workspace({}).root, undefined)).toEqual({ name: 'npm', lockfile: undefined, source: 'default' });
    const both = workspace({ 'package-lock.json': '{}', 'pnpm-lock.yaml': '' });
    expect(detectPackageManager(both.root, { packageManager: 'pnpm@9.1.0' })).toMatchObject({ name: 'pnpm', lockfile: 'pnpm-lock.yaml' });
    expect(detectPackageManager(both.root, {})).toMatchObject({ name: 'npm', lockfile: 'package-lock.json' });
  });
  it('knows which managers run pre/post scripts', () => {
    expect(runsPrePostScripts({ name: 'npm' })).toBe(true);
    expect(runsPrePostScripts({ name: 'yarn', version: '1.22.22' })).toBe(true);
    expect(runsPrePostScripts({ name: 'yarn', version: '4.5.0' })).toBe(false);
    expect(runsPrePostScripts({ name: 'pnpm', version: '7.33.0' })).toBe(false);
    expect(runsPrePostScripts({ name: 'pnpm', version: '9.12.0' })).toBe(true);
  });
});

describe('composeScriptCommand', () => {
  it('runs each phase in its own shell with its own lifecycle event, quoting any script text', () => {
    const nasty = `echo "it's \\"quoted\\" $npm_lifecycle_event" # and a comment`;
    const phases = scriptPhases({ prex: 'echo one; echo $npm_lifecycle_script', x: nasty, postx: "printf '%s\\n' done" }, 'x', true);
    const { command, lifecycleEnv } = composeScriptCommand(phases);
    expect(lifecycleEnv).toEqual({});
    const out = execFileSync('sh', ['-c', command], { encoding: 'utf8' });
    expect(out).toBe(`one\necho one; echo $npm_lifecycle_script\nit's "quoted" x\ndone\n`);
  });
  it('runs a single phase in the same shell, with the lifecycle env in setEnv', () => {
    const { command, lifecycleEnv } = composeScriptCommand([{ event: 'lint', script: 'echo "$INIT_CWD" # trailing comment' }]);
    expect(lifecycleEnv).toEqual({ npm_lifecycle_event: 'lint', npm_lifecycle_script: 'echo "$INIT_CWD" # trailing comment' });
    expect(execFileSync('sh', ['-c', command], { cwd: '/tmp', encoding: 'utf8' })).toBe('/tmp\n');
  });
  it('puts every node_modules/.bin from the package up to its workspace root on PATH', () => {
    expect(binPathChain('a/b/c', '.')).toEqual(['a/b/c/node_modules/.bin', 'a/b/node_modules/.bin', 'a/node_modules/.bin', 'node_modules/.bin']);
    expect(binPathChain('gw/noggin/pkgs/x', 'gw/noggin')).toEqual([
      'gw/noggin/pkgs/x/node_modules/.bin', 'gw/noggin/pkgs/node_modules/.bin', 'gw/noggin/node_modules/.bin',
    ]);
    expect(binPathChain('.', '.')).toEqual(['node_modules/.bin']);
  });
});

describe('inferTasks', () => {
  it('gives build, test and dev their defaults and lets js.persistent / ignoreScripts change them', async () => {
    const { root, ctx } = workspace(
      {
        'package.json': { workspaces: ['p/*'] },
        'p/a/package.json': { name: 'a', scripts: { build: 'tsc', test: 'vitest run', dev: 'vite', serve: 'x', fmt: 'prettier -w .', release: 'x' } },
      },
      { persistent: ['dev'], ignoreScripts: ['release'] },
    );
    const [project] = toProjects(root, await plugin.createProjects(['package.json'], ctx));
    const tasks = await plugin.inferTasks(project!, ctx);
    expect(Object.keys(tasks)).toEqual(['build', 'dev', 'fmt', 'serve', 'test']);
    expect(tasks.build).toMatchObject({ dependsOn: ['^build'], outputs: ['dist/**'] });
    expect(tasks.test).toMatchObject({ dependsOn: ['^build'] });
    expect(tasks.dev).toMatchObject({ persistent: true, cache: false });
    expect(tasks.serve!.persistent).toBeUndefined();
    expect(tasks.fmt!.dependsOn).toBeUndefined();
    expect(tasks.build!.setEnv).toMatchObject({ npm_lifecycle_event: 'build', npm_lifecycle_script: 'tsc', npm_package_name: 'a', npm_command: 'run' });
  });

  it('explains a configured JS service without package.json', async () => {
    const { root, ctx } = workspace({ 'gateways/noggin/index.js': '' });
    const [noggin] = toProjects(root, [{ name: 'noggin', root: 'gateways/noggin', language: 'javascript' }], '');
    await expect(plugin.inferTasks(noggin!, ctx)).rejects.toThrow(
      'gateways/noggin/package.json: expected a package manifest for the javascript project "noggin", found no file.\n' +
        'hint: run `npm init -y` in gateways/noggin, or fix services.noggin.path in ant.config.json.',
    );
  });

  it('rejects a bad js config section and a bad per-service runVia with the field and the fix', async () => {
    expect(() => resolveConfig({ runVia: 'npx' })).toThrow(/^ant.config.json: js.runVia: .*\nhint: the "js" section takes runVia/);
    const { root, ctx } = workspace({ 'svc/package.json': { scripts: { build: 'true' } } });
    const [svc] = toProjects(root, [{ name: 'svc', root: 'svc', language: 'javascript', fields: { runVia: 'yarn' } }], '');
    await expect(plugin.inferTasks(svc!, ctx)).rejects.toThrow(
      'ant.config.json: services.svc.runVia: expected "direct" or "package-manager", found "yarn".',
    );
  });

  it('runs through yarn under Plug\'n\'Play, where there is no node_modules/.bin, unless told otherwise', async () => {
    const tree = {
      'package.json': { private: true, packageManager: 'yarn@4.5.3', workspaces: ['p/*'] },
      '.pnp.cjs': '',
      'p/a/package.json': { name: 'a', scripts: { prebuild: 'x', build: 'y' } },
    };
    const pnp = workspace(tree);
    const [a] = toProjects(pnp.root, await plugin.createProjects(['package.json'], pnp.ctx));
    const tasks = await plugin.inferTasks(a!, pnp.ctx);
    // yarn 2+ runs no pre/post hooks, so `prebuild` is a task of its own.
    expect(Object.keys(tasks)).toEqual(['build', 'prebuild']);
    expect(tasks.build!.command).toEqual(['yarn', 'run', 'build']);
    const direct = workspace(tree, { runVia: 'direct' });
    const [a2] = toProjects(direct.root, await plugin.createProjects(['package.json'], direct.ctx));
    expect((await plugin.inferTasks(a2!, direct.ctx)).build!.command).toContain('\ny');
  });

  it('finds the workspace of a configured service by its own lockfile', async () => {
    const { root, ctx } = workspace({
      'package.json': { name: 'not-js-root' },
      'gateways/noggin/package.json': { name: 'noggin', workspaces: ['packages/*'], scripts: { build: 'true' } },
      'gateways/noggin/package-lock.json': { lockfileVersion: 3, packages: { '': { name: 'noggin' } } },
    });
    const [noggin] = toProjects(root, [{ name: 'noggin', root: 'gateways/noggin', language: 'typescript' }], '');
    const tasks = await plugin.inferTasks(noggin!, ctx);
    expect(tasks.build!.pathPrepend).toEqual(['gateways/noggin/node_modules/.bin']);
    expect(await plugin.hashInputs(noggin!, 'build', tasks.build!, ctx)).toMatchObject({ externalDeps: expect.stringMatching(/^0 direct, /) });
  });
});

describe('narrowChange for workspace files', () => {
  it('ignores script-only edits of the root manifest, affects all JS projects otherwise', async () => {
    const { root, ctx } = workspace({
      'package.json': { workspaces: ['p/*'] },
      'p/a/package.json': { name: 'a' },
      'p/b/package.json': { name: 'b' },
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
    });
    ctx.setProjects([
      ...toProjects(root, await plugin.createProjects(['package.json'], ctx)),
      ...toProjects(root, [{ name: 'api', root: 'services/api', language: 'go' }], ''),
    ]);
    const manifest = (extra: object) => JSON.stringify({ workspaces: ['p/*'], ...extra });
    const change = (before: object, after: object) => ({ path: 'package.json', before: manifest(before), after: manifest(after) });
    expect(await plugin.narrowChange(change({ scripts: { x: '1' } }, { scripts: { x: '2' }, description: 'd' }), ctx)).toEqual([]);
    expect(await plugin.narrowChange(change({}, { devDependencies: { typescript: '5' } }), ctx)).toEqual(['a', 'b']);
    expect(await plugin.narrowChange({ path: 'pnpm-lock.yaml', before: 'x', after: 'y' }, ctx)).toEqual(['a', 'b']);
    expect(await plugin.narrowChange({ path: '.nvmrc', before: '20', after: '22' }, ctx)).toEqual(['a', 'b']);
    expect(await plugin.narrowChange({ path: 'docs/package.json', before: '{}', after: '{"a":1}' }, ctx)).toBeUndefined();
    expect(await plugin.narrowChange({ path: 'README.md', before: 'a', after: 'b' }, ctx)).toBeUndefined();
  });
});
