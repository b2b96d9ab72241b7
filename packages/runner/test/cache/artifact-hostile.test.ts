import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArtifactRejected, isArtifactRejected, packArtifact, unpackArtifact, type ArtifactFile } from '../../src/cache/artifact.js';
import { craftArtifact, craftTar, fileLine, listTree, tempDir, type RawEntry } from './artifact-fixtures.js';

/** A repo dir and a sibling "outside" dir that must stay empty; both under one temp base. */
async function sandbox() {
  const base = await tempDir('ant-hostile-');
  const repo = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  await mkdir(repo);
  await mkdir(outside);
  return { base, repo, outside };
}

/** Unpacks, expects ArtifactRejected matching `pattern`, and checks that nothing at all was written. */
async function expectRejected(body: Buffer, pattern: RegExp, options: { allowedRoots?: string[]; maxBytes?: number; maxFiles?: number; prepare?: (repo: string, outside: string) => Promise<void> } = {}) {
  const { base, repo, outside } = await sandbox();
  await options.prepare?.(repo, outside);
  const before = await listTree(base);
  const error = await unpackArtifact(body, repo, {
    allowedRoots: options.allowedRoots ?? ['p'],
    maxBytes: options.maxBytes,
    maxFiles: options.maxFiles,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ArtifactRejected);
  expect(isArtifactRejected(error)).toBe(true);
  expect((error as ArtifactRejected).code).toBe('ANT_CACHE_ARTIFACT_REJECTED');
  expect((error as Error).message).toMatch(pattern);
  expect(await listTree(base)).toEqual(before);
  return error as ArtifactRejected;
}

/** A hand-written ustar header, for sizes tar-stream would insist on streaming. */
function ustarHeader(name: string, size: number, typeflag = '0'): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0);
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  b.write('00000000000\0', 136);
  b.write('        ', 148);
  b.write(typeflag, 156);
  b.write('ustar\0', 257);
  b.write('00', 263);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}

const link = (p: string, target: string): ArtifactFile => ({ path: p, type: 'symlink', mode: 0o777, size: 0, target });
const dir = (p: string): ArtifactFile => ({ path: p, type: 'dir', mode: 0o755, size: 0 });

describe('unpackArtifact refuses hostile artifacts and writes nothing', () => {
  it.each([
    ['../x', /'\.\.'/],
    ['p/../../x', /'\.\.'/],
    ['/etc/x', /absolute/],
    ['p\\..\\..\\x', /backslash/],
    ['p/a\0b', /NUL/],
    ['other/x', /outside the task's projects/],
    ['p//x', /not normalised/],
    ['p/.git/hooks/post-checkout', /\.git directory/],
  ])('path %j', async (p, pattern) => {
    await expectRejected(await craftArtifact([fileLine(p)]), pattern);
  });

  it('a git hook, even when the task owns the whole repo', async () => {
    await expectRejected(await craftArtifact([fileLine('.git/hooks/pre-commit')]), /\.git directory/, { allowedRoots: ['.'] });
    await expectRejected(await craftArtifact([fileLine('.GIT/config')]), /\.git directory/, { allowedRoots: [''] });
    await expectRejected(await craftArtifact([link('l', '.git/hooks')]), /\.git directory/, { allowedRoots: [''] });
  });

  it('a benign meta.json with a hostile entry name', async () => {
    const body = await craftArtifact([fileLine('p/ok')], [{ header: { name: 'outputs/../../x', type: 'file' }, content: Buffer.from('abc') }]);
    await expectRejected(body, /disagrees with meta\.json \(path/);
  });

  it.each([
    ['p/l', '../../etc', /outside the repo/],
    ['p/l', '../q/secret', /outside its project/],
    ['p/l', '/etc/passwd', /absolute target/],
    ['p/sub/l', 'd/../../../x', /'\.\.' after a name/],
    ['p/l', 'C:/Windows', /absolute target/],
  ])('symlink %s -> %s', async (p, target, pattern) => {
    await expectRejected(await craftArtifact([link(p, target)]), pattern, { allowedRoots: ['p', 'q'] });
  });

  it('a symlink replacing the project root itself', async () => {
    await expectRejected(await craftArtifact([link('p', 'p2')]), /replace a project directory/, { allowedRoots: ['p', 'p2'] });
  });

  it('a symlink, then a file written through it', async () => {
    await expectRejected(await craftArtifact([link('p/l', 'sub'), fileLine('p/l/x')]), /lies below p\/l/);
    // Case-insensitive file systems would resolve p/L/x through p/l.
    await expectRejected(await craftArtifact([link('p/l', 'sub'), fileLine('p/L/x')]), /lies below p\/l/);
  });

  it('a file written through a symlink already on disk', async () => {
    await expectRejected(await craftArtifact([fileLine('p/l/x')]), /through the symlink p\/l on disk/, {
      prepare: async (repo, outside) => {
        await mkdir(path.join(repo, 'p'));
        await symlink(outside, path.join(repo, 'p/l'));
      },
    });
  });

  it('a directory entry where a file or a symlink sits on disk', async () => {
    await expectRejected(await craftArtifact([dir('p/d')]), /exists on disk as a symlink/, {
      prepare: async (repo, outside) => {
        await mkdir(path.join(repo, 'p'));
        await symlink(outside, path.join(repo, 'p/d'));
      },
    });
  });

  it.each([
    ['character-device', { type: 'character-device', devmajor: 1, devminor: 3 }],
    ['block-device', { type: 'block-device', devmajor: 8, devminor: 0 }],
    ['fifo', { type: 'fifo' }],
    ['hard link', { type: 'link', linkname: 'outputs/p/a' }],
  ] as const)('a %s entry', async (_label, header) => {
    const entries: RawEntry[] = [{ header: { name: 'outputs/p/dev', mode: 0o644, ...header } }];
    await expectRejected(await craftArtifact([fileLine('p/dev', 0)], entries), /only files, directories and symlinks/);
  });

  it('a huge declared size, refused before reading it', async () => {
    const size = 5 * 1024 ** 3;
    const head = await craftArtifact([fileLine('p/huge', size)], []);
    const { gunzipSync } = await import('node:zlib');
    const tarBytes = gunzipSync(head);
    const body = gzipSync(Buffer.concat([tarBytes.subarray(0, tarBytes.length - 1024), ustarHeader('outputs/p/huge', size), Buffer.alloc(4096, 0x61)]));
    await expectRejected(body, /declares more than the limit/);
  });

  it('a gzip bomb, stopped at maxBytes while inflating', async () => {
    const zeros = Buffer.alloc(50 * 1024 ** 2);
    const body = gzipSync(await craftTar([
      { header: { name: 'meta.json', type: 'file' }, content: Buffer.from(JSON.stringify({ version: 1, hash: 'h', taskId: 't', durationMs: 1, exitCode: 0, createdAt: '', files: [fileLine('p/zeros', zeros.length)] })) },
      { header: { name: 'log', type: 'file' }, content: Buffer.from('') },
      { header: { name: 'outputs/p/zeros', type: 'file', mode: 0o644 }, content: zeros },
    ]));
    expect(body.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    await expectRejected(body, /limit of 1048576 bytes/, { maxBytes: 1024 ** 2 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('more outputs than maxFiles', async () => {
    await expectRejected(await craftArtifact([fileLine('p/a'), fileLine('p/b'), fileLine('p/c')]), /more than the limit of 2/, { maxFiles: 2 });
  });

  it('the same path twice', async () => {
    await expectRejected(await craftArtifact([fileLine('p/a'), fileLine('p/a')]), /appears twice/);
  });

  it('not gzip at all', async () => {
    await expectRejected(Buffer.from('<html>502 Bad Gateway</html>'), /gzip/);
  });

  it('gzip of something that is not a tar', async () => {
    await expectRejected(gzipSync(Buffer.alloc(2048, 0x41)), /corrupt|meta\.json/);
  });

  it('meta.json listing outputs the tar does not hold', async () => {
    const body = await craftArtifact([fileLine('p/a'), fileLine('p/b')], [{ header: { name: 'outputs/p/a', type: 'file', mode: 0o644 }, content: Buffer.from('aaa') }]);
    await expectRejected(body, /meta\.json lists 2 outputs, the tar holds 1/);
  });

  it('an entry whose size disagrees with meta.json', async () => {
    const body = await craftArtifact([fileLine('p/a', 3)], [{ header: { name: 'outputs/p/a', type: 'file', mode: 0o644 }, content: Buffer.from('aaaa') }]);
    await expectRejected(body, /disagrees with meta\.json \(size/);
  });

  it('invalid meta.json', async () => {
    const body = gzipSync(await craftTar([{ header: { name: 'meta.json', type: 'file' }, content: Buffer.from('{"version":2}') }]));
    await expectRejected(body, /meta\.json/);
  });

  describe('damage to a genuine artifact', () => {
    async function genuine(): Promise<Buffer> {
      const src = await tempDir();
      await mkdir(path.join(src, 'p/dist'), { recursive: true });
      // Incompressible content, so the gzip body is long and a flip lands in deflate data.
      const { randomBytes } = await import('node:crypto');
      await writeFile(path.join(src, 'p/dist/a.bin'), randomBytes(64 * 1024));
      await writeFile(path.join(src, 'p/dist/b.bin'), randomBytes(64 * 1024));
      return packArtifact(src, ['p/dist', 'p/dist/a.bin', 'p/dist/b.bin'], { hash: 'h', taskId: 'p:build', durationMs: 1, createdAt: '' }, Buffer.from('log'));
    }

    it.each([0.2, 0.5, 0.9, 0.999])('truncated to %d of its length', async (fraction) => {
      const body = await genuine();
      await expectRejected(body.subarray(0, Math.floor(body.length * fraction)), /gzip|truncated|corrupt/);
    });

    it.each([0.3, 0.6, 0.95])('one byte flipped at %d of its length', async (fraction) => {
      const body = Buffer.from(await genuine());
      const at = Math.floor(body.length * fraction);
      body[at] = body[at]! ^ 0x40;
      // Files before the flip are valid, yet none may be written: the whole body is checked first.
      await expectRejected(body, /gzip|corrupt|truncated|disagrees/);
    });

    it('still restores when undamaged (control)', async () => {
      const { repo } = await sandbox();
      await unpackArtifact(await genuine(), repo, { allowedRoots: ['p'] });
      expect(await listTree(repo)).toEqual(['d p', 'd p/dist', 'f p/dist/a.bin', 'f p/dist/b.bin']);
    });
  });
});
