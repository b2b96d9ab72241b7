import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import type { Project } from '@ant/runner/plugin';
import { platformTree } from './fixtures.js';
import { pluginContext, run, runTask, toProject, useTempDir } from './helpers.js';

/** Discovers the fixture's projects through the plugin's own hooks, as the host would. */
async function discover(root: string, fields: Record<string, Record<string, unknown>> = {}): Promise<{ projects: Project[]; ctx: ReturnType<typeof pluginContext> }> {
  let projects: Project[] = [];
  const ctx = pluginContext(root, () => projects);
  const found = await run('sh', ['-c', "find . -name go.mod -o -name go.work | sed 's|^./||' | grep -v '/node_modules/'"], root);
  const specs = await plugin.createProjects!(found.stdout.trim().split('\n').filter(Boolean), ctx);
  projects = specs.map((spec) => toProject(root, spec, fields[spec.name]));
  return { projects, ctx };
}

const GOPATH = (await run('go', ['env', 'GOPATH'], '/')).stdout.trim();
/** golangci-lint as `go install` puts it (DESIGN §6); its test is skipped, and reported, without it. */
const golangciInstalled = (await run(join(GOPATH, 'bin/golangci-lint'), ['version'], '/')).exitCode === 0;

const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');

describe('discovery and graph', () => {
  it('finds modules (skipping testdata), names them by directory and links replace targets', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root);
    expect(projects.map((p) => [p.name, p.root, p.fields.module])).toEqual([
      ['greet', 'libs/greet', 'example.com/greet'],
      ['admin', 'services/admin', 'example.com/admin'],
      ['api', 'services/api', 'example.com/api'],
    ]);
    const api = projects.find((p) => p.name === 'api')!;
    expect(await plugin.dependencies!(api, ctx)).toEqual(['greet']);
    expect(await plugin.dependencies!(projects[1]!, ctx)).toEqual([]);
    const tasks = await plugin.inferTasks!(api, ctx);
    expect(Object.keys(tasks).sort()).toEqual(['build', 'lint', 'test']);
    expect(tasks.build!.inputs).toEqual(expect.arrayContaining([
      '**/*.go', '!**/*_test.go', 'go.mod', 'go.sum', 'vendor/**', 'static/motd.txt', '$root/libs/greet/**/*.go', '$root/libs/greet/go.mod',
    ]));
    expect(tasks.build!.outputs).toEqual(['dist/bin/**']);
    expect(tasks.build!.setEnv).toEqual({ CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOWORK: 'off' });
    expect(tasks.build!.env).toEqual(expect.arrayContaining(['GOFLAGS', 'GOOS', 'GOARCH']));
    expect(tasks.build!.passThroughEnv).toEqual(expect.arrayContaining(['GOPATH', 'GOCACHE', 'GOMODCACHE', 'GOPROXY']));
  });

  it('gives same-named directories their full path and uses the module name at the root', async () => {
    const root = await useTempDir({
      'go.mod': 'module github.com/acme/platform\n\ngo 1.22\n',
      'a/api/go.mod': 'module a\n',
      'b/api/go.mod': 'module b\n',
    });
    const { projects } = await discover(root);
    expect(projects.map((p) => p.name)).toEqual(['platform', 'a/api', 'b/api']);
  });

  it('builds go.work members in workspace mode, with edges to the members they require', async () => {
    const root = await useTempDir({
      'go.work': 'go 1.22\n\nuse (\n\t./services/app\n\t./libs/greet\n\t./libs/base\n)\n',
      'services/app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/greet v0.0.0\n',
      'services/app/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n)\n\nfunc main() { fmt.Println(greet.Hello()) }\n',
      'libs/greet/go.mod': 'module example.com/greet\n\ngo 1.22\n\nrequire example.com/base v0.0.0\n',
      'libs/greet/greet.go': 'package greet\n\nimport "example.com/base"\n\n// Hello greets.\nfunc Hello() string { return "hi " + base.Name }\n',
      'libs/base/go.mod': 'module example.com/base\n\ngo 1.22\n',
      'libs/base/base.go': 'package base\n\n// Name is a name.\nconst Name = "work"\n',
    });
    const { projects, ctx } = await discover(root);
    const app = projects.find((p) => p.name === 'app')!;
    expect(await plugin.dependencies!(app, ctx)).toEqual(['base', 'greet']);
    const tasks = await plugin.inferTasks!(app, ctx);
    expect(tasks.build!.setEnv).not.toHaveProperty('GOWORK');
    expect(tasks.build!.inputs).toEqual(expect.arrayContaining(['$root/go.work', '$root/libs/base/**/*.go']));
    const build = await runTask(app, 'build', tasks.build!, root);
    expect(build.output).toBe('');
    expect(build.exitCode).toBe(0);
    expect((await run(join(app.absRoot, 'dist/bin/app'), [], root)).stdout).toBe('hi work\n');
  });

  it('narrows a go.work change to the members it lists before and after', async () => {
    const root = await useTempDir({
      'go.work': 'go 1.22\n\nuse ./a\n',
      'a/go.mod': 'module a\n',
      'b/go.mod': 'module b\n',
      'c/go.mod': 'module c\n',
    });
    const { ctx } = await discover(root);
    expect(await plugin.narrowChange!({ path: 'go.work', before: 'use ./a\nuse ./c\n', after: 'use (\n\t./a\n\t./b\n)\n' }, ctx)).toEqual(['a', 'b', 'c']);
    expect(await plugin.narrowChange!({ path: 'go.work.sum', before: '', after: 'x' }, ctx)).toEqual(['a']);
    expect(await plugin.narrowChange!({ path: 'README.md', before: '', after: 'x' }, ctx)).toBeUndefined();
  });

  it('explains bad project fields', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root, { api: { vendorHash: 'abc' }, admin: { vendorSha256: '0abc' } });
    await expect(plugin.inferTasks!(projects.find((p) => p.name === 'api')!, ctx)).rejects.toThrow(
      'project "api" (services/api): field "vendorHash" (ant.config.json services.api.vendorHash): expected an SRI hash "sha256-<44 base64 characters>" or null, found "abc". Hint: set it to "" and run "ant go vendor-hash api --write" to fill in the right value.',
    );
    await expect(plugin.inferTasks!(projects.find((p) => p.name === 'admin')!, ctx)).rejects.toThrow(/vendorSha256 is not supported/);
    const missing = toProject(root, { name: 'ghost', root: 'services/ghost', language: 'go' });
    await expect(plugin.inferTasks!(missing, ctx)).rejects.toThrow('project "ghost": no go.mod at services/ghost/go.mod');
  });
});

describe('build, lint and test with the real go toolchain', () => {
  it('builds runnable, reproducible binaries of every main package into dist/bin', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root);
    const byName = (n: string): Project => projects.find((p) => p.name === n)!;
    for (const name of ['api', 'admin', 'greet']) {
      const tasks = await plugin.inferTasks!(byName(name), ctx);
      const result = await runTask(byName(name), 'build', tasks.build!, root);
      expect(result, name).toMatchObject({ exitCode: 0 });
    }
    expect((await run(join(root, 'services/api/dist/bin/api'), [], root)).stdout).toBe('hello, ant v1\n');
    expect((await run(join(root, 'services/admin/dist/bin/admin'), [], root)).stdout).toBe('admin ok\n');
    // A library has no main package: build compiles it and leaves dist/bin empty.
    expect((await run('ls', ['-A', join(root, 'libs/greet/dist/bin')], root)).stdout).toBe('');

    // Same sources at another path: byte-identical binary (-trimpath, no build id, no VCS stamp).
    const copy = await useTempDir();
    await cp(root, copy, { recursive: true });
    const { projects: copied, ctx: copyCtx } = await discover(copy);
    const api2 = copied.find((p) => p.name === 'api')!;
    await runTask(api2, 'build', (await plugin.inferTasks!(api2, copyCtx)).build!, copy);
    expect(await sha256(join(copy, 'services/api/dist/bin/api'))).toBe(await sha256(join(root, 'services/api/dist/bin/api')));
  });

  it('cross-compiles for the project goos/goarch, and honours subPackages', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root, { admin: { goos: 'darwin', goarch: 'arm64', subPackages: ['cmd/admin'] } });
    const admin = projects.find((p) => p.name === 'admin')!;
    const tasks = await plugin.inferTasks!(admin, ctx);
    expect(tasks.build!.setEnv).toMatchObject({ GOOS: 'darwin', GOARCH: 'arm64' });
    expect(tasks.build!.env).not.toContain('GOOS');
    expect(tasks.test!.setEnv).not.toHaveProperty('GOOS');
    expect(await runTask(admin, 'build', tasks.build!, root, { GOOS: 'windows' })).toMatchObject({ exitCode: 0 });
    const binary = await readFile(join(root, 'services/admin/dist/bin/admin'));
    expect(binary.readUInt32LE(0)).toBe(0xfeedfacf); // Mach-O 64-bit
    expect(binary.readUInt32LE(4)).toBe(0x0100000c); // CPU_TYPE_ARM64
  });

  it('lint passes on clean code and fails on gofmt and vet problems', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root);
    const admin = projects.find((p) => p.name === 'admin')!;
    const lint = (await plugin.inferTasks!(admin, ctx)).lint!;
    expect(await runTask(admin, 'lint', lint, root)).toEqual({ exitCode: 0, output: '' });

    await writeFile(join(admin.absRoot, 'internal/util/util.go'), 'package util\n\n// Twice doubles n.\nfunc Twice(n int) int {   return 2*n }\n');
    const unformatted = await runTask(admin, 'lint', lint, root);
    expect(unformatted.exitCode).toBe(1);
    expect(unformatted.output).toBe('gofmt: these files are not formatted (run gofmt -w on them):\n./internal/util/util.go\n');

    await writeFile(join(admin.absRoot, 'internal/util/util.go'), 'package util\n\nimport "fmt"\n\n// Twice doubles n.\nfunc Twice(n int) int {\n\tfmt.Printf("%d\\n", "x")\n\treturn 2 * n\n}\n');
    const vet = await runTask(admin, 'lint', lint, root);
    expect(vet.exitCode).not.toBe(0);
    expect(vet.output).toMatch(/util\.go:7:\d+: fmt\.Printf format %d has arg "x" of wrong type string/);
  });

  it.skipIf(!golangciInstalled)('lint runs golangci-lint when the module configures it', async () => {
    const root = await useTempDir({
      ...platformTree(),
      'services/admin/.golangci.yml': 'version: "2"\nlinters:\n  default: none\n  enable:\n    - errcheck\n',
    });
    const { projects, ctx } = await discover(root);
    const admin = projects.find((p) => p.name === 'admin')!;
    const lint = (await plugin.inferTasks!(admin, ctx)).lint!;
    expect(lint.pathPrepend).toEqual([join(GOPATH, 'bin')]);
    expect(lint.inputs).toContain('.golangci.yml');
    // GOLANGCI_LINT_CACHE must be writable; HOME passes through so its default works.
    expect(await runTask(admin, 'lint', lint, root)).toMatchObject({ exitCode: 0 });
    await writeFile(
      join(admin.absRoot, 'internal/util/util.go'),
      'package util\n\nimport "os"\n\n// Twice doubles n.\nfunc Twice(n int) int {\n\tos.Remove("/nonexistent")\n\treturn 2 * n\n}\n',
    );
    const failed = await runTask(admin, 'lint', lint, root);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.output).toMatch(/util\.go:7:\d+: Error return value of `os\.Remove` is not checked \(errcheck\)/);
  });

  it('test runs go test and fails when a test fails', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root);
    const api = projects.find((p) => p.name === 'api')!;
    const test = (await plugin.inferTasks!(api, ctx)).test!;
    const ok = await runTask(api, 'test', test, root);
    expect(ok.exitCode).toBe(0);
    expect(ok.output).toMatch(/^ok\s+example\.com\/api/m);
    await writeFile(join(api.absRoot, 'static/motd.txt'), 'v2\n');
    const failed = await runTask(api, 'test', test, root);
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toContain('motd = "v2\\n"');
  });
});

describe('hash inputs and devshell', () => {
  it('adds the go version and the vendorHash', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root, { admin: { vendorHash: null } });
    const version = (await run('go', ['env', 'GOVERSION'], root)).stdout.trim().replace(/^go/, '');
    const api = projects.find((p) => p.name === 'api')!;
    const admin = projects.find((p) => p.name === 'admin')!;
    expect(await plugin.hashInputs!(api, 'build', {}, ctx)).toEqual({ go: version });
    expect(await plugin.hashInputs!(admin, 'build', {}, ctx)).toEqual({ go: version, vendorHash: 'null (committed vendor/)' });
  });

  it('puts go in the motd, GOBIN on PATH, and -mod=vendor in GOFLAGS for vendored projects', async () => {
    const root = await useTempDir(platformTree());
    const { projects, ctx } = await discover(root, { admin: { vendorHash: null } });
    const gopath = (await run('go', ['env', 'GOPATH'], root)).stdout.trim();
    const repo = await plugin.devshell!(null, ctx);
    expect(repo.tools).toEqual([{ name: 'go', version: expect.stringMatching(/^\d+\.\d+/) }]);
    expect(repo.path).toEqual([`${gopath}/bin`]);
    expect(repo.env).toEqual([]);
    expect((await plugin.devshell!(projects.find((p) => p.name === 'admin')!, ctx)).env).toEqual([{ name: 'GOFLAGS', value: '-mod=vendor' }]);
    expect((await plugin.devshell!(projects.find((p) => p.name === 'api')!, ctx)).env).toEqual([]);
  });
});
