/**
 * Loads built images into a real engine (podman + runc serving the Docker API on a unix socket,
 * see helpers/podman.ts) through plugin-docker's own Engine API client, and runs the Go image.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginConfigSchema, serviceDockerSchema } from '../src/config-schema.js';
import { DockerEngine, engineEndpoint } from '../src/docker-engine.js';
import type { BuiltImage } from '../src/image-builder.js';
import { buildImages } from '../src/image-executor.js';
import { loadImage } from '../src/image-load.js';
import { resolveImageSpecs } from '../src/image-spec.js';
import { hasTool } from './helpers/exec.js';
import { fakeWorkspace, runCommand } from './helpers/fake-workspace.js';
import { executorContext, makeGoService, tempDir } from './helpers/fixtures.js';
import { podmanUnavailable, startPodman, type TestPodman } from './helpers/podman.js';

const skipReason = (await podmanUnavailable()) ?? (hasTool('go') ? undefined : 'go is not installed');
if (skipReason) console.warn(`docker-engine tests skipped: ${skipReason}`);

describe.skipIf(skipReason)('loading into a Docker-API engine (podman + runc)', () => {
  let podman: TestPodman;
  let ws: Awaited<ReturnType<typeof tempDir>>;
  let svc: string;
  const read = async (variant: string) => JSON.parse(await readFile(join(svc, 'dist/image', variant, 'image.json'), 'utf8')) as BuiltImage;

  beforeAll(async () => {
    podman = await startPodman();
    ws = await tempDir();
    svc = join(ws.path, 'services/api');
    await makeGoService(svc, 'api', 'hello from the container');
    const images = resolveImageSpecs({
      projectName: 'api', language: 'go', fields: {},
      service: serviceDockerSchema.parse({ env: { APP: 'prod' }, variants: { test: { env: { APP: 'test' } } } }),
      plugin: pluginConfigSchema.parse({}), hostArch: process.arch,
    });
    await buildImages({ images }, executorContext(ws.path, svc, 'api', 'go', 'feed0001'));
  });
  afterAll(async () => {
    await podman?.stop();
    await ws?.dispose();
  });

  it('finds the engine from DOCKER_HOST', async () => {
    const endpoint = engineEndpoint({ DOCKER_HOST: podman.env.DOCKER_HOST });
    expect(endpoint).toEqual({ socketPath: podman.socket });
    expect(await new DockerEngine(endpoint!).ping()).toBe(true);
    expect(() => engineEndpoint({ DOCKER_HOST: 'ssh://host' })).toThrow(/not supported: use unix:\/\//);
  });

  it('loads both variants, skips them the second time, and the prod image runs', async () => {
    const engine = new DockerEngine(engineEndpoint({ DOCKER_HOST: podman.env.DOCKER_HOST })!);
    const prod = await read('prod');
    const test = await read('test');
    expect(await loadImage(engine, join(svc, 'dist/image/prod'), prod)).toEqual({ reference: 'api:feed0001', status: 'loaded' });
    expect(await loadImage(engine, join(svc, 'dist/image/test'), test)).toEqual({ reference: 'api-test:feed0001', status: 'loaded' });
    expect(await engine.imageId('api:latest')).toBe(prod.configDigest);
    expect(await loadImage(engine, join(svc, 'dist/image/prod'), prod)).toEqual({ reference: 'api:feed0001', status: 'present' });

    const runProd = await engine.run('api:feed0001');
    expect(runProd).toEqual({ exitCode: 0, stdout: 'hello from the container APP=prod\n', stderr: '' });
    const runTest = await engine.run('api-test:latest');
    expect(runTest.stdout).toBe('hello from the container APP=test\n');
  });

  it('re-points latest when a new build is loaded', async () => {
    const engine = new DockerEngine(engineEndpoint({ DOCKER_HOST: podman.env.DOCKER_HOST })!);
    await makeGoService(svc, 'api', 'hello from build two');
    const images = resolveImageSpecs({ projectName: 'api', language: 'go', fields: {}, service: serviceDockerSchema.parse({ variants: { test: false } }), plugin: pluginConfigSchema.parse({}), hostArch: process.arch });
    await buildImages({ images }, executorContext(ws.path, svc, 'api', 'go', 'feed0002'));
    const second = await read('prod');
    expect(await loadImage(engine, join(svc, 'dist/image/prod'), second)).toEqual({ reference: 'api:feed0002', status: 'loaded' });
    expect(await engine.imageId('api:latest')).toBe(second.configDigest);
    expect((await engine.run('api:latest')).stdout).toBe('hello from build two APP=\n');
  });

  it('`ant docker load` builds, loads what the engine lacks, and says what it skipped', async () => {
    const root = join(ws.path, 'cmd');
    await makeGoService(join(root, 'services/web'), 'web', 'hello from web');
    const fake = await fakeWorkspace(root, [{ name: 'web', root: 'services/web', language: 'go', fields: { docker: { variants: { test: false } } } }]);
    const hash = await fake.taskHash('web:docker');
    const first = await runCommand(['docker', 'load'], fake, { DOCKER_HOST: podman.env.DOCKER_HOST });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^loaded  web:${hash} \\([0-9a-f]{12}\\)\n$`));
    const second = await runCommand(['docker', 'load', '--no-build'], fake, { DOCKER_HOST: podman.env.DOCKER_HOST });
    expect(second.stdout).toMatch(new RegExp(`^present web:${hash} `));
    const engine = new DockerEngine(engineEndpoint({ DOCKER_HOST: podman.env.DOCKER_HOST })!);
    expect((await engine.run(`web:${hash}`)).stdout).toBe('hello from web APP=\n');
  });
});
