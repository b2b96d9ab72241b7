import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseBlockYaml, UnsupportedYaml } from '../src/block-yaml.js';
import { readLockfileYaml } from '../src/lockfile-yaml.js';

// What the subset reader promises: the same mappings as a full YAML parser, scalars as strings,
// sequences as empty lists.
const normalize = (v: unknown): unknown =>
  Array.isArray(v) ? [] : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)])) : v === null ? null : String(v);

describe('parseBlockYaml', () => {
  it('reads what the yaml package reads, for lockfile-shaped documents', () => {
    const key = fc.stringMatching(/^[@a-z0-9/._:^~>=<-]{1,12}(@[0-9.]{1,6})?$/);
    const scalar = fc.oneof(fc.stringMatching(/^[a-z0-9.^~>=<:/@+-]{1,16}$/), fc.constantFrom('>=8', "it's", 'a: b', 'x #y', 'true', '1.0'));
    const leaf = fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 3 }), fc.array(scalar, { maxLength: 2 }));
    const doc = fc.dictionary(key, fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf, { maxKeys: 3 })), { maxKeys: 4 }), { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(doc, fc.boolean(), (value, flow) => {
        const text = stringify(value, { collectionStyle: flow ? 'any' : 'block', flowCollectionPadding: false });
        let fast: unknown;
        try {
          fast = parseBlockYaml(text);
        } catch (error) {
          // Allowed to give up (the caller then uses the yaml package), never to be wrong.
          expect(error).toBeInstanceOf(UnsupportedYaml);
          return;
        }
        expect(normalize(fast)).toEqual(normalize(parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('gives up on YAML outside the subset, and the fallback reads it', () => {
    const text = 'a:\n  b: |\n    multi\n    line\n';
    expect(() => parseBlockYaml(text)).toThrow(UnsupportedYaml);
    expect(readLockfileYaml(text)).toEqual({ a: { b: 'multi\nline\n' } });
  });

  it('reads a 1000-package pnpm lockfile exactly as the yaml package does', () => {
    const doc: Record<string, Record<string, unknown>> = { importers: {}, packages: {}, snapshots: {} };
    for (let e = 0; e < 1000; e++) {
      doc.packages![`@s/ext-${e}@1.0.0`] = { resolution: { integrity: `sha512-${'x'.repeat(86)}` }, engines: { node: '>=8' } };
      doc.snapshots![`@s/ext-${e}@1.0.0`] = { dependencies: { [`@s/ext-${(e + 1) % 1000}`]: '1.0.0' } };
    }
    const text = stringify(doc);
    // Speed is the reader's reason to exist, but speed claims belong in the benchmark, not in a
    // timed unit test; here only the answer is checked.
    expect(normalize(parseBlockYaml(text))).toEqual(normalize(parse(text)));
  });
});
