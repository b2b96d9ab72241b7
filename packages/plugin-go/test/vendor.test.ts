import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { vendorHashes } from '../src/commands/vendor-hash.js';
import { narHash } from '../src/nar.js';
import { FAKE_HASH } from '../src/project-fields.js';
import { vendorTree } from '../src/vendor-hash.js';
import type { Project, TaskSpec, WorkspaceView } from '@ant/runner/plugin';
import { colorsAppTree, platformTree, writeColorsProxy } from './fixtures.js';
import { nixHashPath, pluginContext, run, runTask, toProject, useTempDir } from './helpers.js';

/** The go build command of a build task, whether it runs as a command or inside goBuild. */
const buildCommandOf = (task: TaskSpec): string => (task.executor ? (task.executor.options as { command: string }).command : (task.command as string));

const NOT_THE_HASH = 'sha256-8qZAAvhgGHiWkQ6czjNLTtzsz/ftcF/7YqHx6Rps4bg=';

/** The fixture with `fields` on the api and admin services, as ant.config.json would give them. */
async function workspace(fields: Record<string, Record<string, unknown>>) {
  const root = await useTempDir(platformTree());
  const specs = [
    { name: 'api', root: 'services/api', language: 'go' },
    { name: 'admin', root: 'services/admin', language: 'go' },
    { name: 'greet', root: 'libs/greet', language: 'go' },
  ];
  const projects: Project[] = specs.map((s) => toProject(root, s, fields[s.name]));
  const ctx = pluginContext(root, () => projects);
  const get = (name: string): Project => projects.find((p) => p.name === name)!;
  return { root, ctx, projects, get };
}

/** Runs `go mod vendor` for real in the module (the way a developer commits vendor/). */
async function goModVendor(dir: string): Promise<void> {
  const result = await run('go', ['mod', 'vendor'], dir, { ...process.env, GOWORK: 'off', GOFLAGS: '' });
  expect(result.stderr).toBe('');
}

describe('vendorHash', () => {
  it('is the NAR hash of the tree go mod vendor writes, as nix hash path computes it', async () => {
    const { root } = await workspace({});
    const api = join(root, 'services/api');
    const before = await run('sh', ['-c', 'cat go.mod; ls -A'], api);
    const tree = await vendorTree(api, process.env);
    expect(tree.kind).toBe('hash');
    // The module is left exactly as it was: no vendor/, no go.mod/go.sum edits.
    expect(await run('sh', ['-c', 'cat go.mod; ls -A'], api)).toEqual(before);

    await goModVendor(api);
    expect((await readFile(join(api, 'vendor/modules.txt'), 'utf8'))).toContain('# example.com/greet v0.0.0 => ../../libs/greet');
    const oracle = await nixHashPath(join(api, 'vendor'));
    if (oracle !== undefined) expect(tree.kind === 'hash' && tree.sri).toBe(oracle);
    expect(tree.kind === 'hash' && tree.sri).toBe(await narHash(join(api, 'vendor')));
  });

  it('the vendor task passes on the right hash, gates build and test, and build uses the verified modules', async () => {
    const { root } = await workspace({});
    const sri = ((await vendorTree(join(root, 'services/api'), process.env)) as { sri: string }).sri;
    const { ctx, get } = await workspace({ api: { vendorHash: sri } });
    const api = get('api');
    const tasks = await plugin.inferTasks!(api, ctx);
    expect(tasks.test!.dependsOn).toEqual(['vendor']);
    // The build checks the hash itself, so a config dependsOn cannot drop the check.
    expect(tasks.build!.executor).toMatchObject({ export: 'goBuild', options: { vendor: { vendorHash: sri, checkCommitted: false } } });
    expect(tasks.build!.executor!.module).toMatch(/[/\\]build-executor\.(js|ts)$/);
    expect(tasks.vendor!.executor).toMatchObject({ export: 'verifyVendor', options: { vendorHash: sri, checkCommitted: false } });
    expect(tasks.vendor!.executor!.module).toMatch(/[/\\]vendor-executor\.(js|ts)$/);
    const vendor = await runTask(api, 'vendor', tasks.vendor!, ctx.root);
    expect(vendor).toEqual({ exitCode: 0, output: `vendorHash of services/api ok: ${sri}` });
    expect(buildCommandOf(tasks.build!)).toContain('-mod=readonly');
    const build = await runTask(api, 'build', tasks.build!, ctx.root);
    expect(build).toEqual({ exitCode: 0, output: `vendorHash of services/api ok: ${sri}` });
    expect((await run(join(api.absRoot, 'dist/bin/api'), [], ctx.root)).stdout).toBe('hello, ant v1\n');
    expect(await plugin.hashInputs!(api, 'vendor', tasks.vendor!, ctx)).toMatchObject({ vendorHash: sri });
  });

  it('fails a mismatch with the Nix-shaped message', async () => {
    const { ctx, get, root } = await workspace({ api: { vendorHash: NOT_THE_HASH } });
    const got = ((await vendorTree(join(root, 'services/api'), process.env)) as { sri: string }).sri;
    const api = get('api');
    const vendor = (await plugin.inferTasks!(api, ctx)).vendor!;
    const result = await runTask(api, 'vendor', vendor, root);
    expect(result.exitCode).toBe(1);
    const message =
      `hash mismatch in vendor of services/api:\n  specified: ${NOT_THE_HASH}\n     got:    ${got}\n` +
      'hint: set services.api.vendorHash in ant.config.json to the "got" value, or run: ant go vendor-hash api --write';
    expect(result.output).toBe(message);
    // The build refuses too, and produces nothing.
    const build = await runTask(api, 'build', (await plugin.inferTasks!(api, ctx)).build!, root);
    expect(build).toEqual({ exitCode: 1, output: message });
    expect((await run('ls', [join(api.absRoot, 'dist/bin/api')], root)).exitCode).not.toBe(0);
  });

  it('treats "" as Nix\'s empty hash, which always mismatches', async () => {
    const { ctx, get, root } = await workspace({ api: { vendorHash: '' } });
    const vendor = (await plugin.inferTasks!(get('api'), ctx)).vendor!;
    const result = await runTask(get('api'), 'vendor', vendor, root);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(`  specified: ${FAKE_HASH}\n     got:    sha256-`);
  });

  it('refuses a vendorHash for a module with nothing to vendor, as buildGoModule does', async () => {
    const { ctx, get, root } = await workspace({ admin: { vendorHash: NOT_THE_HASH } });
    const vendor = (await plugin.inferTasks!(get('admin'), ctx)).vendor!;
    const result = await runTask(get('admin'), 'vendor', vendor, root);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('vendor folder of services/admin is empty: go mod vendor found no dependencies to fetch. Set services.admin.vendorHash to null');
  });

  it('reports go mod vendor failures', async () => {
    const { ctx, get, root } = await workspace({ api: { vendorHash: NOT_THE_HASH } });
    await writeFile(join(root, 'services/api/go.mod'), 'module example.com/api\n\ngo 1.22\n\nrequire example.com/greet v0.0.0\n\nreplace example.com/greet => ../../libs/missing\n');
    const vendor = (await plugin.inferTasks!(get('api'), ctx)).vendor!;
    const result = await runTask(get('api'), 'vendor', vendor, root);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/libs\/missing[\s\S]*go mod vendor failed in services\/api \(exit 1\)$/);
  });

  it('vendorHash null builds from the committed vendor/ (-mod=vendor, GOWORK=off)', async () => {
    const { ctx, get, root } = await workspace({ api: { vendorHash: null } });
    const api = get('api');
    await goModVendor(api.absRoot);
    // Prove the build reads vendor/, not ../../libs/greet: change only the vendored copy.
    const vendored = join(api.absRoot, 'vendor/example.com/greet/greet.go');
    await writeFile(vendored, (await readFile(vendored, 'utf8')).replace('"hello, "', '"vendored, "'));
    const tasks = await plugin.inferTasks!(api, ctx);
    expect(tasks.vendor).toBeUndefined();
    expect(tasks.build!.command).toContain('-mod=vendor');
    expect(tasks.build!.setEnv).toMatchObject({ GOWORK: 'off' });
    expect(await runTask(api, 'build', tasks.build!, root)).toMatchObject({ exitCode: 0 });
    expect((await run(join(api.absRoot, 'dist/bin/api'), [], root)).stdout).toBe('vendored, ant v1\n');
  });

  it('with a string vendorHash and a committed vendor/, requires the committed tree to be the generated one', async () => {
    const { root: scratch } = await workspace({});
    const sri = ((await vendorTree(join(scratch, 'services/api'), process.env)) as { sri: string }).sri;
    const { ctx, get, root } = await workspace({ api: { vendorHash: sri } });
    const api = get('api');
    await goModVendor(api.absRoot);
    let tasks = await plugin.inferTasks!(api, ctx);
    expect(tasks.vendor!.executor!.options).toMatchObject({ checkCommitted: true });
    expect(buildCommandOf(tasks.build!)).toContain('-mod=vendor');
    expect(await runTask(api, 'vendor', tasks.vendor!, root)).toMatchObject({ exitCode: 0 });

    await writeFile(join(api.absRoot, 'vendor/example.com/greet/extra.go'), 'package greet\n');
    tasks = await plugin.inferTasks!(api, ctx);
    const tampered = await runTask(api, 'vendor', tasks.vendor!, root);
    expect(tampered.exitCode).toBe(1);
    expect(tampered.output).toContain(`committed vendor/ of services/api is not what go mod vendor produces`);
  });
});

describe('versioned dependencies from a module proxy (file:// GOPROXY, no network)', () => {
  /** The colors app, its proxy, and a private module cache; the env is what the user's shell passes. */
  async function proxied(fields: Record<string, unknown>) {
    const root = await useTempDir(colorsAppTree());
    await writeColorsProxy(join(root, 'proxy'));
    const env = { GOPROXY: `file://${join(root, 'proxy')}`, GOSUMDB: 'off', GOMODCACHE: join(root, 'modcache'), GOFLAGS: '-modcacherw' };
    const app = toProject(root, { name: 'app', root: 'services/app', language: 'go' }, fields);
    const ctx = pluginContext(root, () => [app]);
    return { root, env, app, ctx };
  }

  it('vendorHash of a go.sum-pinned module equals nix hash path of go mod vendor, and the build uses it', async () => {
    const { root, env, app } = await proxied({});
    const tree = await vendorTree(app.absRoot, { ...process.env, ...env });
    expect(tree).toMatchObject({ kind: 'hash' });
    const { ctx, app: declared } = await proxied({ vendorHash: (tree as { sri: string }).sri });
    const tasks = await plugin.inferTasks!(declared, ctx);
    expect(await runTask(declared, 'vendor', tasks.vendor!, ctx.root, env)).toMatchObject({ exitCode: 0 });
    expect(await runTask(declared, 'build', tasks.build!, ctx.root, env)).toMatchObject({ exitCode: 0 });
    expect((await run(join(declared.absRoot, 'dist/bin/app'), [], root)).stdout).toBe('red\n');

    await run('go', ['mod', 'vendor'], app.absRoot, { ...process.env, ...env, GOWORK: 'off' });
    expect(await readFile(join(app.absRoot, 'vendor/modules.txt'), 'utf8')).toBe('# example.com/colors v1.0.0\n## explicit; go 1.22\nexample.com/colors\n');
    const oracle = await nixHashPath(join(app.absRoot, 'vendor'));
    if (oracle !== undefined) expect((tree as { sri: string }).sri).toBe(oracle);
  });

  it('proxyVendor hashes the go mod download cache (without sumdb), as buildGoModule does', async () => {
    const { root, env, app } = await proxied({});
    // What Nix's fixed-output derivation does by hand: go mod download into an empty GOPATH.
    const gopath = join(root, 'gopath');
    await run('go', ['mod', 'download'], app.absRoot, { ...process.env, ...env, GOPATH: gopath, GOMODCACHE: join(gopath, 'pkg/mod'), GOWORK: 'off' });
    const downloaded = join(gopath, 'pkg/mod/cache/download');
    expect((await run('find', ['.', '-type', 'f'], downloaded)).stdout.split('\n').filter(Boolean).sort()).toEqual([
      './example.com/colors/@v/list', './example.com/colors/@v/v1.0.0.info', './example.com/colors/@v/v1.0.0.lock',
      './example.com/colors/@v/v1.0.0.mod', './example.com/colors/@v/v1.0.0.zip', './example.com/colors/@v/v1.0.0.ziphash',
    ]);
    const expected = (await nixHashPath(downloaded)) ?? (await narHash(downloaded));

    const { ctx, app: declared } = await proxied({ vendorHash: expected, proxyVendor: true });
    const tasks = await plugin.inferTasks!(declared, ctx);
    expect(tasks.vendor!.executor!.options).toEqual({ vendorHash: expected, checkCommitted: false, proxyVendor: true });
    expect(buildCommandOf(tasks.build!)).toContain('-mod=readonly');
    expect(await runTask(declared, 'vendor', tasks.vendor!, ctx.root, env)).toEqual({ exitCode: 0, output: `vendorHash of services/app ok: ${expected}` });
    // The plain vendor-tree hash is a different thing: a proxyVendor hash must not pass as one.
    const plain = await vendorTree(declared.absRoot, { ...process.env, ...env });
    expect((plain as { sri: string }).sri).not.toBe(expected);
  });
});

/** A WorkspaceView over the fixture, as the core's loadWorkspace() returns it. */
async function view(configText: string) {
  const { root, projects } = await workspace({});
  const configFile = join(root, 'ant.config.json');
  await writeFile(configFile, configText);
  // The core parses JSONC; the fixtures only use whole-line // comments.
  const config = JSON.parse(configText.replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
  const services = (config.services ?? {}) as Record<string, Record<string, unknown>>;
  const withFields = projects.map((p) => ({ ...p, fields: { ...p.fields, ...services[p.name] } }));
  const v: WorkspaceView = {
    root,
    configFile,
    config,
    projects: withFields,
    tasks: () => ({}),
    taskHash: async () => 'x',
  };
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const io = { stdout: out, stderr: err, env: process.env };
  return { v, io, configFile, root, output: () => ({ stdout, stderr }) };
}

describe('ant go vendor-hash', () => {
  it('prints the hash, and --write replaces only the vendorHash value in ant.config.json', async () => {
    const text = `{\n  // Go services\n  "plugins": ["@ant/plugin-go"],\n  "services": {\n    "api": { "language": "go", "path": "services/api", "vendorHash": "${NOT_THE_HASH}" }\n  }\n}\n`;
    const { v, io, configFile, root, output } = await view(text);
    const sri = ((await vendorTree(join(root, 'services/api'), process.env)) as { sri: string }).sri;
    expect(await vendorHashes(v, ['api'], false, io)).toBe(0);
    expect(output().stdout).toBe(`${sri}\n`);
    expect(output().stderr).toContain('run with --write to update it');
    expect(await readFile(configFile, 'utf8')).toBe(text);

    expect(await vendorHashes(v, [], true, io)).toBe(0);
    expect(await readFile(configFile, 'utf8')).toBe(text.replace(NOT_THE_HASH, sri));
  });

  it('adds a discovered project to services, and writes null when there is nothing to vendor', async () => {
    const { v, io, configFile, output } = await view('{\n  "services": {\n    "admin": {\n      "language": "go",\n      "path": "services/admin"\n    }\n  }\n}\n');
    expect(await vendorHashes(v, ['admin', 'api'], true, io)).toBe(0);
    const written = JSON.parse(await readFile(configFile, 'utf8')) as { services: Record<string, Record<string, unknown>> };
    expect(written.services.admin).toEqual({ language: 'go', path: 'services/admin', vendorHash: null });
    expect(written.services.api).toEqual({ language: 'go', path: 'services/api', vendorHash: expect.stringMatching(/^sha256-/) });
    expect(output().stdout).toMatch(/^admin null\napi sha256-\S+\n$/);
  });

  it('is a usage error for a project that is not a Go project', async () => {
    const { v, io, output } = await view('{}');
    expect(await vendorHashes(v, ['nope'], false, io)).toBe(2);
    expect(output().stderr).toBe('"nope" is not a Go project of this workspace. Go projects: api, admin, greet\n');
  });
});
