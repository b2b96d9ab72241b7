import { spawn } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync, symlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANT_BIN, cleanEnv, tempRepo, twoProjectConfig } from '../helpers/temp-repo.js';

const byId = (tasks: { id: string; cache: string }[]) => Object.fromEntries(tasks.map((t) => [t.id, t.cache]));

describe('content-addressed cache', () => {
  it('hits after no change, restores outputs byte-for-byte with modes, replays the log', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        services: {
          a: {
            language: 'sh',
            path: 'a',
            tasks: {
              build: {
                command: 'mkdir -p dist/empty dist/bin && printf "\\000\\001binary" > dist/data.bin && printf "#!/bin/sh\\necho hi\\n" > dist/bin/tool && chmod 755 dist/bin/tool && ln -sf data.bin dist/link && echo log line',
                outputs: ['dist/**'],
              },
            },
          },
        },
      },
      'a/src.txt': 'x',
    });
    const first = await repo.runSummary(['build']);
    expect(byId(first.summary.tasks)).toEqual({ 'a:build': 'miss' });
    const before = readFileSync(path.join(repo.root, 'a/dist/data.bin'));

    const second = await repo.runSummary(['build']);
    expect(byId(second.summary.tasks)).toEqual({ 'a:build': 'local' });
    expect(second.stdout).toContain('a:build | log line');

    // Remove the outputs: the hit must restore them exactly.
    await import('node:fs/promises').then((fs) => fs.rm(path.join(repo.root, 'a/dist'), { recursive: true }));
    const third = await repo.runSummary(['build']);
    expect(byId(third.summary.tasks)).toEqual({ 'a:build': 'local' });
    expect(readFileSync(path.join(repo.root, 'a/dist/data.bin')).equals(before)).toBe(true);
    expect(statSync(path.join(repo.root, 'a/dist/bin/tool')).mode & 0o777).toBe(0o755);
    expect(lstatSync(path.join(repo.root, 'a/dist/link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(repo.root, 'a/dist/link'))).toBe('data.bin');
    expect(statSync(path.join(repo.root, 'a/dist/empty')).isDirectory()).toBe(true);
  });

  it('a hit whose outputs are already in place rewrites nothing', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    await repo.runSummary(['build']);
    const mtime = statSync(path.join(repo.root, 'b/dist/out.txt')).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const again = await repo.runSummary(['build']);
    expect(byId(again.summary.tasks)).toEqual({ 'a:build': 'local', 'b:build': 'local' });
    expect(statSync(path.join(repo.root, 'b/dist/out.txt')).mtimeMs).toBe(mtime);
  });

  it('a stale output is replaced on restore, and a changed output file is restored', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    await repo.runSummary(['build']);
    repo.write({ 'a/dist/out.txt': 'tampered\n', 'a/dist/stale.txt': 'old' });
    const again = await repo.runSummary(['build']);
    expect(byId(again.summary.tasks)['a:build']).toBe('local');
    expect(repo.read('a/dist/out.txt')).toBe('A\n');
    expect(repo.exists('a/dist/stale.txt')).toBe(false);
  });

  it('editing one input reruns exactly the tasks it affects', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    await repo.runSummary(['build']);
    repo.write({ 'b/src.txt': 'B2\n' });
    const edited = await repo.runSummary(['build']);
    expect(byId(edited.summary.tasks)).toEqual({ 'a:build': 'local', 'b:build': 'miss' });
    repo.write({ 'a/src.txt': 'A2\n' });
    const upstream = await repo.runSummary(['build']);
    // A dependency's change reruns its dependents too.
    expect(byId(upstream.summary.tasks)).toEqual({ 'a:build': 'miss', 'b:build': 'miss' });
    expect(repo.read('b/dist/out.txt')).toBe('A2\nB2\n');
  });

  it('a touched but unchanged file stays a hit; an untracked new file in the project misses', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    await repo.runSummary(['build']);
    const now = new Date();
    await import('node:fs/promises').then((fs) => fs.utimes(path.join(repo.root, 'a/src.txt'), now, now));
    expect(byId((await repo.runSummary(['build'])).summary.tasks)['a:build']).toBe('local');
    repo.write({ 'a/new.txt': 'new' });
    expect(byId((await repo.runSummary(['build'])).summary.tasks)['a:build']).toBe('miss');
  });

  it('declared env changes the hash; an unlisted env var does not; passThroughEnv is passed but not hashed', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        services: {
          a: {
            language: 'sh',
            path: 'a',
            tasks: { build: { command: 'echo "mode=$MODE pass=$PASS other=$OTHER"', env: ['MODE'], passThroughEnv: ['PASS'] } },
          },
        },
      },
      'a/src.txt': 'x',
    });
    const first = await repo.runSummary(['build'], { env: { MODE: 'dev', PASS: 'p1', OTHER: 'o1' } });
    expect(first.stdout).toContain('mode=dev pass=p1 other=');
    expect(first.stdout).not.toContain('other=o1'); // strict env: unlisted vars do not leak in
    expect(byId((await repo.runSummary(['build'], { env: { MODE: 'dev', PASS: 'p2', OTHER: 'o2' } })).summary.tasks)['a:build']).toBe('local');
    expect(byId((await repo.runSummary(['build'], { env: { MODE: 'prod' } })).summary.tasks)['a:build']).toBe('miss');
  });

  it('files outside the declared inputs do not invalidate; files inside do', async () => {
    const repo = tempRepo({
      'ant.config.json': { services: { a: { language: 'sh', path: 'a', tasks: { build: { command: 'cat src/*.txt', inputs: ['src/**', '!src/ignored.txt'] } } } } },
      'a/src/x.txt': 'x',
      'a/src/ignored.txt': 'i',
      'a/README.md': 'doc',
    });
    await repo.runSummary(['build']);
    repo.write({ 'a/README.md': 'doc 2', 'a/src/ignored.txt': 'i2' });
    expect(byId((await repo.runSummary(['build'])).summary.tasks)['a:build']).toBe('local');
    repo.write({ 'a/src/x.txt': 'x2' });
    expect(byId((await repo.runSummary(['build'])).summary.tasks)['a:build']).toBe('miss');
  });

  it('failed tasks are never cached; --force reruns; cache:false never caches', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        services: {
          a: { language: 'sh', path: 'a', tasks: { build: { command: 'test -f ok || { echo nope; exit 1; }; echo fine' }, check: { command: 'echo check', cache: false } } },
        },
      },
      'a/src.txt': 'x',
    });
    expect((await repo.runSummary(['build'])).code).toBe(1);
    expect((await repo.runSummary(['build'])).summary.tasks[0].cache).toBe('miss');
    const forced = await repo.runSummary(['check', '--force']);
    expect(forced.summary.tasks[0].cache).toBe('off');
    expect(forced.stdout).toContain('a:check | check');
  });

  it('ant explain shows the manifest and what changed since the previous run', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    await repo.runSummary(['build']);
    repo.write({ 'a/src.txt': 'A changed\n' });
    const r = await repo.ant(['explain', 'b:build']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^b:build {2}hash [0-9a-f]{16}/);
    expect(r.stdout).toContain('b/src.txt');
    expect(r.stdout).toMatch(/since the previous run \([0-9a-f]{16}\): dependency a:build/);
    const a = JSON.parse((await repo.ant(['explain', 'a:build', '--json'])).stdout);
    expect(a.diff.files.changed).toEqual(['a/src.txt']);
    // The hasher builds manifests in canonical key order (what is hashed is their JSON text).
    const { canonicalJson } = await import('../../src/hash/canonical-json.js');
    expect(JSON.stringify(a.manifest)).toBe(canonicalJson(a.manifest));
  });

  it('refuses a cache entry whose symlink escapes the project, and runs the task instead', async () => {
    const repo = tempRepo({
      'ant.config.json': { services: { a: { language: 'sh', path: 'a', tasks: { build: { command: 'mkdir -p dist && echo ok > dist/f && echo ran', outputs: ['dist/**'] } } } } },
      'a/src.txt': 'x',
    });
    const first = await repo.runSummary(['build']);
    const hash = first.summary.tasks[0].hash;
    // Forge a hostile entry under the same hash: a link pointing outside the project.
    const { packArtifact } = await import('../../src/cache/artifact.js');
    const fs = await import('node:fs/promises');
    await fs.mkdir(path.join(repo.root, 'forge/a/dist'), { recursive: true });
    symlinkSync('../../../../etc/passwd', path.join(repo.root, 'forge/a/dist/f'));
    const body = await packArtifact(path.join(repo.root, 'forge'), ['a/dist', 'a/dist/f'], { hash, taskId: 'a:build', durationMs: 1, createdAt: new Date(0).toISOString() }, Buffer.from('forged\n'));
    await fs.writeFile(path.join(repo.root, '.ant/cache', hash.slice(0, 2), `${hash}.tar.gz`), body);
    await fs.rm(path.join(repo.root, '.ant/output-state.json'));
    await fs.rm(path.join(repo.root, 'a/dist'), { recursive: true });
    const second = await repo.runSummary(['build']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/refused, running the task instead/);
    expect(second.summary.tasks[0].cache).toBe('miss');
    expect(lstatSync(path.join(repo.root, 'a/dist/f')).isSymbolicLink()).toBe(false);
    expect(repo.read('a/dist/f')).toBe('ok\n');
  });

  it('a run killed with SIGKILL while storing leaves no entry that a later run restores', async () => {
    // A large output makes the store take a while; kill ant as soon as the task has printed.
    const repo = tempRepo({
      'ant.config.json': {
        services: { a: { language: 'sh', path: 'a', tasks: { build: { command: 'mkdir -p dist && head -c 40000000 /dev/urandom > dist/big && echo produced', outputs: ['dist/**'] } } } },
      },
      'a/src.txt': 'x',
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      const child = spawn(process.execPath, [ANT_BIN, 'run', 'build', '--force'], { cwd: repo.root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (c: Buffer) => {
          if (c.toString().includes('produced')) {
            setTimeout(() => child.kill('SIGKILL'), attempt * 150);
            resolve();
          }
        });
      });
      await new Promise((r) => child.on('close', r));
    }
    // Whatever is in the cache now either restores correctly or is absent.
    const fs = await import('node:fs/promises');
    await fs.rm(path.join(repo.root, 'a/dist'), { recursive: true, force: true });
    const after = await repo.runSummary(['build']);
    expect(after.code).toBe(0);
    expect(statSync(path.join(repo.root, 'a/dist/big')).size).toBe(40_000_000);
  });

  it('two concurrent runs on one cache both succeed with correct outputs', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    const [one, two] = await Promise.all([repo.runSummary(['build']), repo.runSummary(['build'])]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(repo.read('b/dist/out.txt')).toBe('A\nB\n');
    const third = await repo.runSummary(['build']);
    expect(byId(third.summary.tasks)).toEqual({ 'a:build': 'local', 'b:build': 'local' });
  });

  it('ANT_CACHE_DIR shares one cache between two clones; cache status and prune', async () => {
    const repo = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    const shared = path.join(repo.root, '..', `${path.basename(repo.root)}-shared-cache`);
    await repo.runSummary(['build'], { env: { ANT_CACHE_DIR: shared } });
    const clone = tempRepo({ 'ant.config.json': twoProjectConfig(), 'a/src.txt': 'A\n', 'b/src.txt': 'B\n' });
    const hit = await clone.runSummary(['build'], { env: { ANT_CACHE_DIR: shared } });
    expect(byId(hit.summary.tasks)).toEqual({ 'a:build': 'local', 'b:build': 'local' });
    expect(clone.read('b/dist/out.txt')).toBe('A\nB\n');
    const status = JSON.parse((await clone.ant(['cache', 'status', '--json'], { env: { ANT_CACHE_DIR: shared } })).stdout);
    expect(status.local.entries).toBe(2);
    const prune = await clone.ant(['cache', 'prune', '--max-size', '0B'], { env: { ANT_CACHE_DIR: shared } });
    expect(prune.stdout).toContain('removed 2 entries');
    await import('node:fs/promises').then((fs) => fs.rm(shared, { recursive: true, force: true }));
  });

  it('editing one service in ant.config.json reruns that service, not the whole repo', async () => {
    const config = (mode: string) => ({
      services: {
        a: { language: 'sh', path: 'a', mode, tasks: { build: { command: 'echo a' } } },
        c: { language: 'sh', path: 'c', tasks: { build: { command: 'echo c' } } },
      },
    });
    const repo = tempRepo({ 'ant.config.json': config('one'), 'a/x': 'a', 'c/x': 'c' });
    await repo.runSummary(['build']);
    repo.write({ 'ant.config.json': config('two') });
    const after = await repo.runSummary(['build']);
    expect(byId(after.summary.tasks)).toEqual({ 'a:build': 'miss', 'c:build': 'local' });
    const explain = JSON.parse((await repo.ant(['explain', 'a:build', '--json'])).stdout);
    expect(explain.manifest.fields).toEqual({ mode: 'two' });
  });
});
