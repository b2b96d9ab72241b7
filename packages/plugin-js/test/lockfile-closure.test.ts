import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closureDigest, externalClosure, parsePackageLock, resolveFrom, type LockEntry } from '../src/lockfile-closure.js';

const lock = (packages: Record<string, LockEntry & Record<string, unknown>>) =>
  parsePackageLock(JSON.stringify({ lockfileVersion: 3, packages }), 'package-lock.json');

// The shape `npm install` writes for two workspaces: a hoisted dependency, a nested conflicting
// version, a scoped package, a dependency cycle, a link to a workspace and a dev-only dependency.
const base = {
  '': { name: 'root', workspaces: ['packages/*'], devDependencies: { prettier: '^3' } },
  'node_modules/prettier': { version: '3.3.0', integrity: 'sha512-prettier', dev: true },
  'node_modules/a': { resolved: 'packages/a', link: true },
  'node_modules/b': { resolved: 'packages/b', link: true },
  'packages/a': { version: '1.0.0', dependencies: { b: '*', 'is-number': '^7' }, devDependencies: { '@s/tool': '^1' } },
  'packages/b': { version: '1.0.0', dependencies: { 'is-odd': '^3' } },
  'node_modules/is-number': { version: '7.0.0', integrity: 'sha512-n7' },
  'node_modules/is-odd': { version: '3.0.1', integrity: 'sha512-odd', dependencies: { 'is-number': '^6' } },
  'node_modules/is-odd/node_modules/is-number': { version: '6.0.0', integrity: 'sha512-n6' },
  'node_modules/@s/tool': { version: '1.0.0', integrity: 'sha512-tool', dependencies: { 'cyc-a': '1' }, dev: true },
  'node_modules/cyc-a': { version: '1.0.0', integrity: 'sha512-ca', dependencies: { 'cyc-b': '1' } },
  'node_modules/cyc-b': { version: '1.0.0', integrity: 'sha512-cb', dependencies: { 'cyc-a': '1' } },
};

describe('resolveFrom', () => {
  it('looks in the package dir first, then each parent, like require()', () => {
    const idx = lock(base);
    expect(resolveFrom(idx.packages, 'node_modules/is-odd', 'is-number')).toBe('node_modules/is-odd/node_modules/is-number');
    expect(resolveFrom(idx.packages, 'packages/b', 'is-number')).toBe('node_modules/is-number');
    expect(resolveFrom(idx.packages, 'node_modules/@s/tool', 'cyc-a')).toBe('node_modules/cyc-a');
    expect(resolveFrom(idx.packages, 'packages/a', 'nope')).toBeUndefined();
  });
});

describe('externalClosure', () => {
  it('walks transitively, includes own dev dependencies, stops at links and survives cycles', () => {
    expect(externalClosure(lock(base), 'packages/a')).toEqual([
      'node_modules/@s/tool@1.0.0 sha512-tool',
      'node_modules/b@link:packages/b',
      'node_modules/cyc-a@1.0.0 sha512-ca',
      'node_modules/cyc-b@1.0.0 sha512-cb',
      'node_modules/is-number@7.0.0 sha512-n7',
    ]);
    expect(externalClosure(lock(base), 'packages/b')).toEqual([
      'node_modules/is-odd/node_modules/is-number@6.0.0 sha512-n6',
      'node_modules/is-odd@3.0.1 sha512-odd',
    ]);
    expect(externalClosure(lock(base), '')).toEqual(['node_modules/prettier@3.3.0 sha512-prettier']);
  });

  it('records missing required dependencies but not missing optional ones', () => {
    const idx = lock({
      'packages/a': {
        version: '1.0.0',
        dependencies: { gone: '1' },
        optionalDependencies: { fsevents: '2' },
        peerDependencies: { react: '18' },
      },
    });
    expect(externalClosure(idx, 'packages/a')).toEqual(['!gone']);
  });

  it('marks a package missing from the lockfile', () => {
    expect(externalClosure(lock(base), 'packages/new')).toEqual(['?packages/new not in lockfile']);
  });

  it('digests cycles, and sees a change deep inside one', () => {
    const cycled = { ...base, 'node_modules/cyc-b': { version: '1.0.1', integrity: 'sha512-cb2', dependencies: { 'cyc-a': '1' } } };
    expect(closureDigest(lock(cycled), 'packages/a')).not.toEqual(closureDigest(lock(base), 'packages/a'));
    expect(closureDigest(lock(cycled), 'packages/b')).toEqual(closureDigest(lock(base), 'packages/b'));
    expect(closureDigest(lock(base), 'packages/a').count).toBe(3);
  });

  it('changes for the package whose dependency was bumped, and only for it', () => {
    const bumped = { ...base, 'node_modules/is-number': { version: '7.0.1', integrity: 'sha512-n71' } };
    expect(closureDigest(lock(bumped), 'packages/a')).not.toEqual(closureDigest(lock(base), 'packages/a'));
    expect(closureDigest(lock(bumped), 'packages/b')).toEqual(closureDigest(lock(base), 'packages/b'));
  });

  it('property: a change to an entry outside the closure never changes the digest', () => {
    const names = ['p', 'q', 'r', 's', 't', 'u'];
    const arbLock = fc.dictionary(
      fc.constantFrom(...names),
      fc.record({ version: fc.constantFrom('1.0.0', '2.0.0'), deps: fc.subarray(names) }),
    );
    fc.assert(
      fc.property(arbLock, fc.subarray(names), fc.constantFrom(...names), (entries, rootDeps, victim) => {
        const packages: Record<string, LockEntry> = {
          'packages/a': { version: '1.0.0', dependencies: Object.fromEntries(rootDeps.map((n) => [n, '*'])) },
        };
        for (const [name, e] of Object.entries(entries)) {
          packages[`node_modules/${name}`] = {
            version: e.version,
            integrity: `sha-${name}-${e.version}`,
            dependencies: Object.fromEntries(e.deps.map((n) => [n, '*'])),
          };
        }
        fc.pre(victim in entries);
        const before = externalClosure(lock(packages), 'packages/a');
        const key = `node_modules/${victim}`;
        const inClosure = before.some((line) => line.startsWith(`${key}@`));
        const changed = { ...packages, [key]: { ...packages[key], version: '9.9.9', integrity: 'sha-new' } };
        const after = externalClosure(lock(changed), 'packages/a');
        // Outside the closure: identical. Inside: different. The Merkle digest agrees with the list.
        expect(after.join('\n') === before.join('\n')).toBe(!inClosure);
        const digest = (p: Record<string, LockEntry>) => closureDigest(lock(p), 'packages/a').sha256;
        expect(digest(changed) === digest(packages)).toBe(!inClosure);
        // Key order of the lockfile never matters.
        const reversed = Object.fromEntries(Object.entries(packages).reverse());
        expect(externalClosure(lock(reversed), 'packages/a')).toEqual(before);
        expect(digest(reversed)).toBe(digest(packages));
      }),
      { numRuns: 100 },
    );
  });
});

describe('parsePackageLock', () => {
  it('names the file and the fix for a lockfile v1', () => {
    expect(() => parsePackageLock(JSON.stringify({ lockfileVersion: 1, dependencies: {} }), 'sub/package-lock.json')).toThrow(
      'sub/package-lock.json: packages: expected the map of lockfile v2/v3, found lockfileVersion 1 without it.\n' +
        'hint: upgrade the lockfile with `npm install --package-lock-only` (npm 7 or newer).',
    );
  });

  it('names the file for a merge conflict', () => {
    expect(() => parsePackageLock('<<<<<<< HEAD\n{}', 'package-lock.json')).toThrow(/^package-lock.json: expected valid JSON/);
  });
});
