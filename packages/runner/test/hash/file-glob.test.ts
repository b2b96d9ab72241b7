import { describe, expect, it } from 'vitest';
import { compileIgnore } from '../../src/hash/file-glob.js';

describe('compileIgnore', () => {
  it('matches names at any depth, anchored paths, ** and directories with everything below', () => {
    const ignored = compileIgnore(['*.log', 'vendor', 'packages/*/tmp', 'docs/**/draft-?.md', '[ab].txt'])!;
    const yes = ['x.log', 'a/b/c.log', 'vendor/x.js', 'a/vendor/y', 'packages/p/tmp/f', 'docs/draft-1.md', 'docs/a/b/draft-2.md', 'b.txt'];
    const no = ['x.logs', 'vendors/x', 'packages/p/q/tmp/f', 'docs/draft-12.md', 'c.txt', 'src/a.ts'];
    for (const p of yes) expect(ignored(p), p).toBe(true);
    for (const p of no) expect(ignored(p), p).toBe(false);
    expect(compileIgnore([])).toBeUndefined();
  });
});
