import { chmod, lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CacheError } from '../../src/errors.js';
import { ArtifactRejected, packArtifact, readArtifactHead, unpackArtifact, validateArtifact } from '../../src/cache/artifact.js';
import { listTree, tempDir } from './artifact-fixtures.js';

const META = { hash: 'abc123', taskId: 'api:build', durationMs: 812, createdAt: '2025-01-02T03:04:05.000Z' };

/** A small project tree with an executable, an empty dir, a nested file and an inside symlink. */
async function makeOutputs(root: string): Promise<string[]> {
  await mkdir(path.join(root, 'services/api/dist/empty'), { recursive: true });
  await mkdir(path.join(root, 'services/api/dist/deep/er'), { recursive: true });
  await writeFile(path.join(root, 'services/api/dist/app.js'), 'console.log(1)\n');
  await writeFile(path.join(root, 'services/api/dist/run'), '#!/bin/sh\necho hi\n');
  await chmod(path.join(root, 'services/api/dist/run'), 0o755);
  await writeFile(path.join(root, 'services/api/dist/deep/er/data.bin'), Buffer.from([0, 1, 2, 255, 254]));
  await writeFile(path.join(root, 'services/api/dist/empty-file'), '');
  await symlink('app.js', path.join(root, 'services/api/dist/link.js'));
  await symlink('../dist/deep', path.join(root, 'services/api/dist/deep-link'));
  const long = `services/api/dist/${'x'.repeat(120)}/${'y'.repeat(120)}.txt`;
  await mkdir(path.dirname(path.join(root, long)), { recursive: true });
  await writeFile(path.join(root, long), 'long path');
  return [
    'services/api/dist',
    'services/api/dist/app.js',
    'services/api/dist/run',
    'services/api/dist/empty',
    'services/api/dist/deep',
    'services/api/dist/deep/er',
    'services/api/dist/deep/er/data.bin',
    'services/api/dist/empty-file',
    'services/api/dist/link.js',
    'services/api/dist/deep-link',
    path.posix.dirname(long),
    long,
  ];
}

describe('packArtifact / unpackArtifact', () => {
  it('round-trips bytes, modes, empty dirs and symlinks, and returns meta and log', async () => {
    const src = await tempDir();
    const dst = await tempDir();
    const paths = await makeOutputs(src);
    const log = Buffer.from('building…\n\x1b[32mok\x1b[0m\n');
    const body = await packArtifact(src, paths, META, log);

    const { meta, log: restoredLog } = await unpackArtifact(body, dst, { allowedRoots: ['services/api'], hash: 'abc123' });
    expect(restoredLog.equals(log)).toBe(true);
    expect(meta).toMatchObject({ version: 1, exitCode: 0, ...META });
    expect(meta.files).toHaveLength(paths.length);
    expect(await listTree(dst)).toEqual(await listTree(src));
    for (const p of paths) {
      const [a, b] = [await lstat(path.join(src, p)), await lstat(path.join(dst, p))];
      expect({ p, mode: b.mode }).toEqual({ p, mode: a.mode });
      if (a.isFile()) expect((await readFile(path.join(dst, p))).equals(await readFile(path.join(src, p)))).toBe(true);
      if (a.isSymbolicLink()) expect(await readlink(path.join(dst, p))).toBe(await readlink(path.join(src, p)));
    }
    expect((await lstat(path.join(dst, 'services/api/dist/run'))).mode & 0o777).toBe(0o755);
  });

  it('is deterministic: the same inputs give the same bytes, with zeroed owners and times', async () => {
    const src = await tempDir();
    const paths = await makeOutputs(src);
    const a = await packArtifact(src, paths, META, Buffer.from('log'));
    // Touch every file's mtime and reverse the input order: neither may change the bytes.
    await writeFile(path.join(src, 'services/api/dist/app.js'), 'console.log(1)\n');
    const b = await packArtifact(src, [...paths].reverse(), META, Buffer.from('log'));
    expect(b.equals(a)).toBe(true);
    const tarBytes = gunzipSync(a);
    // ustar header fields of the first entry: uid (108), gid (116), mtime (136) are all zero.
    const octal = (start: number, length: number) => parseInt(tarBytes.subarray(start, start + length).toString(), 8);
    expect([octal(108, 8), octal(116, 8), octal(136, 12)]).toEqual([0, 0, 0]);
    expect(tarBytes.subarray(0, 9).toString()).toBe('meta.json');
  });

  it('overwrites existing outputs, including a file where a symlink was', async () => {
    const src = await tempDir();
    const dst = await tempDir();
    const paths = await makeOutputs(src);
    const body = await packArtifact(src, paths, META, Buffer.alloc(0));
    await mkdir(path.join(dst, 'services/api/dist'), { recursive: true });
    await writeFile(path.join(dst, 'services/api/dist/app.js'), 'stale');
    await writeFile(path.join(dst, 'services/api/dist/link.js'), 'was a file');
    await unpackArtifact(body, dst, { allowedRoots: ['services/api'] });
    expect(await readFile(path.join(dst, 'services/api/dist/app.js'), 'utf8')).toBe('console.log(1)\n');
    expect(await readlink(path.join(dst, 'services/api/dist/link.js'))).toBe('app.js');
    expect((await listTree(dst)).some((line) => line.includes('ant-tmp'))).toBe(false);
  });

  it('readArtifactHead reads meta and log without writing', async () => {
    const src = await tempDir();
    const paths = await makeOutputs(src);
    const body = await packArtifact(src, paths, META, Buffer.from('the log'));
    const { meta, log } = await readArtifactHead(body);
    expect(meta.taskId).toBe('api:build');
    expect(meta.files.map((f) => f.path)).toEqual([...paths].sort());
    expect(log.toString()).toBe('the log');
  });

  it('refuses to pack a fifo or a missing output, with a CacheError naming it', async () => {
    const src = await tempDir();
    await expect(packArtifact(src, ['p/missing.txt'], META, Buffer.alloc(0))).rejects.toThrow(/p\/missing\.txt/);
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(src, 'fifo')]);
    const error = await packArtifact(src, ['fifo'], META, Buffer.alloc(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheError);
    expect((error as Error).message).toMatch(/fifo/);
    await expect(packArtifact(src, ['../x'], META, Buffer.alloc(0))).rejects.toThrow(/'\.\.'/);
  });

  it('rejects an artifact for another hash', async () => {
    const src = await tempDir();
    const dst = await tempDir();
    const body = await packArtifact(src, [], META, Buffer.alloc(0));
    await expect(unpackArtifact(body, dst, { allowedRoots: [''], hash: 'other' })).rejects.toBeInstanceOf(ArtifactRejected);
  });

  it('beforeWrite runs only after the contents pass; the disk is checked counting what it removes', async () => {
    const src = await tempDir();
    const dst = await tempDir();
    const paths = await makeOutputs(src);
    const body = await packArtifact(src, paths, META, Buffer.alloc(0));
    // A stale directory where the artifact has a file: the disk check would refuse it, unless
    // beforeWrite clears stale outputs first.
    await mkdir(path.join(dst, 'services/api/dist/app.js'), { recursive: true });
    const calls: string[] = [];
    const { rm } = await import('node:fs/promises');
    await unpackArtifact(body, dst, {
      allowedRoots: ['services/api'],
      removes: ['services/api/dist/app.js'],
      beforeWrite: async (head) => {
        calls.push(head.meta.taskId);
        await rm(path.join(dst, 'services/api/dist'), { recursive: true });
      },
    });
    expect(calls).toEqual(['api:build']);
    expect(await readFile(path.join(dst, 'services/api/dist/app.js'), 'utf8')).toBe('console.log(1)\n');

    const corrupt = Buffer.from(body);
    corrupt[Math.floor(corrupt.length / 2)] ^= 0x55;
    const never = async () => {
      throw new Error('beforeWrite must not run for a corrupt artifact');
    };
    await expect(unpackArtifact(corrupt, dst, { allowedRoots: ['services/api'], beforeWrite: never })).rejects.toBeInstanceOf(ArtifactRejected);
  });

  it('validateArtifact checks the whole body and writes nothing', async () => {
    const src = await tempDir();
    const paths = await makeOutputs(src);
    const body = await packArtifact(src, paths, META, Buffer.from('x'));
    expect((await validateArtifact(body, { allowedRoots: ['services/api'] })).meta.files).toHaveLength(paths.length);
    await expect(validateArtifact(body, { allowedRoots: ['services/web'] })).rejects.toThrow(/outside the task's projects/);
    await expect(validateArtifact(body.subarray(0, body.length - 9), { allowedRoots: ['services/api'] })).rejects.toBeInstanceOf(ArtifactRejected);
  });
});
