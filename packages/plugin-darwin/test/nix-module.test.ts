import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDarwinConfig } from '../src/config-schema.js';
import { generateFlake, generateNixModule } from '../src/nix-module.js';
import { resolveProfile } from '../src/profile-resolver.js';
import { seedDarwinConfig } from './support/seed-config.js';

const seed = parseDarwinConfig(seedDarwinConfig());
const module = (name: string) => generateNixModule(resolveProfile(seed, name));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ant-nix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Parses Nix text with the real Nix parser (Debian nix-bin); throws with Nix's message if invalid. */
function nixParse(text: string, name: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return execFileSync('nix-instantiate', ['--parse', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('generated nix-darwin module', () => {
  it('base: toolchains as systemPackages and the seed builder settings', () => {
    const text = module('base');
    expect(text).toContain('# Profile chain: bootstrap → base');
    expect(text).toContain(['  environment.systemPackages = [', '    pkgs.go_1_22 # go 1.22', '    pkgs.nodejs_20 # node 20', '    pkgs.uv # uv 0.9', '  ];'].join('\n'));
    expect(text).toContain('  nix.linux-builder = {\n    enable = true;\n    maxJobs = 12;\n');
    expect(text).toContain('      virtualisation.cores = 6;\n');
    expect(text).toContain('      virtualisation.memorySize = lib.mkForce 6000;\n');
    expect(text).toContain('      virtualisation.diskSize = lib.mkForce (100 * 1024);\n');
    expect(text).toContain('  nix.settings.trusted-users = [ "@admin" ];');
    expect(text).not.toContain('environment.variables');
  });

  it('beefy differs from base only in the builder memory (and its header)', () => {
    const base = module('base').split('\n').slice(2);
    const beefy = module('beefy').split('\n').slice(2);
    const differing = beefy.filter((line, i) => line !== base[i]);
    expect(differing).toEqual(['      virtualisation.memorySize = lib.mkForce 12000;']);
  });

  it('nobuilder turns the builder off explicitly; bootstrap has node only', () => {
    expect(module('nobuilder')).toContain('  nix.linux-builder.enable = false;');
    expect(module('nobuilder')).not.toContain('virtualisation');
    const bootstrap = module('bootstrap');
    expect(bootstrap).toContain('  environment.systemPackages = [\n    pkgs.nodejs_20 # node 20\n  ];');
    expect(bootstrap).toContain('  nix.linux-builder.enable = false;');
  });

  it('writes env as environment.variables, escaped', () => {
    const config = parseDarwinConfig({
      profiles: { p: { env: { UV_NO_SYNC: '1', TRICKY: 'a "quoted" ${HOME} \\ value' }, toolchains: { 'zig-nonexistent': '0.13', 'clang++': '17' } } },
    });
    const text = generateNixModule(resolveProfile(config, 'p'));
    expect(text).toContain('  environment.variables = {\n    TRICKY = "a \\"quoted\\" \\${HOME} \\\\ value";\n    UV_NO_SYNC = "1";\n  };');
    // Dashes are fine in Nix identifiers; other names are quoted.
    expect(text).toContain('    pkgs."clang++" # clang++ 17\n    pkgs.zig-nonexistent # zig-nonexistent 0.13\n');
    const parsed = nixParse(text, 'env.nix');
    expect(parsed).toContain('TRICKY = "a \\"quoted\\" \\${HOME} \\\\ value"');
  });

  it('a remote builder configures no VM', () => {
    const config = parseDarwinConfig({ profiles: { r: { linuxBuilder: { host: 'linux1.corp', user: 'ci', port: 2222 } } } });
    const text = generateNixModule(resolveProfile(config, 'r'));
    expect(text).toContain('# Linux builder: remote host ci@linux1.corp:2222');
    expect(text).toContain('  nix.linux-builder.enable = false;');
  });

  it('adds authorized keys for the builder user', () => {
    const config = parseDarwinConfig({ profiles: { k: { linuxBuilder: { authorizedKeys: ['ssh-ed25519 AAAA me@mac'] } } } });
    expect(generateNixModule(resolveProfile(config, 'k'))).toContain(
      '      users.users.builder.openssh.authorizedKeys.keys = [\n        "ssh-ed25519 AAAA me@mac"\n      ];',
    );
  });

  it.each(['bootstrap', 'base', 'beefy', 'nobuilder'])('%s: module and flake parse with nix-instantiate --parse', (name) => {
    const parsed = nixParse(module(name), `${name}-module.nix`);
    expect(parsed).toMatch(/^\(\{ pkgs, lib, \.\.\. \}: \{ environment = \{ systemPackages = \[ \(\(pkgs\)\.nodejs_20\)|^\(\{ pkgs, lib, \.\.\. \}: \{ environment = \{ systemPackages = \[ \(\(pkgs\)\.go_1_22\) \(\(pkgs\)\.nodejs_20\) \(\(pkgs\)\.uv\) \]/);
    // Nix's own reading of the builder settings (attribute sets normalised by the parser).
    const builder = { bootstrap: 'linux-builder = { enable = false; }', nobuilder: 'linux-builder = { enable = false; }',
      base: 'memorySize = ((lib).mkForce 6000)', beefy: 'memorySize = ((lib).mkForce 12000)' }[name]!;
    expect(parsed).toContain(builder);
    const flake = generateFlake(name, { system: 'aarch64-darwin' });
    expect(flake).toContain(`darwinConfigurations.ant-${name} = nix-darwin.lib.darwinSystem {`);
    expect(flake).toContain('nixpkgs.hostPlatform = "aarch64-darwin";');
    expect(flake).toContain('inputs.nix-darwin.inputs.nixpkgs.follows = "nixpkgs";');
    // The parser resolves ./module.nix against the file's directory.
    expect(nixParse(flake, `${name}-flake.nix`)).toContain(
      `darwinConfigurations = { ant-${name} = ((nix-darwin).lib.darwinSystem { modules = [ (${tmp}/module.nix) ({ nixpkgs = { hostPlatform = "aarch64-darwin"; }; system = { stateVersion = 6; }; }) ]; }); }`,
    );
  });
});
