import { describe, expect, it } from 'vitest';
import { parseDarwinConfig } from '../src/config-schema.js';
import { resolveAllProfiles, resolveProfile } from '../src/profile-resolver.js';
import { seedDarwinConfig } from './support/seed-config.js';

const seed = () => parseDarwinConfig(seedDarwinConfig());

function thrown(fn: () => unknown): { code: string; text: string } {
  try {
    fn();
  } catch (error) {
    const e = error as { code: string; format(): string };
    return { code: e.code, text: e.format() };
  }
  throw new Error('expected an error');
}

describe('seed profiles', () => {
  it('bootstrap is the minimal core: node only, no builder', () => {
    const p = resolveProfile(seed(), 'bootstrap');
    expect(p.chain).toEqual(['bootstrap']);
    expect(p.toolchains.map((t) => [t.name, t.version, t.nixPackage])).toEqual([['node', '20', 'nodejs_20']]);
    expect(p.linuxBuilder).toBeNull();
  });

  it('base extends bootstrap and adds go, uv and the 6-core builder', () => {
    const p = resolveProfile(seed(), 'base');
    expect(p.chain).toEqual(['bootstrap', 'base']);
    expect(p.toolchains.map((t) => `${t.name}@${t.version}:${t.nixPackage}`)).toEqual(['go@1.22:go_1_22', 'node@20:nodejs_20', 'uv@0.9:uv']);
    expect(p.linuxBuilder).toEqual({
      mode: 'local-vm', cores: 6, memoryMiB: 6000, diskGiB: 100, maxJobs: 12,
      host: 'localhost', port: 31022, user: 'builder', authorizedKeys: [],
    });
  });

  it('beefy = base with 12000 MiB builder memory, everything else kept', () => {
    const base = resolveProfile(seed(), 'base');
    const beefy = resolveProfile(seed(), 'beefy');
    expect(beefy.chain).toEqual(['bootstrap', 'base', 'beefy']);
    expect(beefy.toolchains).toEqual(base.toolchains);
    expect(beefy.linuxBuilder).toEqual({ ...base.linuxBuilder, memoryMiB: 12000 });
  });

  it('nobuilder = base with the builder disabled', () => {
    const p = resolveProfile(seed(), 'nobuilder');
    expect(p.linuxBuilder).toBeNull();
    expect(p.toolchains.map((t) => t.name)).toEqual(['go', 'node', 'uv']);
  });

  it('resolves every profile, sorted by name', () => {
    expect(resolveAllProfiles(seed()).map((p) => p.name)).toEqual(['base', 'beefy', 'bootstrap', 'nobuilder']);
  });
});

describe('extends and overrides', () => {
  const config = parseDarwinConfig({
    profiles: {
      a: { toolchains: { node: '18', go: { version: '1.21', nixPackage: 'go_1_21' }, ruff: '*' }, env: { A: '1', SHARED: 'a' }, linuxBuilder: { cores: 2, host: 'builder.a' } },
      b: { toolchains: { node: '20' }, env: { SHARED: 'b' }, linuxBuilder: { cores: 4, memoryMiB: 8000 } },
      c: { extends: ['a', 'b'], toolchains: { go: '1.22', ruff: false }, env: { A: null, C: '3' }, linuxBuilder: { maxJobs: 3 } },
    },
  });

  it('layers a list of bases left to right, then the profile itself', () => {
    const p = resolveProfile(config, 'c');
    expect(p.chain).toEqual(['a', 'b', 'c']);
    // b's node wins over a's; c's go replaces a's whole entry (its nixPackage too); false drops ruff.
    expect(p.toolchains.map((t) => `${t.name}@${t.version}:${t.nixPackage}`)).toEqual(['go@1.22:go_1_22', 'node@20:nodejs_20']);
    expect(p.env).toEqual({ C: '3', SHARED: 'b' });
    // linuxBuilder merges field by field: host from a, cores/memory from b, maxJobs from c.
    expect(p.linuxBuilder).toMatchObject({ mode: 'remote', host: 'builder.a', port: 22, cores: 4, memoryMiB: 8000, maxJobs: 3 });
    expect(p.linuxBuilder?.user).toBeUndefined();
  });

  it('does not let a profile change the profiles it extends', () => {
    resolveProfile(config, 'c');
    expect(resolveProfile(config, 'a').toolchains.map((t) => t.name)).toEqual(['go', 'node', 'ruff']);
    expect(resolveProfile(config, 'a').env).toEqual({ A: '1', SHARED: 'a' });
  });

  it('defaults maxJobs to the core count, as nix-darwin does', () => {
    const p = resolveProfile(parseDarwinConfig({ profiles: { x: { linuxBuilder: { cores: 3 } } } }), 'x');
    expect(p.linuxBuilder).toMatchObject({ mode: 'local-vm', cores: 3, maxJobs: 3, memoryMiB: 3072, diskGiB: 20 });
  });
});

describe('errors', () => {
  it('names an unknown base with the field and the known profiles', () => {
    const config = parseDarwinConfig({ profiles: { base: {}, beefy: { extends: 'basee' } } });
    expect(thrown(() => resolveProfile(config, 'beefy'))).toEqual({
      code: 'ANT_DARWIN_UNKNOWN_PROFILE',
      text: 'ant.config.json: darwin.profiles.beefy.extends: expected the name of a profile (base, beefy), found "basee"\nhint: define darwin.profiles.basee or fix the name in "extends"',
    });
  });

  it('names the list index of an unknown base', () => {
    const config = parseDarwinConfig({ profiles: { a: {}, b: { extends: ['a', 'zz'] } } });
    expect(thrown(() => resolveProfile(config, 'b')).text).toContain('darwin.profiles.b.extends[1]: expected the name of a profile (a, b), found "zz"');
  });

  it('reports a cycle with its whole path', () => {
    const config = parseDarwinConfig({ profiles: { a: { extends: 'b' }, b: { extends: 'c' }, c: { extends: ['a'] }, d: { extends: 'a' } } });
    expect(thrown(() => resolveProfile(config, 'd'))).toEqual({
      code: 'ANT_DARWIN_PROFILE_CYCLE',
      text: 'ant.config.json: darwin.profiles.c.extends[0]: profiles extend each other in a cycle: a → b → c → a\nhint: remove one of the "extends" links in that cycle',
    });
  });

  it('reports a profile extending itself', () => {
    const config = parseDarwinConfig({ profiles: { me: { extends: 'me' } } });
    expect(thrown(() => resolveProfile(config, 'me')).text).toContain('darwin.profiles.me.extends: profiles extend each other in a cycle: me → me');
  });

  it('names an unknown profile asked for by name', () => {
    expect(thrown(() => resolveProfile(seed(), 'huge')).text).toBe(
      'ant.config.json: darwin.profiles: unknown profile "huge"; expected one of: base, beefy, bootstrap, nobuilder\nhint: run "ant darwin profiles" to list them, or add "huge" under darwin.profiles',
    );
  });

  it('rejects bad config with the JSON path, the expectation and what was found', () => {
    const bad = { profiles: { base: { linuxBuilder: { memoryMiB: '6000' } } } };
    expect(thrown(() => parseDarwinConfig(bad, 'ant.config.json')).text).toMatch(
      /^ant\.config\.json: darwin\.profiles\.base\.linuxBuilder\.memoryMiB: .*expected number.* \(found "6000"\)\nhint: /,
    );
    expect(thrown(() => parseDarwinConfig({ profiles: { a: {} }, defaultProfile: 'b' })).text).toContain(
      'darwin.defaultProfile: expected one of the profiles (a), found "b"',
    );
    expect(thrown(() => parseDarwinConfig({ profiles: { a: { toolchain: {} } } })).text).toContain(
      'darwin.profiles.a: unknown field "toolchain"; expected only extends, description, toolchains, env, linuxBuilder',
    );
    expect(thrown(() => parseDarwinConfig({ profiles: { a: { toolchains: { go: 1.22 } } } })).text).toContain(
      'darwin.profiles.a.toolchains.go: expected a version prefix ("1.22"), an object {version, nixPackage, command, versionArgs}, or false (found 1.22)',
    );
  });
});
