import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDarwinConfig } from '../src/config-schema.js';
import type { DarwinPlan } from '../src/darwin-plan.js';
import { generateNixModule } from '../src/nix-module.js';
import { resolveProfile } from '../src/profile-resolver.js';
import { testWorkspace, type TestWorkspace } from './support/cli.js';
import { fakeBin, type FakeBin } from './support/fake-bin.js';
import { seedDarwinConfig } from './support/seed-config.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** The seed workspace and a machine with node 20 (real), go 1.21.3, no uv, no nix. */
function setup(extra: Record<string, unknown> = {}): { ws: TestWorkspace; bin: FakeBin; env: Record<string, string> } {
  const ws = testWorkspace({ plugins: ['@ant/plugin-darwin'], darwin: { ...seedDarwinConfig(), system: 'aarch64-darwin', ...extra } });
  const bin = fakeBin();
  bin.tool('go', 'go version go1.21.3 darwin/arm64');
  cleanups.push(ws.cleanup, bin.cleanup);
  return { ws, bin, env: { PATH: bin.dir } };
}

async function planJson(ws: TestWorkspace, env: Record<string, string>, profile: string): Promise<DarwinPlan> {
  const result = await ws.run(['darwin', 'plan', profile, '--json'], { env });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as DarwinPlan;
}

const kinds = (plan: DarwinPlan) => plan.steps.map((s) => s.kind);

describe('ant darwin plan --json (on Linux)', () => {
  it('base: resolved profile, probed toolchains, every step, nothing written', async () => {
    const { ws, env } = setup();
    const plan = await planJson(ws, env, 'base');
    expect(plan).toMatchObject({ version: 1, profile: 'base', platform: 'linux', system: 'aarch64-darwin', applicable: false });
    expect(plan.resolved.chain).toEqual(['bootstrap', 'base']);
    expect(plan.toolchains).toEqual([
      { name: 'go', wanted: '1.22', found: '1.21.3', nixPackage: 'go_1_22', command: 'go', status: 'mismatch' },
      { name: 'node', wanted: '20', found: process.versions.node, nixPackage: 'nodejs_20', command: 'node', status: 'ok' },
      { name: 'uv', wanted: '0.9', found: null, nixPackage: 'uv', command: 'uv', status: 'missing' },
    ]);
    expect(kinds(plan)).toEqual(['install-nix', 'write-config', 'toolchain', 'toolchain', 'linux-builder', 'switch']);
    expect(plan.steps[2]!.description).toBe('replace go 1.21.3 with go 1.22 from nixpkgs#go_1_22');
    expect(plan.steps[3]!.description).toBe('install uv 0.9 from nixpkgs#uv');
    expect(plan.steps[4]).toEqual({
      kind: 'linux-builder',
      description: 'enable the local Linux builder VM: 6 cores, 6000 MiB memory, 100 GiB disk, 12 max jobs',
      command: null,
    });
    const flakeRef = `path:${path.join(ws.root, '.ant/darwin/base')}#ant-base`;
    // No darwin-rebuild yet: nix-darwin's own, from its flake. Root needs no sudo (tests run as root).
    expect(plan.steps[5]!.argv).toEqual([
      ...(process.getuid?.() === 0 ? [] : ['sudo']),
      'nix', '--extra-experimental-features', 'nix-command flakes', 'run', 'github:nix-darwin/nix-darwin/master#darwin-rebuild',
      '--', 'switch', '--flake', flakeRef,
    ]);
    expect(plan.steps[5]!.command).toContain(`'nix-command flakes'`);
    expect(plan.files.map((f) => f.path)).toEqual(['.ant/darwin/base/module.nix', '.ant/darwin/base/flake.nix']);
    expect(plan.files[0]!.content).toBe(generateNixModule(resolveProfile(parseDarwinConfig(seedDarwinConfig()), 'base')));
    expect(plan.notes[0]).toContain('"ant darwin apply" works on macOS only');
    expect(existsSync(path.join(ws.root, '.ant'))).toBe(false);
  });

  it('bootstrap: node is already there, so only config and switch', async () => {
    const { ws, env, bin } = setup();
    bin.tool('nix', 'nix (Nix) 2.24.9');
    const plan = await planJson(ws, env, 'bootstrap');
    expect(plan.toolchains.map((t) => `${t.name}:${t.status}`)).toEqual(['node:ok']);
    expect(kinds(plan)).toEqual(['write-config', 'switch']);
    expect(plan.resolved.linuxBuilder).toBeNull();
  });

  it('beefy: the builder step carries 12000 MiB', async () => {
    const { ws, env } = setup();
    const plan = await planJson(ws, env, 'beefy');
    expect(plan.resolved.chain).toEqual(['bootstrap', 'base', 'beefy']);
    expect(plan.steps.find((s) => s.kind === 'linux-builder')!.description).toBe(
      'enable the local Linux builder VM: 6 cores, 12000 MiB memory, 100 GiB disk, 12 max jobs',
    );
    expect(plan.files[0]!.content).toContain('virtualisation.memorySize = lib.mkForce 12000;');
  });

  it('nobuilder: no builder step, the module disables it, darwin-rebuild is used once installed', async () => {
    const { ws, env, bin } = setup();
    bin.tool('darwin-rebuild', '');
    const plan = await planJson(ws, env, 'nobuilder');
    expect(plan.resolved.linuxBuilder).toBeNull();
    expect(kinds(plan)).toEqual(['install-nix', 'write-config', 'toolchain', 'toolchain', 'switch']);
    expect(plan.files[0]!.content).toContain('nix.linux-builder.enable = false;');
    expect(plan.steps.at(-1)!.argv!.slice(-4)).toEqual(['darwin-rebuild', 'switch', '--flake', `path:${path.join(ws.root, '.ant/darwin/nobuilder')}#ant-nobuilder`]);
  });

  it('env steps only for variables the machine does not have yet', async () => {
    const { ws, env } = setup({ profiles: { p: { env: { UV_NO_SYNC: '1', ALREADY: 'x' } } }, defaultProfile: 'p' });
    const plan = await planJson(ws, { ...env, ALREADY: 'x' }, 'p');
    expect(plan.steps.filter((s) => s.kind === 'env').map((s) => s.description)).toEqual([
      'set UV_NO_SYNC=1 (environment.variables; new shells see it)',
    ]);
  });

  it('uses ANT_DARWIN_PROFILE, else defaultProfile, when no profile is named', async () => {
    const { ws, env } = setup();
    const byDefault = await ws.run(['darwin', 'plan', '--json'], { env });
    expect(JSON.parse(byDefault.stdout).profile).toBe('base');
    const byEnv = await ws.run(['darwin', 'plan', '--json'], { env: { ...env, ANT_DARWIN_PROFILE: 'beefy' } });
    expect(JSON.parse(byEnv.stdout).profile).toBe('beefy');
  });

  it('prints a readable plan without --json', async () => {
    const { ws, env } = setup();
    const result = await ws.run(['darwin', 'plan', 'base'], { env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Profile base (bootstrap → base) for aarch64-darwin, planned on linux');
    expect(result.stdout).toMatch(/ {2}uv 0\.9 +missing +found nothing, installs nixpkgs#uv/);
    expect(result.stdout).toContain('Linux builder: local VM, 6 cores, 6000 MiB, 100 GiB disk, 12 jobs');
  });

  it('an unknown profile exits 2 with the known ones', async () => {
    const { ws, env } = setup();
    const result = await ws.run(['darwin', 'plan', 'huge'], { env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'ant.config.json: darwin.profiles: unknown profile "huge"; expected one of: base, beefy, bootstrap, nobuilder\nhint: run "ant darwin profiles" to list them, or add "huge" under darwin.profiles\n',
    );
  });

  it('a config error exits 2 naming the field', async () => {
    const ws = testWorkspace({ darwin: { profiles: { a: { extends: 'b' }, b: { extends: 'a' } } } });
    cleanups.push(ws.cleanup);
    const result = await ws.run(['darwin', 'plan', 'a']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('ant.config.json: darwin.profiles.b.extends: profiles extend each other in a cycle: a → b → a');
  });
});

describe('ant darwin profiles', () => {
  it('--json lists resolved profiles and the active one', async () => {
    const { ws, env } = setup();
    const result = await ws.run(['darwin', 'profiles', '--json'], { env });
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout) as { active: string; profiles: Array<{ name: string; chain: string[]; linuxBuilder: { memoryMiB: number } | null }> };
    expect(out.active).toBe('base');
    expect(out.profiles.map((p) => [p.name, p.chain.join('>'), p.linuxBuilder?.memoryMiB ?? null])).toEqual([
      ['base', 'bootstrap>base', 6000],
      ['beefy', 'bootstrap>base>beefy', 12000],
      ['bootstrap', 'bootstrap', null],
      ['nobuilder', 'bootstrap>base>nobuilder', null],
    ]);
  });

  it('text marks the active profile', async () => {
    const { ws, env } = setup();
    const result = await ws.run(['darwin', 'profiles'], { env: { ...env, ANT_DARWIN_PROFILE: 'beefy' } });
    expect(result.stdout.split('\n')[1]).toBe('* beefy      go 1.22, node 20, uv 0.9; builder: local VM, 6 cores, 12000 MiB, 100 GiB disk, 12 jobs (extends bootstrap, base)');
  });
});

describe('ant darwin apply', () => {
  it('is refused on Linux with exit 2 and changes nothing', async () => {
    const { ws, env, bin } = setup();
    const record = path.join(bin.dir, 'calls');
    bin.recorder('darwin-rebuild', record);
    const result = await ws.run(['darwin', 'apply', 'base', '--yes'], { env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      '"ant darwin apply" configures macOS with nix-darwin; this machine runs linux\nhint: run "ant darwin plan base" to see what it would do, or "ant doctor" to see what this machine lacks\n',
    );
    expect(existsSync(path.join(ws.root, '.ant'))).toBe(false);
    expect(existsSync(record)).toBe(false);
  });

  // The steps below run real programs; darwin-rebuild and nix are stand-ins that record their call.
  function macSetup() {
    const s = setup();
    const record = path.join(s.bin.dir, 'calls');
    s.bin.tool('nix', 'nix (Nix) 2.24.9');
    s.bin.recorder('darwin-rebuild', record);
    return { ...s, record, env: { ...s.env, ANT_DARWIN_HOST_PLATFORM: 'darwin' } };
  }

  it('on a Mac with --yes: writes the flake and module, runs darwin-rebuild switch', async () => {
    const { ws, env, record } = macSetup();
    const result = await ws.run(['darwin', 'apply', 'beefy', '--yes'], { env });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const dir = path.join(ws.root, '.ant/darwin/beefy');
    expect(readFileSync(path.join(dir, 'module.nix'), 'utf8')).toContain('virtualisation.memorySize = lib.mkForce 12000;');
    expect(readFileSync(path.join(dir, 'flake.nix'), 'utf8')).toContain('darwinConfigurations.ant-beefy');
    expect(readFileSync(record, 'utf8')).toBe(`switch --flake path:${dir}#ant-beefy\n`);
    expect(result.stdout).toContain('darwin-rebuild ran');
    expect(result.stdout).toContain('Profile beefy applied.');
  });

  it('asks first; anything but yes changes nothing', async () => {
    const { ws, env, record } = macSetup();
    const declined = await ws.run(['darwin', 'apply', 'base'], { env, stdin: 'n\n' });
    expect(declined.exitCode).toBe(1);
    expect(declined.stdout).toContain('Apply profile base? [y/N] ');
    expect(declined.stderr).toBe('Nothing changed.\n');
    expect(existsSync(path.join(ws.root, '.ant'))).toBe(false);
    expect(existsSync(record)).toBe(false);
    const accepted = await ws.run(['darwin', 'apply', 'base'], { env, stdin: 'yes\n' });
    expect(accepted.exitCode).toBe(0);
    expect(readFileSync(record, 'utf8')).toContain('#ant-base');
  });

  it('a failing switch exits 1 and says which step failed', async () => {
    const { ws, env, bin, record } = macSetup();
    bin.recorder('darwin-rebuild', record, 3);
    const result = await ws.run(['darwin', 'apply', 'base', '--yes'], { env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('step "switch" failed with exit code 3: darwin-rebuild switch --flake');
    expect(result.stderr).toContain('hint: the generated files are in .ant/darwin/base/');
  });
});
