/**
 * Pushes built images to a real Debian docker-registry and reads them back with skopeo; pulls base
 * images from it; goes through a token-auth front to exercise the WWW-Authenticate flow.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginConfigSchema, serviceDockerSchema } from '../src/config-schema.js';
import type { BuiltImage } from '../src/image-builder.js';
import { buildImages } from '../src/image-executor.js';
import { pushImage } from '../src/image-push.js';
import { resolveImageSpecs } from '../src/image-spec.js';
import { RegistryClient } from '../src/registry-client.js';
import { startAuthProxy } from './helpers/auth-proxy.js';
import { hasTool, must } from './helpers/exec.js';
import { executorContext, makeGoService, tempDir, writeTree } from './helpers/fixtures.js';
import { registryMissing, startRegistry, type TestRegistry } from './helpers/registry.js';

const skipReason = registryMissing ?? (['go', 'skopeo'].every(hasTool) ? undefined : 'go or skopeo missing');

async function build(root: string, projectRoot: string, name: string, docker: unknown, hash: string, language = 'go') {
  const images = resolveImageSpecs({ projectName: name, language, fields: {}, service: serviceDockerSchema.parse(docker), plugin: pluginConfigSchema.parse({}), hostArch: process.arch });
  await buildImages({ images }, executorContext(root, projectRoot, name, language, hash));
  return JSON.parse(await readFile(join(projectRoot, 'dist/image/prod/image.json'), 'utf8')) as BuiltImage;
}

describe.skipIf(skipReason)('pushing to and pulling from a real registry', () => {
  let registry: TestRegistry;
  let ws: Awaited<ReturnType<typeof tempDir>>;
  let api: string;
  let built: BuiltImage;

  beforeAll(async () => {
    registry = await startRegistry();
    ws = await tempDir();
    api = join(ws.path, 'services/api');
    await makeGoService(api, 'api', 'hello from api');
    built = await build(ws.path, api, 'api', { env: { APP: 'registry' } }, 'cafe0001');
  });
  afterAll(async () => {
    await registry?.stop();
    await ws?.dispose();
  });

  it('pushes blobs and the manifest; skopeo reads the same digest back and copy verifies the layers', async () => {
    const client = new RegistryClient({ registry: registry.host });
    const result = await pushImage(client, join(api, 'dist/image/prod'), built, 'team/api');
    expect(result).toMatchObject({ pushed: true, uploaded: 2, skipped: 0, digest: built.manifestDigest });
    const info = JSON.parse(await must('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/team/api:cafe0001`]));
    expect(info.Digest).toBe(built.manifestDigest);
    expect(info.Env).toEqual(['APP=registry']);
    const latest = JSON.parse(await must('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/team/api:latest`]));
    expect(latest.Digest).toBe(built.manifestDigest);
    await must('skopeo', ['copy', '--src-tls-verify=false', `docker://${registry.host}/team/api:cafe0001`, `oci:${ws.path}/pulled:x`]);
    await must('umoci', ['unpack', '--rootless', '--image', `${ws.path}/pulled:x`, `${ws.path}/bundle`]);
    expect((await must(join(ws.path, 'bundle/rootfs/bin/api'), [])).trim()).toBe('hello from api APP=');
  });

  it('does not re-push an unchanged image, and skips blobs the repository already has', async () => {
    const client = new RegistryClient({ registry: registry.host });
    const again = await pushImage(client, join(api, 'dist/image/prod'), built, 'team/api');
    expect(again).toMatchObject({ pushed: false, uploaded: 0, skipped: 0 });
    // Same layer, new config: only the config blob travels.
    const changed = await build(ws.path, api, 'api', { env: { APP: 'other' } }, 'cafe0002');
    const third = await pushImage(client, join(api, 'dist/image/prod'), changed, 'team/api');
    expect(third).toMatchObject({ pushed: true, uploaded: 1, skipped: 1 });
    // Rebuilding the first config gives the first image again, byte for byte.
    const rebuilt = await build(ws.path, api, 'api', { env: { APP: 'registry' } }, 'cafe0001');
    expect(rebuilt.manifestDigest).toBe(built.manifestDigest);
  });

  it('uploads in PATCH chunks when asked to', async () => {
    const client = new RegistryClient({ registry: registry.host, chunkSize: 64 * 1024 });
    const result = await pushImage(client, join(api, 'dist/image/prod'), built, 'chunked/api');
    expect(result.uploaded).toBe(2);
    expect(built.layers[0].size).toBeGreaterThan(64 * 1024 * 3);
    await must('skopeo', ['copy', '--src-tls-verify=false', `docker://${registry.host}/chunked/api:cafe0001`, `oci:${ws.path}/chunked:x`]);
  });

  it('builds on base images from the registry, an OCI layout and a docker-archive', async () => {
    const client = new RegistryClient({ registry: registry.host });
    await pushImage(client, join(api, 'dist/image/prod'), built, 'base/api');
    const svc = join(ws.path, 'services/web');
    await writeTree(svc, { 'static/index.html': '<h1>hi</h1>\n' });
    const contents = [{ from: 'static', to: '/srv/static/' }];
    const fromRegistry = await build(ws.path, svc, 'web', { base: `docker://${registry.host}/base/api:cafe0001`, contents, env: { ROLE: 'web' } }, 'w1', 'static');
    const fromLayout = await build(ws.path, svc, 'web', { base: 'oci:$root/services/api/dist/image/prod/oci:cafe0001', contents, env: { ROLE: 'web' } }, 'w1', 'static');
    const fromArchive = await build(ws.path, svc, 'web', { base: 'docker-archive:../api/dist/image/prod/image.tar', contents, env: { ROLE: 'web' } }, 'w1', 'static');
    expect(fromRegistry.layers.map((l) => l.diffId)).toEqual([built.layers[0].diffId, fromRegistry.layers[1].diffId]);
    expect(fromLayout.manifestDigest).toBe(fromRegistry.manifestDigest);
    expect(fromArchive.manifestDigest).toBe(fromRegistry.manifestDigest);
    const config = JSON.parse(await must('skopeo', ['inspect', '--config', `docker-archive:${svc}/dist/image/prod/image.tar`]));
    expect(config.config.Env).toEqual(['APP=registry', 'ROLE=web']);
    expect(config.config.Entrypoint).toEqual(['/bin/api']);
    await must('skopeo', ['copy', `docker-archive:${svc}/dist/image/prod/image.tar`, `oci:${ws.path}/web:x`]);
    await must('umoci', ['unpack', '--rootless', '--image', `${ws.path}/web:x`, `${ws.path}/web-bundle`]);
    expect(await readFile(join(ws.path, 'web-bundle/rootfs/srv/static/index.html'), 'utf8')).toBe('<h1>hi</h1>\n');
  });

  it('answers Bearer challenges with a token fetched with Basic credentials, and names the fix without them', async () => {
    const proxy = await startAuthProxy(registry.host);
    try {
      const anonymous = new RegistryClient({ registry: proxy.host, env: { HOME: ws.path } });
      await expect(pushImage(anonymous, join(api, 'dist/image/prod'), built, 'secure/api')).rejects.toThrow(/HTTP 401.*ANT_REGISTRY_USERNAME/);
      const client = new RegistryClient({ registry: proxy.host, env: { ANT_REGISTRY_USERNAME: 'ant', ANT_REGISTRY_PASSWORD: 'secret' } });
      const result = await pushImage(client, join(api, 'dist/image/prod'), built, 'secure/api');
      expect(result.pushed).toBe(true);
      expect(proxy.tokenRequests.some((u) => u.includes('scope=repository%3Asecure%2Fapi%3Apull%2Cpush') && u.includes('service=test-registry'))).toBe(true);
      const info = JSON.parse(await must('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/secure/api:cafe0001`]));
      expect(info.Digest).toBe(built.manifestDigest);
    } finally {
      await proxy.stop();
    }
  });

  it('answers Basic challenges with credentials from ~/.docker/config.json', async () => {
    const proxy = await startAuthProxy(registry.host, 'basic');
    try {
      const anonymous = new RegistryClient({ registry: proxy.host, env: { HOME: ws.path } });
      await expect(anonymous.hasBlob('basic/api', built.configDigest)).rejects.toThrow(`Registry ${proxy.host} asks for a user name and password.`);
      await writeTree(ws.path, { 'docker-config/config.json': JSON.stringify({ auths: { [proxy.host]: { auth: Buffer.from('ant:secret').toString('base64') } } }) });
      const client = new RegistryClient({ registry: proxy.host, env: { DOCKER_CONFIG: join(ws.path, 'docker-config') } });
      expect((await pushImage(client, join(api, 'dist/image/prod'), built, 'basic/api')).pushed).toBe(true);
      expect(await client.manifestDigest('basic/api', 'latest')).toBe(built.manifestDigest);
    } finally {
      await proxy.stop();
    }
  });

  it('picks the linux image of the host architecture from a multi-platform index', async () => {
    const client = new RegistryClient({ registry: registry.host });
    await pushImage(client, join(api, 'dist/image/prod'), built, 'multi/api');
    const manifestSize = (await readFile(join(api, 'dist/image/prod/oci/blobs/sha256', built.manifestDigest.slice(7)))).length;
    // Another image in the same repository stands in for the other platform (the registry checks children exist).
    const decoy = join(ws.path, 'services/decoy');
    await writeTree(decoy, { 'decoy.txt': 'not for this host' });
    const other = await build(ws.path, decoy, 'decoy', { contents: [{ from: 'decoy.txt', to: '/decoy.txt' }] }, 'd1', 'static');
    await pushImage(client, join(decoy, 'dist/image/prod'), other, 'multi/api');
    const otherSize = (await readFile(join(decoy, 'dist/image/prod/oci/blobs/sha256', other.manifestDigest.slice(7)))).length;
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: other.manifestDigest, size: otherSize, platform: { os: 'linux', architecture: 's390x' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: built.manifestDigest, size: manifestSize, platform: { os: 'linux', architecture: process.arch === 'arm64' ? 'arm64' : 'amd64' } },
      ],
    }));
    await client.putManifest('multi/api', 'multi', index, 'application/vnd.oci.image.index.v1+json');
    const svc = join(ws.path, 'services/multi');
    await writeTree(svc, { 'f.txt': 'x' });
    const image = await build(ws.path, svc, 'multi', { base: `docker://${registry.host}/multi/api:multi`, contents: [{ from: 'f.txt', to: '/f.txt' }] }, 'm1', 'static');
    expect(image.layers[0].diffId).toBe(built.layers[0].diffId);
  });

  it('refuses a base image whose blob does not match its digest', async () => {
    const layout = join(ws.path, 'bad-base');
    await must('cp', ['-r', join(api, 'dist/image/prod/oci'), layout]);
    const config = join(layout, 'blobs/sha256', built.configDigest.slice(7));
    await writeFile(config, (await readFile(config, 'utf8')).replace('APP=registry', 'APP=tampered'));
    const svc = join(ws.path, 'services/bad');
    await writeTree(svc, { 'f.txt': 'x' });
    await expect(build(ws.path, svc, 'bad', { base: `oci:${layout}:latest`, contents: [{ from: 'f.txt', to: '/f.txt' }] }, 'b1', 'static')).rejects.toThrow(
      `OCI layout ${layout}: blob ${built.configDigest} does not match its digest (corrupt layout)`,
    );
  });
});
