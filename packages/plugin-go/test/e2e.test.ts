/**
 * End to end through the real `ant` binary: a temp git repo whose ant.config.json lists
 * @ant/plugin-go, as the Nix flake declared the service. Skipped until the core CLI is built.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { platformTree } from './fixtures.js';
import { run, useTempDir } from './helpers.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const ANT = join(REPO, 'packages/runner/bin/ant.js');
const built = existsSync(join(REPO, 'packages/runner/dist/cli/main.js')) && existsSync(join(REPO, 'packages/plugin-go/dist/index.js'));

interface Summary {
  exitCode: number;
  tasks: { id: string; cache: string; exitCode: number; dependsOn: string[] }[];
}

async function gitRepo(config: unknown): Promise<string> {
  const root = await useTempDir({ ...platformTree(), 'ant.config.json': `${JSON.stringify(config, null, 2)}\n`, '.gitignore': 'dist/\n.ant/\n' });
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'init']]) {
    const r = await run('git', args, root);
    expect(r.stderr).toBe('');
  }
  return root;
}

async function ant(root: string, ...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return run('node', [ANT, ...args], root, { ...process.env, NO_COLOR: '1' });
}

async function antRun(root: string, ...args: string[]): Promise<{ summary: Summary; output: string }> {
  const file = join(root, '.ant', `summary-${Date.now()}.json`);
  const result = await ant(root, 'run', ...args, `--summarize=${file}`);
  const summary = JSON.parse(await readFile(file, 'utf8')) as Summary;
  return { summary, output: result.stdout + result.stderr };
}

const cacheOf = (summary: Summary): Record<string, string> => Object.fromEntries(summary.tasks.map((t) => [t.id, t.cache]));

describe.skipIf(!built)('ant with @ant/plugin-go', () => {
  it('shows the Go projects with their replace dependency and tasks', async () => {
    const root = await gitRepo({ plugins: ['@ant/plugin-go'], services: { api: { language: 'go', path: 'services/api', vendorHash: '' } } });
    const result = await ant(root, 'show', 'projects', '--json');
    expect(result.stderr).toBe('');
    const projects = JSON.parse(result.stdout) as { name: string; path: string; language: string; dependencies: string[]; tasks: string[] }[];
    const api = projects.find((p) => p.name === 'api')!;
    expect(api).toMatchObject({ language: 'go', path: 'services/api', dependencies: ['greet'] });
    expect([...api.tasks].sort()).toEqual(['build', 'lint', 'test', 'vendor']);
    expect(projects.map((p) => p.name).sort()).toEqual(['admin', 'api', 'greet']);
  });

  it('fails a wrong vendorHash the Nix way, fixes it with ant go vendor-hash --write, then builds and caches', async () => {
    // The platform config's build defaults replace the plugin's dependsOn: the build still checks.
    const root = await gitRepo({
      plugins: ['@ant/plugin-go'],
      services: { api: { language: 'go', path: 'services/api', vendorHash: '' } },
      tasks: { build: { dependsOn: ['^build'], outputs: ['dist/**'] } },
    });
    const failed = await antRun(root, 'build', '--projects', 'api');
    expect(failed.summary.exitCode).toBe(1);
    expect(failed.output).toMatch(/hash mismatch in vendor of services\/api:\n.*  specified: sha256-A{43}=\n.*     got:    sha256-[A-Za-z0-9+/]{43}=/);

    const write = await ant(root, 'go', 'vendor-hash', 'api', '--write');
    expect(write.exitCode).toBe(0);
    const sri = write.stdout.trim();
    expect(sri).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
    const config = JSON.parse(await readFile(join(root, 'ant.config.json'), 'utf8')) as { services: { api: { vendorHash: string } } };
    expect(config.services.api.vendorHash).toBe(sri);

    const first = await antRun(root, 'build', '--projects', 'api');
    expect(first.summary.exitCode).toBe(0);
    expect(cacheOf(first.summary)).toMatchObject({ 'api:build': 'miss' });
    const binary = join(root, 'services/api/dist/bin/api');
    expect((await run(binary, [], root)).stdout).toBe('hello, ant v1\n');

    await rm(join(root, 'services/api/dist'), { recursive: true });
    const second = await antRun(root, 'build', '--projects', 'api');
    expect(cacheOf(second.summary)).toMatchObject({ 'api:build': 'local' });
    expect((await run(binary, [], root)).stdout).toBe('hello, ant v1\n');

    // An embedded file is a build input: changing it rebuilds.
    await writeFile(join(root, 'services/api/static/motd.txt'), 'v2\n');
    const third = await antRun(root, 'build', '--projects', 'api');
    expect(cacheOf(third.summary)).toMatchObject({ 'api:build': 'miss' });
    expect((await run(binary, [], root)).stdout).toBe('hello, ant v2\n');

    // The standalone check, cached like any task.
    const vendor = await antRun(root, 'vendor');
    expect(cacheOf(vendor.summary)).toEqual({ 'api:vendor': 'miss' });
    expect(cacheOf((await antRun(root, 'vendor')).summary)).toEqual({ 'api:vendor': 'local' });
  });

  it('narrows a root go.work change to the modules it lists (ant affected)', async () => {
    const root = await gitRepo({ plugins: ['@ant/plugin-go'] });
    await writeFile(join(root, 'go.work'), 'go 1.22\n\nuse (\n\t./services/api\n\t./libs/greet\n)\n');
    const result = await ant(root, 'affected', '--base', 'HEAD', '--json');
    const affected = JSON.parse(result.stdout) as { changedFiles: string[]; projects: string[] };
    expect(affected.changedFiles).toEqual(['go.work']);
    expect([...affected.projects].sort()).toEqual(['api', 'greet']);
  });

  it('runs lint and test, and a lint failure fails the run', async () => {
    const root = await gitRepo({ plugins: ['@ant/plugin-go'] });
    const ok = await antRun(root, 'lint', 'test');
    expect(ok.summary.exitCode).toBe(0);
    expect(ok.summary.tasks.map((t) => t.id).sort()).toEqual(['admin:lint', 'admin:test', 'api:lint', 'api:test', 'greet:lint', 'greet:test']);
    await writeFile(join(root, 'libs/greet/greet.go'), 'package greet\n\n// Hello greets name.\nfunc Hello(name string) string {return "hello, " + name}\n');
    const bad = await antRun(root, 'lint', '--projects', 'greet');
    expect(bad.summary.exitCode).toBe(1);
    expect(bad.output).toContain('./greet.go');
  });
});
