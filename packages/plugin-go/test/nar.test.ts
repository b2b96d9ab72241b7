import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSriSha256, narDigest, narHash, toNixBase32 } from '../src/nar.js';
import { nixHashPath, useTempDir, writeTree, type TreeEntry } from './helpers.js';

const SAMPLE_DIR: Record<string, TreeEntry> = {
  'd/a.txt': 'hello\n',
  'd/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
  'd/link': { link: 'a.txt' },
  'd/sub/B': 'x',
  'd/empty': '',
  'd/Zdir/f': 'zz',
  'd/emptydir/': '',
};

describe('narHash', () => {
  it('matches the published vectors', async () => {
    const dir = await useTempDir({
      hello: 'hello\n',
      'run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
      empty: '',
      link: { link: 'a.txt' },
      'emptydir/': '',
      ...SAMPLE_DIR,
    });
    expect(await narHash(join(dir, 'hello'))).toBe('sha256-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM=');
    expect(await narHash(join(dir, 'emptydir'))).toBe('sha256-pQpattmS9VmO3ZIQUFn66az8GSmB4IvYhTTCFn6SUmo=');
    expect(await narHash(join(dir, 'run.sh'))).toBe('sha256-XgrM8Czt7eXkEZ/6FeeeeaX7H7m8Q8PUNPMyJ6FEd6A=');
    expect(await narHash(join(dir, 'empty'))).toBe('sha256-d6xi4mKdjkX2JFicDIv5niSzpyI0m/Hnm8GGAIU04kY=');
    expect(await narHash(join(dir, 'link'))).toBe('sha256-jTwAz6hm5NG4CXcq/qwkB4YkYiHrLFdNacS7oWiDToE=');
    const digest = await narDigest(join(dir, 'd'));
    expect(digest.toString('base64')).toBe('dtttpbmgaVf19u0is9IorBVSFmbVYckTxfE714NI3SI=');
    expect(digest.toString('hex')).toBe('76db6da5b9a06957f5f6ed22b3d228ac15521666d561c913c5f13bd78348dd22');
    expect(toNixBase32(digest)).toBe('08nx921xffziql9wjqfmcqb545dc539b68pdyvsmfsd0p6jnvnvn');
  });

  it('records only the owner-exec bit, not other modes', async () => {
    const dir = await useTempDir({
      'a/f': { content: 'x', mode: 0o744 },
      'b/f': { content: 'x', mode: 0o700 },
      'c/f': { content: 'x', mode: 0o644 },
      'd/f': { content: 'x', mode: 0o600 },
    });
    expect(await narHash(join(dir, 'a'))).toBe(await narHash(join(dir, 'b')));
    expect(await narHash(join(dir, 'c'))).toBe(await narHash(join(dir, 'd')));
    expect(await narHash(join(dir, 'a'))).not.toBe(await narHash(join(dir, 'c')));
  });

  it('rejects what a NAR cannot hold', async () => {
    await expect(narHash('/dev/null')).rejects.toThrow(/socket, FIFO or device/);
  });

  it('validates SRI strings', () => {
    expect(isSriSha256('sha256-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM=')).toBe(true);
    expect(isSriSha256('sha256-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM')).toBe(false);
    expect(isSriSha256('sha512-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM=')).toBe(false);
  });
});

// The oracle: Debian's nix-bin (`nix hash path`). Skipped, loudly, where nix is not installed.
const nixAvailable = (await nixHashPath('/etc/hostname').catch(() => undefined)) !== undefined;

describe.skipIf(!nixAvailable)('narHash against nix hash path', () => {
  it('agrees on a tree with executables, symlinks, empty files, nested and empty dirs, byte-ordered names', async () => {
    const dir = await useTempDir({
      ...SAMPLE_DIR,
      'd/deep/er/still/file.go': 'package still\n',
      'd/deep/dangling': { link: '../nowhere' },
      'd/deep/abs': { link: '/etc/hostname' },
      'd/a-b': '1', 'd/a.b': '2', 'd/a_b': '3', 'd/A': '4', 'd/é': 'unicode name',
      'd/pad7': '1234567', 'd/pad8': '12345678', 'd/pad9': '123456789',
    });
    expect(await narHash(join(dir, 'd'))).toBe(await nixHashPath(join(dir, 'd')));
    expect(await narHash(join(dir, 'd/deep'))).toBe(await nixHashPath(join(dir, 'd/deep')));
  });

  it('agrees on a multi-megabyte file read in chunks', async () => {
    const dir = await useTempDir();
    const big = Buffer.alloc(5 * 1024 * 1024 + 3);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 9)) & 0xff;
    await writeFile(join(dir, 'big'), big);
    expect(await narHash(join(dir, 'big'))).toBe(await nixHashPath(join(dir, 'big')));
  });

  it('agrees on random trees', async () => {
    const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/).filter((n) => n !== '.' && n !== '..');
    const leaf: fc.Arbitrary<TreeEntry> = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.record({ content: fc.string({ maxLength: 20 }), mode: fc.constantFrom(0o755, 0o644, 0o700) }),
      fc.record({ link: name }),
    );
    const tree = fc.dictionary(fc.array(name, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')), leaf, { minKeys: 0, maxKeys: 12 });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(tree, async (entries) => {
        const dir = await useTempDir();
        const root = join(dir, `t${n++}`);
        await mkdir(root);
        // Drop entries that would need a file to also be a directory.
        const paths = Object.keys(entries).sort();
        const usable = Object.fromEntries(
          Object.entries(entries).filter(([p]) => !paths.some((q) => q !== p && (q.startsWith(`${p}/`) || p.startsWith(`${q}/`)))),
        );
        await writeTree(root, usable);
        expect(await narHash(root)).toBe(await nixHashPath(root));
      }),
      { numRuns: 15 },
    );
  });
});
