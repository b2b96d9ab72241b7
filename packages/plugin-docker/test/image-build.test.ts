/**
 * Builds real images from a real Go service (go build, static, linux) and a Python service (venv
 * dependency layer + source layer), and checks them with skopeo and umoci.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginConfigSchema, serviceDockerSchema } from '../src/config-schema.js';
import type { BuiltImage } from '../src/image-builder.js';
import { buildImages } from '../src/image-executor.js';
import { resolveImageSpecs } from '../src/image-spec.js';
import { hasTool, must, run } from './helpers/exec.js';
import { executorContext, makeGoService, makePythonService, tempDir } from './helpers/fixtures.js';

const missing = ['go', 'skopeo', 'umoci', 'python3'].filter((t) => !hasTool(t));
const skipReason = missing.length ? `missing tools: ${missing.join(', ')}` : undefined;

async function build(root: string, projectRoot: string, name: string, language: string, docker: unknown, hash: string) {
  const specs = resolveImageSpecs({
    projectName: name,
    language,
    fields: {},
    service: serviceDockerSchema.parse(docker),
    plugin: pluginConfigSchema.parse({}),
    hostArch: process.arch,
  });
  const logs: string[] = [];
  await buildImages({ images: specs }, executorContext(root, projectRoot, name, language, hash, logs));
  const read = async (variant: string) => JSON.parse(await readFile(join(projectRoot, 'dist/image', variant, 'image.json'), 'utf8')) as BuiltImage;
  return { prod: await read('prod'), test: await read('test'), logs };
}

const sha256File = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe.skipIf(skipReason)('images of a Go service', () => {
  let ws: Awaited<ReturnType<typeof tempDir>>;
  let svc: string;
  let built: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    ws = await tempDir();
    svc = join(ws.path, 'services/api');
    await makeGoService(svc, 'api', 'hello from api');
    await mkdir(join(ws.path, 'copies'));
    built = await build(ws.path, svc, 'api', 'go', { env: { APP: 'prod' }, exposedPorts: [8080], labels: { team: 'platform' }, variants: { test: { env: { APP: 'test' } } } }, '0123456789abcdef');
  });
  afterAll(async () => ws?.dispose());

  it('writes a docker-archive that skopeo reads, with the config as declared', async () => {
    const archive = join(svc, 'dist/image/prod/image.tar');
    const info = JSON.parse(await must('skopeo', ['inspect', `docker-archive:${archive}`]));
    expect(info.Architecture).toBe(process.arch === 'arm64' ? 'arm64' : 'amd64');
    expect(info.Os).toBe('linux');
    expect(info.Created).toBe('1970-01-01T00:00:01Z');
    expect(info.Env).toEqual(['APP=prod']);
    expect(info.Labels).toEqual({ team: 'platform' });
    expect(info.Layers).toEqual(built.prod.layers.map((l) => l.diffId));
    expect(info.Digest).toBeDefined();
    const tags = JSON.parse(await must('skopeo', ['list-tags', `docker-archive:${archive}`]));
    expect(tags.Tags.sort()).toEqual(['api:0123456789abcdef', 'api:latest']);
    const config = JSON.parse(await must('skopeo', ['inspect', '--config', `docker-archive:${archive}`]));
    expect(config.config.Entrypoint).toEqual(['/bin/api']);
    expect(config.config.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(`sha256:${createHash('sha256').update(await must('skopeo', ['inspect', '--config', '--raw', `docker-archive:${archive}`])).digest('hex')}`).toBe(built.prod.configDigest);
  });

  it('writes an OCI layout whose manifest digest skopeo reports, and skopeo copy verifies every blob', async () => {
    const layout = join(svc, 'dist/image/prod/oci');
    const info = JSON.parse(await must('skopeo', ['inspect', `oci:${layout}:0123456789abcdef`]));
    expect(info.Digest).toBe(built.prod.manifestDigest);
    const out = join(ws.path, 'copies');
    await must('skopeo', ['copy', `oci:${layout}:latest`, `oci:${out}/from-oci:x`]);
    await must('skopeo', ['copy', `docker-archive:${join(svc, 'dist/image/prod/image.tar')}`, `oci:${out}/from-archive:x`]);
    const copied = JSON.parse(await must('skopeo', ['inspect', `oci:${out}/from-archive:x`]));
    expect(copied.Env).toEqual(['APP=prod']);
  });

  it('skopeo copy rejects a tampered layer (the check the other tests rely on)', async () => {
    const layout = join(ws.path, 'tampered');
    await must('cp', ['-r', join(svc, 'dist/image/prod/oci'), layout]);
    const layer = join(layout, 'blobs/sha256', built.prod.layers[0].digest.slice(7));
    const bytes = await readFile(layer);
    bytes[600] ^= 0xff;
    await writeFile(layer, bytes);
    const result = await run('skopeo', ['copy', `oci:${layout}:latest`, `oci:${ws.path}/copies/tampered:x`]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/[Dd]igest did not match/);
  });

  it('unpacks with umoci, and the Go binary in the rootfs runs', async () => {
    const bundle = join(ws.path, 'bundle');
    await must('umoci', ['unpack', '--rootless', '--image', `${join(svc, 'dist/image/prod/oci')}:latest`, bundle]);
    const out = await must(join(bundle, 'rootfs/bin/api'), [], { env: { APP: 'unpacked' } });
    expect(out.trim()).toBe('hello from api APP=unpacked');
    const runtime = JSON.parse(await readFile(join(bundle, 'config.json'), 'utf8'));
    expect(runtime.process.args).toEqual(['/bin/api']);
    expect(runtime.process.env).toContain('APP=prod');
  });

  it('prod and test variants differ only where the config says', () => {
    expect(built.test.name).toBe('api-test');
    expect(built.test.layers.map((l) => l.digest)).toEqual(built.prod.layers.map((l) => l.digest));
    expect(built.test.configDigest).not.toBe(built.prod.configDigest);
  });

  it('is bit-for-bit reproducible: a second checkout in another directory gives the same digests and bytes', async () => {
    const other = await tempDir();
    try {
      const svc2 = join(other.path, 'elsewhere/api');
      await makeGoService(svc2, 'api', 'hello from api');
      const again = await build(other.path, svc2, 'api', 'go', { env: { APP: 'prod' }, exposedPorts: [8080], labels: { team: 'platform' }, variants: { test: { env: { APP: 'test' } } } }, '0123456789abcdef');
      expect(again.prod.manifestDigest).toBe(built.prod.manifestDigest);
      expect(again.test.manifestDigest).toBe(built.test.manifestDigest);
      expect(await sha256File(join(svc2, 'dist/image/prod/image.tar'))).toBe(await sha256File(join(svc, 'dist/image/prod/image.tar')));
    } finally {
      await other.dispose();
    }
  });
});

describe.skipIf(skipReason)('images of a Python service', () => {
  it('puts the venv in a dependency layer below the code, and a code change only changes the top layer', async () => {
    const ws = await tempDir();
    try {
      const svc = join(ws.path, 'services/hello');
      const pyVersion = await makePythonService(svc);
      const docker = { cmd: ['python3', '-m', 'hello'], variants: { test: { extraContents: [{ from: 'tests', to: '/app/tests/', layer: 'test' }] } } };
      await mkdir(join(svc, 'tests'));
      await writeFile(join(svc, 'tests/test_hello.py'), 'def test_ok():\n    assert True\n');
      const first = await build(ws.path, svc, 'hello', 'python', docker, 'aaaa');
      expect(first.prod.layers.map((l) => l.name)).toEqual(['deps', 'app']);
      expect(first.test.layers.map((l) => l.name)).toEqual(['deps', 'test', 'app']);

      // The image's own files, unpacked with umoci, run with the host's python3.
      const bundle = join(ws.path, 'bundle');
      await must('umoci', ['unpack', '--rootless', '--image', `${join(svc, 'dist/image/prod/oci')}:latest`, bundle]);
      const rootfs = join(bundle, 'rootfs');
      const out = await must('python3', ['-m', 'hello'], {
        env: { ...process.env, PYTHONPATH: `${rootfs}/app/src:${rootfs}/app/.venv/lib/${pyVersion}/site-packages` },
      });
      expect(out.trim()).toBe('hello from python');
      const config = JSON.parse(await must('skopeo', ['inspect', '--config', `oci:${join(svc, 'dist/image/prod/oci')}:latest`]));
      expect(config.config.Env).toContain('PYTHONPATH=/app/src');
      expect(config.config.WorkingDir).toBe('/app');

      await writeFile(join(svc, 'src/hello/__main__.py'), 'from greeting import greet\n\nprint(greet("python, changed"))\n');
      const second = await build(ws.path, svc, 'hello', 'python', docker, 'bbbb');
      expect(second.prod.layers[0].digest).toBe(first.prod.layers[0].digest);
      expect(second.prod.layers[1].digest).not.toBe(first.prod.layers[1].digest);
      expect(second.test.layers.slice(0, 2).map((l) => l.digest)).toEqual(first.test.layers.slice(0, 2).map((l) => l.digest));
      expect(second.prod.manifestDigest).not.toBe(first.prod.manifestDigest);
      await must('skopeo', ['copy', `docker-archive:${join(svc, 'dist/image/test/image.tar')}`, `oci:${ws.path}/copy:x`]);
    } finally {
      await ws.dispose();
    }
  });
});

describe.skipIf(skipReason)('gzip-compressed layers', () => {
  it('gzips the OCI layout layers (same diff_ids), keeps the docker-archive uncompressed, and skopeo verifies both', async () => {
    const ws = await tempDir();
    try {
      const svc = join(ws.path, 'svc');
      await makeGoService(svc, 'svc', 'gz');
      const plain = await build(ws.path, svc, 'svc', 'go', {}, 'h');
      const gz = await build(ws.path, svc, 'svc', 'go', { compression: 'gzip' }, 'h');
      expect(gz.prod.layers.map((l) => l.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+gzip']);
      expect(gz.prod.layers[0].diffId).toBe(plain.prod.layers[0].diffId);
      expect(gz.prod.layers[0].size).toBeLessThan(plain.prod.layers[0].size);
      expect(gz.prod.configDigest).toBe(plain.prod.configDigest);
      await must('skopeo', ['copy', `oci:${join(svc, 'dist/image/prod/oci')}:latest`, `oci:${ws.path}/gz-copy:x`]);
      const info = JSON.parse(await must('skopeo', ['inspect', `docker-archive:${join(svc, 'dist/image/prod/image.tar')}`]));
      expect(info.Layers).toEqual([plain.prod.layers[0].diffId]);
    } finally {
      await ws.dispose();
    }
  });
});
