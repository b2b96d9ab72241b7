import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { darwinDoctorChecks, type DoctorCheck } from '../src/doctor-checks.js';
import { fakeBin, type FakeBin } from './support/fake-bin.js';
import { seedDarwinConfig } from './support/seed-config.js';
import { startSshd, type TestSshd } from './support/sshd.js';

let bin: FakeBin;
let sshd: TestSshd;
let root: string;
beforeAll(async () => {
  bin = fakeBin();
  bin.tool('go', 'go version go1.21.3 linux/amd64');
  sshd = await startSshd();
  root = mkdtempSync(path.join(os.tmpdir(), 'ant-doctor-'));
});
afterAll(async () => {
  bin?.cleanup();
  await sshd?.stop();
  rmSync(root, { recursive: true, force: true });
});

const byName = (checks: DoctorCheck[], name: string) => checks.find((c) => c.name === name);

describe('darwinDoctorChecks', () => {
  it('reports a tool that does not exist, with a fix, next to the ones that are fine or outdated', async () => {
    const config = { darwin: { profiles: { dev: { toolchains: { 'zig-nonexistent': '0.13', node: '20', go: '1.22' } } } } };
    const checks = await darwinDoctorChecks(config, { root, platform: 'linux', env: { PATH: bin.dir } });
    expect(checks).toEqual([
      { name: 'darwin profile', ok: true, found: 'dev (from only profile)' },
      {
        name: 'toolchain go', ok: false, expected: 'go 1.22.x', found: 'go 1.21.3',
        fix: 'install go 1.22, e.g. nix profile install nixpkgs#go_1_22',
      },
      { name: 'toolchain node', ok: true, expected: 'node 20.x', found: `node ${process.versions.node}` },
      {
        name: 'toolchain zig-nonexistent', ok: false, expected: 'zig-nonexistent 0.13.x',
        found: 'not installed (no "zig-nonexistent" on PATH)',
        fix: 'install zig-nonexistent 0.13, e.g. nix profile install nixpkgs#zig-nonexistent',
      },
    ]);
  });

  it('on a Mac the fix is "ant darwin apply <profile>"', async () => {
    const config = { darwin: { profiles: { dev: { toolchains: { 'zig-nonexistent': '0.13' } } } } };
    const checks = await darwinDoctorChecks(config, { root, platform: 'darwin', env: { PATH: bin.dir } });
    expect(byName(checks, 'toolchain zig-nonexistent')).toMatchObject({ ok: false, fix: 'ant darwin apply dev' });
  });

  it('checks memory against the builder VM on a Mac (beefy needs more than 8 GiB)', async () => {
    const env = { PATH: bin.dir, ANT_DARWIN_PROFILE: 'beefy' };
    const small = await darwinDoctorChecks({ darwin: seedDarwinConfig() }, { root, platform: 'darwin', env, totalMemoryMiB: 8192 });
    expect(byName(small, 'memory for the linux builder')).toEqual({
      name: 'memory for the linux builder', ok: false, found: '8192 MiB',
      expected: 'at least 16096 MiB (builder VM 12000 MiB + 4096 MiB for macOS)',
      fix: 'use a profile with a smaller builder, or lower darwin.profiles.beefy.linuxBuilder.memoryMiB',
    });
    const big = await darwinDoctorChecks({ darwin: seedDarwinConfig() }, { root, platform: 'darwin', env, totalMemoryMiB: 32768 });
    expect(byName(big, 'memory for the linux builder')?.ok).toBe(true);
    // No VM runs here, so the local builder does not answer on localhost:31022.
    expect(byName(big, 'linux builder reachable')).toMatchObject({ ok: false, expected: 'ssh to builder@localhost:31022 answers and runs Linux' });
  });

  it('on Linux the local builder VM is not needed', async () => {
    const checks = await darwinDoctorChecks({ darwin: seedDarwinConfig() }, { root, platform: 'linux', env: { PATH: bin.dir } });
    expect(byName(checks, 'linux builder')).toEqual({ name: 'linux builder', ok: true, found: 'not needed: this machine runs Linux tasks itself' });
    expect(byName(checks, 'memory for the linux builder')).toBeUndefined();
  });

  it('reaches a remote builder over ssh (real sshd), and says how to fix an unreachable one', async () => {
    const builder = { host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.identityFile };
    const up = await darwinDoctorChecks(
      { darwin: { profiles: { remote: { linuxBuilder: builder } } } },
      { root, platform: 'linux', env: { PATH: bin.dir } },
    );
    expect(byName(up, 'linux builder reachable')).toEqual({
      name: 'linux builder reachable', ok: true, found: 'reachable, runs Linux',
      expected: `ssh to ${sshd.user}@127.0.0.1:${sshd.port} answers and runs Linux`,
    });
    const down = await darwinDoctorChecks(
      { darwin: { profiles: { remote: { linuxBuilder: { ...builder, port: 1 } } } } },
      { root, platform: 'darwin', env: { PATH: bin.dir } },
    );
    const check = byName(down, 'linux builder reachable')!;
    expect(check.ok).toBe(false);
    expect(check.found).toMatch(/port 1: Connection refused/);
    expect(check.fix).toBe(`check darwin.profiles.remote.linuxBuilder host/port/user/identityFile; try: ssh -p 1 ${sshd.user}@127.0.0.1 true`);
  });

  it('says when no profile is selected, and checks nothing without a darwin section', async () => {
    const checks = await darwinDoctorChecks({ darwin: { profiles: { a: {}, b: {} } } }, { root, env: {} });
    expect(checks).toEqual([{
      name: 'darwin profile', ok: false, found: 'none selected', expected: 'one of a, b',
      fix: 'set darwin.defaultProfile in the config, or ANT_DARWIN_PROFILE=<profile>',
    }]);
    expect(await darwinDoctorChecks({ plugins: [] }, { root })).toEqual([]);
  });

  it('turns a bad profile into a failing check instead of throwing', async () => {
    const checks = await darwinDoctorChecks({ darwin: { profiles: { a: { extends: 'a' } } } }, { root, env: {} });
    expect(checks).toEqual([{
      name: 'darwin profile', ok: false,
      found: 'ant.config.json: darwin.profiles.a.extends: profiles extend each other in a cycle: a → a',
      fix: 'remove one of the "extends" links in that cycle',
    }]);
  });
});
