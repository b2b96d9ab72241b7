/**
 * The plugin as the host sees it (inferTasks, hashInputs) and its commands (`ant docker tags|push|load`)
 * driven through clipanion with a fake ant context, against a real registry.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { EXECUTOR_MODULE } from '../src/tasks.js';
import { hasTool, must } from './helpers/exec.js';
import { fakeWorkspace, pluginContext, runCommand } from './helpers/fake-workspace.js';
import { makeGoService, tempDir, writeTree } from './helpers/fixtures.js';
import { registryMissing, startRegistry, type TestRegistry } from './helpers/registry.js';

const project = (name: string, language: string, fields: Record<string, unknown>) => ({ name, root: `services/${name}`, absRoot: `/ws/services/${name}`, language, fields, tags: [] });

describe('the plugin object', () => {
  it('infers a docker executor task only for projects with a docker field', async () => {
    const ctx = pluginContext('/ws', { registry: '127.0.0.1:5000' });
    const tasks = await plugin.inferTasks!(project('api', 'go', { docker: { env: { A: '1' } } }), ctx);
    expect(tasks.docker).toMatchObject({ dependsOn: ['build', 'install'], outputs: ['dist/image/**'], executor: { module: EXECUTOR_MODULE, export: 'buildImages' } });
    expect(EXECUTOR_MODULE).toMatch(/image-executor\.js$/);
    const images = (tasks.docker.executor!.options as { images: { name: string; variant: string; layers: string[] }[] }).images;
    expect(images.map((i) => [i.name, i.variant, i.layers])).toEqual([['api', 'prod', ['app']], ['api-test', 'test', ['app']]]);
    expect(await plugin.inferTasks!(project('lib', 'go', {}), ctx)).toEqual({});
  });

  it('names the service and the field when its docker config is wrong', async () => {
    const ctx = pluginContext('/ws');
    await expect(plugin.inferTasks!(project('api', 'go', { docker: { base: 'ubuntu', contents: [{ from: 'x', to: 'rel' }] } }), ctx)).rejects.toThrow(
      'ant.config.json: services.api.docker.base: expected "scratch", "oci:DIR[:REF]", "docker-archive:FILE" or "docker://HOST/REPO:TAG"\n' +
        'ant.config.json: services.api.docker.contents.0.to: must be an absolute path in the image, e.g. "/app/"',
    );
    expect(plugin.configSchema!.safeParse({ registy: 'x' }).success).toBe(false);
  });

  it('adds the image format version and the identity of on-disk base images to the hash inputs', async () => {
    const ws = await tempDir();
    try {
      await writeTree(ws.path, { 'base/oci/index.json': '{"schemaVersion":2,"manifests":[]}' });
      const p = { ...project('api', 'go', { docker: { base: 'oci:$root/base/oci' } }), absRoot: join(ws.path, 'services/api') };
      const ctx = pluginContext(ws.path);
      const tasks = await plugin.inferTasks!(p, ctx);
      const inputs = await plugin.hashInputs!(p, 'docker', tasks.docker, ctx);
      expect(inputs).toEqual({ 'image-format': '1', 'base:oci:$root/base/oci': expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      expect(await plugin.hashInputs!(p, 'build', {}, ctx)).toEqual({});
    } finally {
      await ws.dispose();
    }
  });
});

describe.skipIf(registryMissing ?? (hasTool('go') && hasTool('skopeo') ? undefined : 'go or skopeo missing'))('ant docker tags|push|load', () => {
  let registry: TestRegistry;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let ws: Awaited<ReturnType<typeof fakeWorkspace>>;

  beforeAll(async () => {
    registry = await startRegistry();
    dir = await tempDir();
    await makeGoService(join(dir.path, 'services/api'), 'api', 'hello');
    await makeGoService(join(dir.path, 'services/admin'), 'admin', 'admin');
    ws = await fakeWorkspace(dir.path, [
      { name: 'api', root: 'services/api', language: 'go', fields: { docker: { exposedPorts: [8080] } } },
      { name: 'admin', root: 'services/admin', language: 'go', fields: { docker: { variants: { test: false } } } },
      { name: 'lib', root: 'libs/lib', language: 'go' },
    ]);
  });
  afterAll(async () => {
    await registry?.stop();
    await dir?.dispose();
  });

  it('tags prints every image with its task-hash tag, as text and JSON', async () => {
    const api = await ws.taskHash('api:docker');
    const admin = await ws.taskHash('admin:docker');
    const json = await runCommand(['docker', 'tags', '--json'], ws);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ admin: `admin:${admin}`, api: `api:${api}`, 'api-test': `api-test:${api}` });
    const text = await runCommand(['docker', 'tags'], ws);
    expect(text.stdout).toBe(`admin     admin:${admin}\napi       api:${api}\napi-test  api-test:${api}\n`);
    expect(ws.runs).toEqual([]);
  });

  it('push builds, pushes every image, and skips unchanged ones the second time', async () => {
    const first = await runCommand(['docker', 'push', '--registry', `${registry.host}/acme`], ws);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['pushed', 'pushed', 'pushed']);
    const hash = await ws.taskHash('api:docker');
    const info = JSON.parse(await must('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/acme/api:${hash}`]));
    expect(info.RepoTags.sort()).toEqual([hash, 'latest'].sort());
    const second = await runCommand(['docker', 'push', '--registry', `${registry.host}/acme`, '--json', '--projects', 'api'], ws);
    expect(second.code).toBe(0);
    const results = JSON.parse(second.stdout) as { reference: string; pushed: boolean }[];
    expect(results.map((r) => [r.reference, r.pushed])).toEqual([[`${registry.host}/acme/api:${hash}`, false], [`${registry.host}/acme/api-test:${hash}`, false]]);
    expect(ws.runs).toEqual([['docker'], ['docker', '--projects', 'api']]);
  });

  it('push without a registry is a usage error that says where to set one', async () => {
    const result = await runCommand(['docker', 'push', '--no-build'], ws);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no registry: pass --registry/);
  });

  it('load without a reachable engine exits 1 and says where the image tars are', async () => {
    const result = await runCommand(['docker', 'load', '--no-build', '--projects', 'admin'], ws, { DOCKER_HOST: `unix://${dir.path}/nope.sock` });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error no Docker engine answers (unix://${dir.path}/nope.sock). The images are built; load them where an engine runs:\n` +
        `  docker load -i ${join(dir.path, 'services/admin/dist/image/prod/image.tar')}\n`,
    );
  });

  it('an unknown project is an error naming the known ones', async () => {
    const result = await runCommand(['docker', 'tags', '--projects', 'nope'], ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error Unknown project(s): nope. Known: admin, api, lib\n');
  });
});
