/**
 * Property tests: random artifacts of links and files, built from a small alphabet that makes
 * `..`, `.` and link chains likely. Whatever the artifact, either it is refused and nothing is
 * written, or everything it wrote, followed through every symlink on disk, stays in the project.
 */
import { lstat, mkdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isArtifactRejected, packArtifact, unpackArtifact, type ArtifactFile } from '../../src/cache/artifact.js';
import { craftArtifact, listTree, tempDir } from './artifact-fixtures.js';

const segment = fc.constantFrom('..', '.', 'a', 'b', 'l', 'L', 'p', 'q', '');
const name = fc.constantFrom('a', 'b', 'l', 'L', 'q');
// Entry paths are mostly clean (so links get restored and chained); targets use the full alphabet.
const entryPath = fc.oneof(
  { arbitrary: fc.array(name, { minLength: 1, maxLength: 3 }), weight: 9 },
  { arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }), weight: 1 },
).map((parts) => parts.join('/'));
const relPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

const entry: fc.Arbitrary<ArtifactFile> = fc.oneof(
  entryPath.map((p): ArtifactFile => ({ path: `p/${p}`, type: 'file', mode: 0o644, size: 1 })),
  fc.tuple(entryPath, relPath).map(([p, target]): ArtifactFile => ({ path: `p/${p}`, type: 'symlink', mode: 0o777, size: 0, target })),
  fc.tuple(entryPath, fc.constantFrom('/etc', '/tmp/x')).map(([p, target]): ArtifactFile => ({ path: `p/${p}`, type: 'symlink', mode: 0o777, size: 0, target })),
  entryPath.map((p): ArtifactFile => ({ path: `p/${p}`, type: 'dir', mode: 0o755, size: 0 })),
);

/** Resolves `abs` the way the kernel would, following symlinks that exist, lexically past the rest. */
async function physicalResolve(abs: string, hops = 0): Promise<string> {
  if (hops > 40) return abs; // a loop; it cannot lead anywhere new
  const parts = abs.split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (let i = 0; i < parts.length; i++) {
    const next = path.join(current, parts[i]!);
    const stats = await lstat(next).catch(() => undefined);
    if (stats?.isSymbolicLink()) {
      const target = path.resolve(current, await readlink(next));
      return physicalResolve(path.join(target, ...parts.slice(i + 1)), hops + 1);
    }
    current = next;
  }
  return current;
}

describe('artifact properties', () => {
  it('random hostile artifacts never write or point outside the project', async () => {
    const outcomes = { rejected: 0, restored: 0, restoredWithLinks: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 6 }), async (files) => {
        const base = await tempDir('ant-prop-');
        const repo = path.join(base, 'repo');
        await mkdir(path.join(base, 'outside'), { recursive: true });
        await mkdir(repo);
        const body = await craftArtifact(files);
        const result = await unpackArtifact(body, repo, { allowedRoots: ['p'] }).then(
          () => 'restored' as const,
          (error: unknown) => {
            if (!isArtifactRejected(error)) throw error;
            return 'rejected' as const;
          },
        );
        const outside = (await listTree(base)).filter((line) => !line.endsWith(' repo') && !line.includes(' repo/'));
        expect(outside).toEqual(['d outside']);
        outcomes[result]++;
        if (result === 'rejected') {
          expect(await listTree(repo)).toEqual([]);
          return;
        }
        if (files.some((f) => f.type === 'symlink')) outcomes.restoredWithLinks++;
        const project = path.join(repo, 'p');
        for (const line of await listTree(repo)) {
          const rel = line.slice(2);
          const resolved = await physicalResolve(path.join(repo, rel));
          expect(resolved === project || resolved.startsWith(project + path.sep) || rel === 'p', `${rel} → ${resolved}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
    // The generator must exercise both sides, or the property proves little.
    expect(outcomes.rejected).toBeGreaterThan(20);
    expect(outcomes.restoredWithLinks).toBeGreaterThan(5);
  });

  it('random trees round-trip byte for byte', async () => {
    const tree = fc.uniqueArray(
      fc.record({
        name: fc.stringMatching(/^[a-z0-9_.-]{1,12}$/).filter((n) => n !== '.' && n !== '..'),
        dir: fc.constantFrom('', 'sub', 'sub/deep'),
        content: fc.uint8Array({ maxLength: 2000 }),
        exec: fc.boolean(),
      }),
      { selector: (f) => f.name, maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(tree, async (files) => {
        const src = await tempDir('ant-prop-');
        const dst = await tempDir('ant-prop-');
        const { writeFile, chmod } = await import('node:fs/promises');
        const paths = new Set<string>(['p/out']);
        await mkdir(path.join(src, 'p/out/sub/deep'), { recursive: true });
        for (const f of files) {
          const rel = path.posix.join('p/out', f.dir, f.name);
          await writeFile(path.join(src, rel), f.content);
          await chmod(path.join(src, rel), f.exec ? 0o755 : 0o640);
          paths.add(rel);
          if (f.dir) paths.add(path.posix.join('p/out', f.dir));
          if (f.dir === 'sub/deep') paths.add('p/out/sub');
        }
        const meta = { hash: 'h', taskId: 'p:build', durationMs: 1, createdAt: '' };
        const body = await packArtifact(src, [...paths], meta, Buffer.from('log'));
        expect((await packArtifact(src, [...paths].reverse(), meta, Buffer.from('log'))).equals(body)).toBe(true);
        await unpackArtifact(body, dst, { allowedRoots: ['p'] });
        for (const rel of paths) {
          const [a, b] = [await lstat(path.join(src, rel)), await lstat(path.join(dst, rel))];
          expect(b.mode).toBe(a.mode);
          if (a.isFile()) expect((await readFile(path.join(dst, rel))).equals(await readFile(path.join(src, rel)))).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
