/**
 * The whole path through the real `ant` binary in a temporary git repo: `ant run docker` (with
 * plugin-go building the service), caching, `ant docker tags`, `ant docker push` to a real
 * docker-registry and `ant docker load` into podman's Docker API, then a code change.
 * Skipped until the runner's CLI and plugin-go/plugin-docker are built (`npm run build`).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/docker-engine.js';
import type { BuiltImage } from '../../src/image-builder.js';
import { hasTool, must, run } from '../helpers/exec.js';
import { tempDir, writeTree } from '../helpers/fixtures.js';
import { podmanUnavailable, startPodman, type TestPodman } from '../helpers/podman.js';
import { registryMissing, startRegistry, type TestRegistry } from '../helpers/registry.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const antBin = join(repoRoot, 'packages/runner/bin/ant.js');
const needed = ['packages/runner/dist/cli/main.js', 'packages/plugin-go/dist/index.js', 'packages/plugin-docker/dist/index.js'].filter((f) => !existsSync(join(repoRoot, f)));
const skipReason =
  (needed.length ? `not built yet: ${needed.join(', ')} (run npm run build)` : undefined) ??
  registryMissing ??
  (await podmanUnavailable()) ??
  (['go', 'skopeo', 'git'].every(hasTool) ? undefined : 'go, skopeo or git missing');
if (skipReason) console.warn(`ant docker e2e skipped: ${skipReason}`);

interface Summary {
  exitCode: number;
  tasks: { id: string; hash: string; cache: string; exitCode: number }[];
}

describe.skipIf(skipReason)('ant run docker / ant docker tags|push|load (real binary)', () => {
  let registry: TestRegistry;
  let podman: TestPodman;
  let repo: Awaited<ReturnType<typeof tempDir>>;
  const env = () => ({ ...podman.env, NO_COLOR: '1', GOPROXY: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', ANT_CACHE_DIR: join(repo.path, '.ant/cache') });
  const ant = (args: string[]) => run('node', [antBin, ...args], { cwd: repo.path, env: env(), timeoutMs: 180_000 });
  const runDocker = async (name: string) => {
    const file = join(repo.path, `${name}.json`);
    const result = await ant(['run', 'docker', `--summarize=${file}`]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    return JSON.parse(await readFile(file, 'utf8')) as Summary;
  };
  // The commands first run `ant run docker` in-process, whose report shares stdout: keep our lines.
  const results = (stdout: string) => stdout.split('\n').filter((l) => /^(pushed|unchanged|loaded|present)\b/.test(l));
  const image = async (variant: string) => JSON.parse(await readFile(join(repo.path, 'services/api/dist/image', variant, 'image.json'), 'utf8')) as BuiltImage;

  beforeAll(async () => {
    [registry, podman] = await Promise.all([startRegistry(), startPodman()]);
    repo = await tempDir('ant-docker-e2e-');
    await writeTree(repo.path, {
      'ant.config.json': JSON.stringify({
        plugins: ['@ant/plugin-go', '@ant/plugin-docker'],
        docker: { registry: `${registry.host}/e2e` },
        services: {
          api: { language: 'go', path: 'services/api', goos: 'linux', docker: { env: { APP: 'e2e' }, exposedPorts: [8080], variants: { test: { env: { APP: 'e2e-test' } } } } },
        },
      }, null, 2),
      '.gitignore': 'dist/\n.ant/\n*.json.summary\n',
      'services/api/go.mod': 'module example.com/api\n\ngo 1.19\n',
      'services/api/main.go': 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() { fmt.Println("api says hi, APP=" + os.Getenv("APP")) }\n',
    });
    await must('git', ['init', '-q'], { cwd: repo.path });
    await must('git', ['add', '-A'], { cwd: repo.path });
    await must('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init'], { cwd: repo.path });
  });
  afterAll(async () => {
    await Promise.all([registry?.stop(), podman?.stop()]);
    await repo?.dispose();
  });

  it('builds, caches, tags, pushes, loads and rebuilds after a code change', async () => {
    const first = await runDocker('run1');
    expect(first.tasks.map((t) => [t.id, t.cache])).toEqual([['api:build', 'miss'], ['api:docker', 'miss']]);
    const hash = first.tasks.find((t) => t.id === 'api:docker')!.hash;
    const prod = await image('prod');
    expect(prod.tags).toEqual([hash, 'latest']);
    const info = JSON.parse(await must('skopeo', ['inspect', `docker-archive:${join(repo.path, 'services/api/dist/image/prod/image.tar')}`]));
    expect(info.Env).toEqual(['APP=e2e']);

    const tags = await ant(['docker', 'tags', '--json']);
    expect(JSON.parse(tags.stdout)).toEqual({ api: `api:${hash}`, 'api-test': `api-test:${hash}` });

    const second = await runDocker('run2');
    expect(second.tasks.map((t) => t.cache)).toEqual(['local', 'local']);

    const push = await ant(['docker', 'push']);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain(`pushed    ${registry.host}/e2e/api:${hash} ${prod.manifestDigest}`);
    const remote = JSON.parse(await must('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/e2e/api:${hash}`]));
    expect(remote.Digest).toBe(prod.manifestDigest);
    expect(results((await ant(['docker', 'push'])).stdout).map((l) => l.split(' ')[0])).toEqual(['unchanged', 'unchanged']);

    const load = await ant(['docker', 'load']);
    expect(load.code, load.stderr).toBe(0);
    expect(results(load.stdout).map((l) => l.slice(0, l.indexOf(' ('))).sort()).toEqual([`loaded  api-test:${hash}`, `loaded  api:${hash}`].sort());
    expect(results((await ant(['docker', 'load'])).stdout).map((l) => l.slice(0, l.indexOf(' ('))).sort()).toEqual([`present api-test:${hash}`, `present api:${hash}`].sort());
    const engine = new DockerEngine({ socketPath: podman.socket });
    expect(await engine.run(`api:${hash}`)).toEqual({ exitCode: 0, stdout: 'api says hi, APP=e2e\n', stderr: '' });
    expect((await engine.run('api-test:latest')).stdout).toBe('api says hi, APP=e2e-test\n');

    await writeFile(join(repo.path, 'services/api/main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("api v2") }\n');
    const third = await runDocker('run3');
    expect(third.tasks.map((t) => t.cache)).toEqual(['miss', 'miss']);
    const hash2 = third.tasks.find((t) => t.id === 'api:docker')!.hash;
    expect(hash2).not.toBe(hash);
    const prod2 = await image('prod');
    expect(prod2.manifestDigest).not.toBe(prod.manifestDigest);
    expect((await ant(['docker', 'load'])).stdout).toContain(`loaded  api:${hash2}`);
    expect((await engine.run('api:latest')).stdout).toBe('api v2\n');
  });
});
