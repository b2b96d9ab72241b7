/**
 * Hostile artifacts end to end, through the real `ant run`: one project per case, each with a
 * hostile entry placed under its task's hash, in the local cache dir and in the real
 * turborepo-remote-cache server's storage (signed and unsigned). Every entry is refused with a
 * warning and the task runs instead; nothing is written outside the repo (a sentinel dir beside
 * it stays empty); and the user's existing outputs survive until an entry has proved valid.
 * The unit-level checks live in test/cache/artifact-hostile.test.ts; this is the whole path.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packArtifact, type ArtifactFile } from '../../src/cache/artifact.js';
import { signArtifact } from '../../src/cache/signature.js';
import { craftTar, type RawEntry } from '../cache/artifact-fixtures.js';
import { startRemoteCacheServer } from '../helpers/remote-cache-server.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { count, reportFigures } from './figures.js';
import { scratchDir, STRESS } from './helpers.js';

reportFigures('hostile-artifacts');

const KEY = 'reliability-signature-key-0123456789abcdef';

/** What a case gets to build its body from. */
interface CaseContext {
  hash: string;
  project: string;
  /** Absolute path of the sentinel dir outside the repo. */
  sentinel: string;
  /** The sentinel, relative to the repo root. */
  sentinelFromRoot: string;
  /** A valid artifact of this task, for truncation and corruption. */
  valid: () => Promise<Buffer>;
}

interface HostileCase {
  name: string;
  /** Prepares the working tree before the run (e.g. a user's symlink). */
  setup?: (repo: TempRepo, c: CaseContext) => void;
  body: (c: CaseContext) => Promise<Buffer>;
  /** Only in the long variant (slow to inflate). */
  stressOnly?: boolean;
  /** Only placed in the local cache dir. */
  localOnly?: boolean;
}

function meta(c: CaseContext, files: ArtifactFile[]) {
  return { version: 1, hash: c.hash, taskId: `${c.project}:build`, durationMs: 5, exitCode: 0, createdAt: '2025-01-01T00:00:00.000Z', files };
}

/** meta.json, log, then `outputs` (default: entries matching `files`), gzip'd. */
async function craft(c: CaseContext, files: ArtifactFile[], outputs?: RawEntry[], trailer?: Buffer): Promise<Buffer> {
  const entries: RawEntry[] = [
    { header: { name: 'meta.json', type: 'file' }, content: Buffer.from(JSON.stringify(meta(c, files))) },
    { header: { name: 'log', type: 'file' }, content: Buffer.from('forged log\n') },
    ...(outputs ??
      files.map((file): RawEntry => {
        const name = `outputs/${file.path}`;
        if (file.type === 'dir') return { header: { name, type: 'directory', mode: file.mode } };
        if (file.type === 'symlink') return { header: { name, type: 'symlink', linkname: file.target, mode: file.mode } };
        return { header: { name, type: 'file', mode: file.mode }, content: Buffer.alloc(file.size, 0x70) };
      })),
  ];
  const gz = gzipSync(await craftTar(entries));
  return trailer ? Buffer.concat([gz, trailer]) : gz;
}

const file = (p: string, size = 4): ArtifactFile => ({ path: p, type: 'file', mode: 0o644, size });
const dir = (p: string): ArtifactFile => ({ path: p, type: 'dir', mode: 0o755, size: 0 });
const link = (p: string, target: string): ArtifactFile => ({ path: p, type: 'symlink', mode: 0o777, size: 0, target });

/** A gzip member of 1 MiB of zeros, repeated: gunzip reads concatenated members as one stream. */
function zerosBomb(mebibytes: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
}

/** A copy of a ustar header with another size (octal at 124) and its checksum (148) redone. */
function withSize(header: Buffer, size: number): Buffer {
  const out = Buffer.from(header);
  out.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  out.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of out) sum += byte;
  out.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return out;
}

const CASES: HostileCase[] = [
  { name: 'dotdot path in meta', body: (c) => craft(c, [dir(`${c.project}/dist`), file(`${c.project}/dist/../../${c.sentinelFromRoot}/pwn`)]) },
  {
    name: 'dotdot tar name behind a benign meta line',
    body: (c) => craft(c, [file(`${c.project}/dist/f`)], [{ header: { name: `outputs/${c.project}/dist/../../${c.sentinelFromRoot}/pwn`, type: 'file', mode: 0o644 }, content: Buffer.from('pwnd') }]),
  },
  { name: 'absolute path', body: (c) => craft(c, [file(`${c.sentinel.slice(1)}/pwn`)], [{ header: { name: `${c.sentinel}/pwn`, type: 'file', mode: 0o644 }, content: Buffer.from('pwnd') }]) },
  { name: 'absolute path in meta', body: (c) => craft(c, [file(`${c.sentinel}/pwn`)]) },
  { name: 'symlink out of the repo', body: (c) => craft(c, [dir(`${c.project}/dist`), link(`${c.project}/dist/out`, `../../${c.sentinelFromRoot}`)]) },
  { name: 'symlink with an absolute target', body: (c) => craft(c, [dir(`${c.project}/dist`), link(`${c.project}/dist/out`, c.sentinel)]) },
  {
    name: 'symlink, then a file through it',
    body: (c) => craft(c, [dir(`${c.project}/dist`), link(`${c.project}/dist/l`, `../../${c.sentinelFromRoot}`), file(`${c.project}/dist/l/pwn`)]),
  },
  {
    name: 'symlink inside the project, then a file through it',
    body: (c) => craft(c, [dir(`${c.project}/dist`), link(`${c.project}/dist/l`, '.'), file(`${c.project}/dist/l/pwn`)]),
  },
  {
    name: "a file through the user's own symlink on disk",
    setup: (repo, c) => symlinkSync(c.sentinel, path.join(repo.root, c.project, 'lib')),
    body: (c) => craft(c, [file(`${c.project}/lib/pwn`)]),
  },
  {
    name: 'character device',
    body: (c) => craft(c, [file(`${c.project}/dist/null`, 0)], [{ header: { name: `outputs/${c.project}/dist/null`, type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 } }]),
  },
  { name: 'fifo', body: (c) => craft(c, [file(`${c.project}/dist/pipe`, 0)], [{ header: { name: `outputs/${c.project}/dist/pipe`, type: 'fifo', mode: 0o644 } }]) },
  {
    name: 'huge declared size (10 GiB, body cut short)',
    body: async (c) => {
      const huge = 10 * 1024 ** 3;
      const head = await craftTar([
        { header: { name: 'meta.json', type: 'file' }, content: Buffer.from(JSON.stringify(meta(c, [file(`${c.project}/dist/huge`, huge)]))) },
        { header: { name: 'log', type: 'file' }, content: Buffer.from('forged log\n') },
      ]);
      const entry = await craftTar([{ header: { name: `outputs/${c.project}/dist/huge`, type: 'file', mode: 0o644 }, content: Buffer.alloc(1) }]);
      return gzipSync(Buffer.concat([head.subarray(0, head.length - 1024), withSize(entry.subarray(0, 512), huge), Buffer.alloc(64 * 1024, 0x41)]));
    },
  },
  {
    name: 'gzip bomb after a valid tar (2.1 GiB of zeros)',
    stressOnly: !STRESS,
    body: async (c) => craft(c, [file(`${c.project}/dist/f`)], undefined, zerosBomb(2150)),
  },
  {
    name: 'gzip bomb (300 MiB) as the log',
    body: async (c) => {
      const tar = await craftTar([{ header: { name: 'meta.json', type: 'file' }, content: Buffer.from(JSON.stringify(meta(c, []))) }]);
      // A log header declaring 300 MiB, then its zeros, as separate gzip members.
      const header = withSize((await craftTar([{ header: { name: 'log', type: 'file' }, content: Buffer.alloc(1) }])).subarray(0, 512), 300 * 1024 ** 2);
      return Buffer.concat([gzipSync(Buffer.concat([tar.subarray(0, tar.length - 1024), header])), zerosBomb(300)]);
    },
  },
  { name: 'truncated body', body: async (c) => (await c.valid()).subarray(0, Math.floor((await c.valid()).length * 0.6)) },
  {
    name: 'corrupted body (flipped bytes)',
    body: async (c) => {
      const body = Buffer.from(await c.valid());
      for (let i = Math.floor(body.length / 3); i < body.length - 12; i += 97) body[i]! ^= 0x5a;
      return body;
    },
  },
  // From a remote, a body that is not gzip switches the client off for the run (covered by
  // hostile-server.test.ts), so later cases would never be fetched: local only.
  { name: 'garbage that is not gzip', localOnly: true, body: async () => Buffer.from('<html>502 Bad Gateway</html>') },
  { name: 'another task’s artifact (hash mismatch)', body: (c) => craft({ ...c, hash: '00000000deadbeef' }, [file(`${c.project}/dist/f`)]) },
  { name: 'a file over the project directory itself', body: (c) => craft(c, [file(c.project)]) },
  { name: 'write into .git', body: (c) => craft(c, [file('.git/hooks/post-checkout')]) },
];

function projectName(i: number): string {
  return `h${String(i).padStart(2, '0')}`;
}

/** One project per case; each build writes dist/f and prints "ran". */
function hostileTree(n: number) {
  const services: Record<string, object> = {};
  const tree: Record<string, string | object> = {};
  for (let i = 0; i < n; i++) {
    const name = projectName(i);
    services[name] = { language: 'sh', path: name, tasks: { build: { command: 'mkdir -p dist && echo ok > dist/f && echo ran', inputs: ['src.txt'], outputs: ['dist/**'] } } };
    tree[`${name}/src.txt`] = `${name}\n`;
  }
  return { 'ant.config.json': { services }, ...tree };
}

async function prepare(cases: HostileCase[]) {
  const repo = tempRepo(hostileTree(cases.length));
  const outside = await scratchDir('ant-rel-outside-');
  const sentinel = path.join(outside, 'sentinel');
  mkdirSync(sentinel);
  const cacheDir = await scratchDir('ant-rel-cache-');
  const first = await repo.runSummary(['build'], { env: { ANT_CACHE_DIR: cacheDir } });
  expect(first.code, first.stdout).toBe(0);
  const hashes = new Map(first.summary.tasks.map((t) => [t.project, t.hash]));
  const contexts = cases.map((_, i): CaseContext => {
    const project = projectName(i);
    const hash = hashes.get(project)!;
    return {
      hash,
      project,
      sentinel,
      sentinelFromRoot: path.relative(repo.root, sentinel),
      valid: () => packArtifact(repo.root, [`${project}/dist`, `${project}/dist/f`], { hash, taskId: `${project}:build`, durationMs: 1, createdAt: new Date(0).toISOString() }, Buffer.from('ran\n')),
    };
  });
  return { repo, outside, sentinel, contexts };
}

/** Puts the user's outputs in place (with a marker ant did not write) and forgets that ant wrote them. */
function arrangeUserOutputs(repo: TempRepo, contexts: CaseContext[]) {
  for (const c of contexts) writeFileSync(path.join(repo.root, c.project, 'dist', 'user-marker.txt'), 'mine\n');
  writeFileSync(path.join(repo.root, '.ant', 'output-state.json'), '{}');
}

function expectRefusedEverywhere(
  run: { code: number; stdout: string; summary: { tasks: { project: string; cache: string; status: string }[] } },
  repo: TempRepo,
  cases: HostileCase[],
  contexts: CaseContext[],
  outside: string,
  sentinel: string,
) {
  expect(run.code, run.stdout).toBe(0);
  for (const [i, c] of contexts.entries()) {
    const what = `${cases[i]!.name} (${c.project})`;
    const task = run.summary.tasks.find((t) => t.project === c.project)!;
    expect(task.status, what).toBe('success');
    expect(task.cache, `${what}\n${run.stdout}`).toBe('miss');
    // Signature failures are warned about once per run (remote-cache.ts), the rest once per task.
    const warned = /tag/.test(cases[i]!.name) ? /warning remote cache artifact \w+ has an invalid signature/ : new RegExp(`warning ${c.project}:build: cache entry ${c.hash} \\((local|remote)\\) refused`);
    expect(run.stdout, what).toMatch(warned);
    expect(run.stdout, what).toContain(`${c.project}:build | ran`);
    expect(readFileSync(path.join(repo.root, c.project, 'dist/f'), 'utf8'), what).toBe('ok\n');
    // Refused entries never cost the user their outputs.
    expect(existsSync(path.join(repo.root, c.project, 'dist/user-marker.txt')), `${what}: the user's output was deleted`).toBe(true);
    expect(lstatSync(path.join(repo.root, c.project, 'dist')).isDirectory(), what).toBe(true);
  }
  expect(readdirSync(sentinel)).toEqual([]);
  expect(readdirSync(outside)).toEqual(['sentinel']);
  expect(existsSync(path.join(repo.root, '.git/hooks/post-checkout'))).toBe(false);
}

const active = CASES.filter((c) => !c.stressOnly);
const remoteCases = active.filter((c) => !c.localOnly);

describe('hostile cache entries, end to end', () => {
  it(`local cache dir: ${active.length} hostile entries refused, tasks run, nothing written outside`, async () => {
    const { repo, outside, sentinel, contexts } = await prepare(active);
    const cacheDir = await scratchDir('ant-rel-hostile-local-');
    for (const [i, c] of contexts.entries()) {
      active[i]!.setup?.(repo, c);
      await mkdir(path.join(cacheDir, c.hash.slice(0, 2)), { recursive: true });
      await writeFile(path.join(cacheDir, c.hash.slice(0, 2), `${c.hash}.tar.gz`), await active[i]!.body(c));
      await writeFile(path.join(cacheDir, c.hash.slice(0, 2), `${c.hash}.log`), 'forged log\n');
    }
    arrangeUserOutputs(repo, contexts);
    const run = await repo.runSummary(['build'], { env: { ANT_CACHE_DIR: cacheDir } });
    count({ hostileCases: active.length });
    expectRefusedEverywhere(run, repo, active, contexts, outside, sentinel);
  });

  it('turborepo-remote-cache storage: unsigned hostile entries, then signed ones and wrong signatures', async () => {
    // A server in signature mode answers 404 for an artifact without a tag, so two servers.
    const [server, signedServer] = await Promise.all([startRemoteCacheServer(), startRemoteCacheServer({ signatures: true })]);
    try {
      const { repo, outside, sentinel, contexts } = await prepare(remoteCases);
      let store = path.join(server.storageDir, 'platform');
      await mkdir(store, { recursive: true });
      let remoteEnv = { ANT_REMOTE_CACHE_URL: server.url, ANT_REMOTE_CACHE_TOKEN: server.token, ANT_REMOTE_CACHE_TEAM: 'platform' };
      for (const [i, c] of contexts.entries()) {
        remoteCases[i]!.setup?.(repo, c);
        await writeFile(path.join(store, c.hash), await remoteCases[i]!.body(c));
      }
      arrangeUserOutputs(repo, contexts);
      // A fresh local cache each time: every lookup goes to the server.
      const unsigned = await repo.runSummary(['build'], { env: { ...remoteEnv, ANT_CACHE_DIR: await scratchDir('ant-rel-local-') } });
      count({ hostileCases: remoteCases.length });
      expectRefusedEverywhere(unsigned, repo, remoteCases, contexts, outside, sentinel);

      // With a signature key: hostile bodies signed with the right key (a writer holding the key
      // is still not trusted with the disk), plus a valid body with a wrong tag and one with none.
      const signedCases: HostileCase[] = [
        ...remoteCases.map((c) => ({ ...c, name: `${c.name}, signed` })),
        { name: 'valid body, tag from another key', body: (c) => c.valid() },
        { name: 'valid body, garbage tag', body: (c) => c.valid() },
      ];
      const signed = await prepare(signedCases);
      store = path.join(signedServer.storageDir, 'platform');
      await mkdir(store, { recursive: true });
      remoteEnv = { ANT_REMOTE_CACHE_URL: signedServer.url, ANT_REMOTE_CACHE_TOKEN: signedServer.token, ANT_REMOTE_CACHE_TEAM: 'platform' };
      for (const [i, c] of signed.contexts.entries()) {
        const hostile = signedCases[i]!;
        hostile.setup?.(signed.repo, c);
        const body = await hostile.body(c);
        await writeFile(path.join(store, c.hash), body);
        if (hostile.name.includes('another key')) await writeFile(path.join(store, `${c.hash}.tag`), signArtifact(`${KEY}-not-ours`, c.hash, '', body));
        else if (hostile.name.includes('garbage tag')) await writeFile(path.join(store, `${c.hash}.tag`), 'not a tag!!');
        else await writeFile(path.join(store, `${c.hash}.tag`), signArtifact(KEY, c.hash, '', body));
      }
      arrangeUserOutputs(signed.repo, signed.contexts);
      const run = await signed.repo.runSummary(['build'], {
        env: { ...remoteEnv, ANT_REMOTE_CACHE_SIGNATURE_KEY: KEY, ANT_CACHE_DIR: await scratchDir('ant-rel-local-') },
      });
      count({ hostileCases: signedCases.length });
      expect(run.stdout).toMatch(/signature \(x-artifact-tag\); treating it as a miss/);
      expectRefusedEverywhere(run, signed.repo, signedCases, signed.contexts, signed.outside, signed.sentinel);
      for (const secret of [server.token, signedServer.token, KEY]) expect(unsigned.stdout + run.stdout + run.stderr).not.toContain(secret);
    } finally {
      await Promise.all([server.stop(), signedServer.stop()]);
    }
  });
});
