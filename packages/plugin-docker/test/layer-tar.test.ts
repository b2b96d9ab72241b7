/** Layer tars: what goes in, in which order, with which metadata; read back with GNU tar. */
import { chmod, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertLinuxExecutables } from '../src/executable-format.js';
import { collectLayerEntries } from '../src/layer-contents.js';
import { writeLayerTar } from '../src/layer-tar.js';
import { must } from './helpers/exec.js';
import { tempDir, writeTree } from './helpers/fixtures.js';

const content = (from: string, to: string, extra: { optional?: boolean } = {}) => ({ from, to, layer: 'app', optional: false, index: 0, ...extra });

describe('layer contents and tars', () => {
  it('writes sorted entries with parent dirs, fixed mtime, root owner, normalised modes and symlinks kept', async () => {
    const ws = await tempDir();
    try {
      const p = join(ws.path, 'svc');
      await writeTree(p, { 'dist/bin/api': 'binary', 'conf/b.yml': 'b', 'conf/a.yml': 'a', 'conf/sub/c.yml': 'c', 'dist/image/prod/image.tar': 'not me' });
      await chmod(join(p, 'dist/bin/api'), 0o700);
      await chmod(join(p, 'conf/a.yml'), 0o600);
      await symlink('a.yml', join(p, 'conf/link.yml'));
      await utimes(join(p, 'conf/b.yml'), new Date('2020-01-01'), new Date('2020-01-01'));
      const entries = await collectLayerEntries([content('dist/bin', '/usr/local/bin/'), content('conf', '/etc/svc'), content('dist/*/api', '/opt/')], {
        root: ws.path,
        projectRoot: p,
        exclude: [join(p, 'dist/image')],
        where: 'services.svc.docker.contents',
      });
      const file = join(ws.path, 'layer.tar');
      await writeLayerTar(entries, file, new Date('1970-01-01T00:00:01Z'));
      const listing = await must('tar', ['--numeric-owner', '--full-time', '-tvf', file], { env: { ...process.env, TZ: 'UTC' } });
      expect(listing.trim().split('\n').map((l) => l.replace(/\s+/g, ' '))).toEqual([
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 etc/',
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 etc/svc/',
        '-rw-r--r-- 0/0 1 1970-01-01 00:00:01 etc/svc/a.yml',
        '-rw-r--r-- 0/0 1 1970-01-01 00:00:01 etc/svc/b.yml',
        'lrwxrwxrwx 0/0 0 1970-01-01 00:00:01 etc/svc/link.yml -> a.yml',
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 etc/svc/sub/',
        '-rw-r--r-- 0/0 1 1970-01-01 00:00:01 etc/svc/sub/c.yml',
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 opt/',
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 opt/bin/',
        '-rwxr-xr-x 0/0 6 1970-01-01 00:00:01 opt/bin/api',
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 usr/',
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 usr/local/',
        'drwxr-xr-x 0/0 0 1970-01-01 00:00:01 usr/local/bin/',
        '-rwxr-xr-x 0/0 6 1970-01-01 00:00:01 usr/local/bin/api',
      ]);
      // Same entries, same bytes; long names go through pax headers and still read back.
      const again = await writeLayerTar(entries, join(ws.path, 'again.tar'), new Date('1970-01-01T00:00:01Z'));
      expect(again.digest).toBe((await writeLayerTar(entries, file, new Date('1970-01-01T00:00:01Z'))).digest);
      const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
      await writeTree(p, { [`deep/${long}`]: 'x' });
      const deep = await collectLayerEntries([content('deep', '/deep/')], { root: ws.path, projectRoot: p, exclude: [], where: 'w' });
      await writeLayerTar(deep, join(ws.path, 'deep.tar'), new Date(1000));
      expect(await must('tar', ['-tf', join(ws.path, 'deep.tar')])).toContain(`deep/${long}`);
    } finally {
      await ws.dispose();
    }
  });

  it('fails on missing required content with the field and the fix, and skips optional content', async () => {
    const ws = await tempDir();
    try {
      const options = { root: ws.path, projectRoot: ws.path, exclude: [], where: 'services.api.docker.contents' };
      await expect(collectLayerEntries([{ ...content('dist/bin', '/bin/'), index: 2 }], options)).rejects.toThrow(
        `services.api.docker.contents[2].from: "dist/bin" matched nothing under ${ws.path}. Did the task that produces it run (docker depends on build)? Set "optional": true if it may be absent.`,
      );
      expect(await collectLayerEntries([content('dist/bin', '/bin/', { optional: true })], options)).toEqual([]);
      await writeTree(ws.path, { 'a/file': 'x', 'b/file/inner': 'y' });
      await expect(collectLayerEntries([content('a/file', '/x/file'), content('b/file/inner', '/x/file/inner')], options)).rejects.toThrow(
        'services.api.docker.contents: "/x/file" is both a file and a directory in the image',
      );
    } finally {
      await ws.dispose();
    }
  });

  it('refuses a macOS binary in a Linux image, naming the file and the fix', async () => {
    const ws = await tempDir();
    try {
      await writeTree(ws.path, { 'dist/bin/run.sh': '#!/bin/sh\n' });
      await writeFile(join(ws.path, 'dist/bin/api'), Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]));
      await chmod(join(ws.path, 'dist/bin/api'), 0o755);
      await chmod(join(ws.path, 'dist/bin/run.sh'), 0o755);
      const entries = await collectLayerEntries([content('dist/bin', '/bin/')], { root: ws.path, projectRoot: ws.path, exclude: [], where: 'w' });
      await expect(assertLinuxExecutables(entries, 'services.api.docker')).rejects.toThrow(
        `services.api.docker: ${join(ws.path, 'dist/bin/api')} (/bin/api in the image) is a macOS executable, which cannot run in a Linux image. Build it for Linux: for Go, set "goos": "linux" on the service.`,
      );
      await expect(assertLinuxExecutables(entries.filter((e) => e.path !== 'bin/api'), 'w')).resolves.toBeUndefined();
    } finally {
      await ws.dispose();
    }
  });
});
