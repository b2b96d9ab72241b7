/**
 * Secrets: the remote token and the signature key never appear in ant's output, run summaries
 * (--summarize), traces (--profile), cache entries (scanned inflated), manifests
 * (.ant/manifests), `ant explain`, `ant cache status` or the server's storage, even when the task
 * declares them in its `env` (the manifest keeps a digest) and a hostile server echoes the token
 * back in its error messages.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startRemoteCacheServer } from '../helpers/remote-cache-server.js';
import { tempRepo } from '../helpers/temp-repo.js';
import { count, reportFigures } from './figures.js';
import { filesUnder, findSecrets, scratchDir } from './helpers.js';

reportFigures('secrets');

const TOKEN = 'antTok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const KEY = 'antKey_0a1b2c3d4e5f60718293a4b5c6d7e8f9_long_enough';

function tree(url: string) {
  return {
    'ant.config.json': {
      remoteCache: { url, team: 'platform', tokenEnv: 'MY_CACHE_TOKEN', signatureKeyEnv: 'MY_SIGNING_KEY' },
      services: {
        a: {
          language: 'sh',
          path: 'a',
          tasks: {
            build: {
              // The task sees both (it declares them) and says so without printing them.
              command: 'mkdir -p dist && cat src.txt > dist/out.txt && test -n "$MY_CACHE_TOKEN" && test -n "$MY_SIGNING_KEY" && echo secrets-present',
              env: ['MY_CACHE_TOKEN', 'MY_SIGNING_KEY'],
              inputs: ['src.txt'],
              outputs: ['dist/**'],
            },
          },
        },
      },
    },
    'a/src.txt': 'a\n',
  };
}

describe('secrets stay secret', () => {
  it('token and signature key appear nowhere ant writes or prints', async () => {
    const server = await startRemoteCacheServer({ token: TOKEN, signatures: true });
    onTestFinished(() => server.stop());
    const env = { MY_CACHE_TOKEN: TOKEN, MY_SIGNING_KEY: KEY };
    const texts: Record<string, string> = {};
    const dirs: string[] = [server.storageDir];

    // Run 1: a miss that stores locally and uploads, with a summary and a trace.
    const origin = tempRepo(tree(server.url));
    const cache1 = await scratchDir('ant-rel-cache-');
    const trace = path.join(origin.root, 'trace.json');
    const first = await origin.runSummary(['build', '--verbose', `--profile=${trace}`], { env: { ...env, ANT_CACHE_DIR: cache1 } });
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain('secrets-present');
    texts['run 1 output'] = first.stdout + first.stderr;
    texts['run 1 summary'] = JSON.stringify(first.summary);
    texts['run 1 trace'] = readFileSync(trace, 'utf8');
    dirs.push(cache1, path.join(origin.root, '.ant'));

    // The manifest keeps a digest of each declared variable, never its value.
    const manifests = filesUnder(path.join(origin.root, '.ant', 'manifests'));
    expect(manifests.length).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(manifests[0]!, 'utf8')) as { env: Record<string, string | null> };
    expect(Object.keys(manifest.env).sort()).toEqual(['MY_CACHE_TOKEN', 'MY_SIGNING_KEY']);
    for (const value of Object.values(manifest.env)) expect(value).toMatch(/^[0-9a-f]{16,}$|^sha256:/);

    // Run 2: a fresh clone and local cache, so the entry comes down from the server and is restored.
    const clone = tempRepo(tree(server.url));
    const cache2 = await scratchDir('ant-rel-cache-');
    const second = await clone.runSummary(['build', '--verbose'], { env: { ...env, ANT_CACHE_DIR: cache2 } });
    expect(second.code, second.stdout).toBe(0);
    expect(second.summary.tasks[0]!.cache).toBe('remote');
    texts['run 2 output'] = second.stdout + second.stderr;
    texts['run 2 summary'] = JSON.stringify(second.summary);
    dirs.push(cache2, path.join(clone.root, '.ant'), path.join(clone.root, 'a'));

    for (const args of [['explain', 'a:build'], ['explain', 'a:build', '--json'], ['cache', 'status'], ['cache', 'status', '--json'], ['run', 'build', '--dry-run=json']]) {
      const r = await clone.ant(args, { env: { ...env, ANT_CACHE_DIR: cache2 } });
      texts[`ant ${args.join(' ')}`] = r.stdout + r.stderr;
    }

    // A hostile server that echoes the Authorization header back in every error message.
    const echo = createServer((req, res) => {
      req.resume();
      const status = req.method === 'GET' && req.url?.includes('/status') ? 200 : req.method === 'GET' ? 401 : 500;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'enabled', message: `bad credentials: ${req.headers.authorization}` }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => echo.close(() => resolve())));
    const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    const echoed = await clone.runSummary(['build', '--force'], { env: { ...env, ANT_CACHE_DIR: cache2, ANT_REMOTE_CACHE_URL: echoUrl } });
    expect(echoed.code).toBe(0);
    expect(echoed.stdout).toMatch(/warning remote cache .*bad credentials: Bearer \[redacted\]/);
    texts['echo run output'] = echoed.stdout + echoed.stderr;
    texts['echo run summary'] = JSON.stringify(echoed.summary);
    const status = await clone.ant(['cache', 'status'], { env: { ...env, ANT_CACHE_DIR: cache2, ANT_REMOTE_CACHE_URL: echoUrl } });
    texts['echo cache status'] = status.stdout + status.stderr;

    const leaks = findSecrets([TOKEN, KEY], dirs, texts);
    count({ hostileCases: 1, entriesChecked: filesUnder(cache1).length + filesUnder(cache2).length });
    expect(leaks).toEqual([]);
    // The scan covered real artifacts, locally and on the server.
    expect(filesUnder(server.storageDir).some((f) => !f.endsWith('.tag'))).toBe(true);
    expect(filesUnder(cache2).some((f) => f.endsWith('.tar.gz'))).toBe(true);
  });
});
