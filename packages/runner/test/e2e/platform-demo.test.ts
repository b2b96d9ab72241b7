/**
 * The README's first command, `npm run demo`, on a fresh clone of examples/platform: the demo
 * script runs `ant run build lint test docker` twice with an empty cache, and the second run must
 * be fully cached. Uses the real toolchains (go, uv, ruff, npm); `npm ci` in the clone needs the
 * npm registry.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runAnt, writeTree, type Summary, type Tree } from '../helpers/temp-repo.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const EXAMPLE = path.join(REPO, 'examples/platform');
const DEMO = path.join(EXAMPLE, 'demo.mjs');
const HAS_MOTO = spawnSync('moto_server', ['--help']).status === 0;

/** The example as a clone would have it: tracked files plus new ones not yet committed, never ignored ones. */
function exampleTree(): Tree {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], { cwd: EXAMPLE, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  const tree: Tree = {};
  for (const file of files) {
    try {
      tree[file] = readFileSync(path.join(EXAMPLE, file), 'utf8');
    } catch {
      // Deleted in the working tree but still in the index.
    }
  }
  return tree;
}

/** A fresh clone of the example: its files in a new git repo, committed. */
function cloneExample(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ant-platform-'));
  writeTree(root, exampleTree());
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'platform');
  return root;
}

function runDemo(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO, '--dir', dir, '--output-logs', 'errors-only'], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo timed out\n${output}`));
    }, 280_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

const readSummary = (file: string): Summary => JSON.parse(readFileSync(file, 'utf8')) as Summary;

describe('the platform demo on a fresh clone', () => {
  // One clone for the file: the demo's npm ci and builds are reused by `ant up` below.
  let root = '';
  beforeAll(() => {
    root = cloneExample();
  });
  afterAll(() => {
    if (root && !process.env.ANT_KEEP_TEST_REPOS) rmSync(root, { recursive: true, force: true });
  });

  it('builds, lints, tests and packages every service, then replays it all from the cache', { timeout: 300_000 }, async () => {
    const { code, output } = await runDemo(root);
    expect(code, output).toBe(0);

    const run1 = readSummary(path.join(root, '.ant/demo/run-1.json'));
    const run2 = readSummary(path.join(root, '.ant/demo/run-2.json'));
    const ids = run1.tasks.map((t) => t.id).sort();
    // One of each language's main tasks, the vendorHash check, images; admin is excluded from lint.
    expect(ids).toEqual(expect.arrayContaining([
      'api:build', 'api:vendor', 'api:lint', 'api:test', 'api:docker',
      'admin:build', 'admin:test', 'admin:docker',
      'hello-world:build', 'hello-world:lint', 'hello-world:test', 'hello-world:docker',
      'noggin:build', 'noggin:test', 'noggin:docker',
    ]));
    expect(ids).not.toContain('admin:lint');
    expect(run1.exitCode).toBe(0);
    expect(run1.tasks.filter((t) => t.cache !== 'miss' && t.cache !== 'off')).toEqual([]);

    expect(run2.tasks.map((t) => t.id).sort()).toEqual(ids);
    const notHit = run2.tasks.filter((t) => t.cache !== 'local');
    // Only environment-changing tasks (uv sync) are uncacheable by design.
    expect(notHit.map((t) => `${t.id}:${t.cache}`)).toEqual(['hello-world:install:off']);
    expect(output).toMatch(/run 2 was fully cached/);
    expect(output).toMatch(/run 2\s+\d+\s+1\s+\d+/);
  });

  it.skipIf(!HAS_MOTO)('serves the platform with ant up (moto_server as DynamoDB) and passes the smoke test through the gateway', { timeout: 180_000 }, async () => {
    const result = await runAnt(['up', '--run', 'noggin:smoke'], { cwd: root, timeoutMs: 170_000 });
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(output).toMatch(/noggin:smoke \| ok\s+GET \/api\/hello\?name=smoke/);
    expect(output).toMatch(/noggin:smoke \| ok\s+GET \/py\/hello\?name=smoke/);
    expect(output).toMatch(/noggin:smoke \| ok\s+GET \/api\/healthz/);
  });

  it('has a vendorHash that matches what go mod vendor produces', async () => {
    const result = await runAnt(['go', 'vendor-hash', 'api'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const config = JSON.parse(readFileSync(path.join(root, 'ant.config.json'), 'utf8')) as { services: { api: { vendorHash: string } } };
    expect(result.stdout.trim()).toBe(config.services.api.vendorHash);
  });
});
