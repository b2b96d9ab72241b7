/**
 * pnpm-lock.yaml closures, on a lockfile written by pnpm 9.15.9 (`pnpm install --lockfile-only`
 * on the workspace in `manifests` below); `after` is pnpm's own output once a's is-number went
 * from ^7 to ^6 (the same edits pnpm made, applied as string replacements).
 */
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { pnpmLockfile } from '../src/pnpm-lock-closure.js';
import { tempDir } from './helpers/temp-dir.js';
import { testContext, toProjects } from './helpers/plugin-context.js';

const before = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .: {}

  packages/a:
    dependencies:
      b:
        specifier: workspace:*
        version: link:../b
      is-number:
        specifier: ^7.0.0
        version: 7.0.0
    devDependencies:
      is-odd:
        specifier: 3.0.1
        version: 3.0.1

  packages/b:
    dependencies:
      is-odd:
        specifier: 3.0.1
        version: 3.0.1
      string-width-cjs:
        specifier: npm:string-width@^4.2.0
        version: string-width@4.2.3

packages:

  ansi-regex@5.0.1:
    resolution: {integrity: sha512-quJQXlTSUGL2LH9SUXo8VwsY4soanhgo6LNSm84E1LBcE8s3O0wpdiRzyR9z/ZZJMlMWv37qOOb9pdJlMUEKFQ==}
    engines: {node: '>=8'}

  emoji-regex@8.0.0:
    resolution: {integrity: sha512-MSjYzcWNOA0ewAHpz0MxpYFvwg6yjy1NG3xteoqz644VCo/RPgnr1/GGt+ic3iJTzQ8Eu3TdM14SawnVUmGE6A==}

  is-fullwidth-code-point@3.0.0:
    resolution: {integrity: sha512-zymm5+u+sCsSWyD9qNaejV3DFvhCKclKdizYaJUuHA83RLjb7nSuGnddCHGv0hk+KY7BMAlsWeK4Ueg6EV6XQg==}
    engines: {node: '>=8'}

  is-number@6.0.0:
    resolution: {integrity: sha512-Wu1VHeILBK8KAWJUAiSZQX94GmOE45Rg6/538fKwiloUu21KncEkYGPqob2oSZ5mUT73vLGrHQjKw3KMPwfDzg==}
    engines: {node: '>=0.10.0'}

  is-number@7.0.0:
    resolution: {integrity: sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==}
    engines: {node: '>=0.12.0'}

  is-odd@3.0.1:
    resolution: {integrity: sha512-CQpnWPrDwmP1+SMHXZhtLtJv90yiyVfluGsX5iNCVkrhQtU3TQHsUWPG9wkdk9Lgd5yNpAg9jQEo90CBaXgWMA==}
    engines: {node: '>=4'}

  string-width@4.2.3:
    resolution: {integrity: sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/cxKTWyWUwvSTriiZz/g==}
    engines: {node: '>=8'}

  strip-ansi@6.0.1:
    resolution: {integrity: sha512-Y38VPSHcqkFrCpFnQ9vuSXmquuv5oXOKpGeT6aGrr3o3Gc9AlVa6JBfUSOCnbxGGZF+/0ooI7KrPuUSztUdU5A==}
    engines: {node: '>=8'}

snapshots:

  ansi-regex@5.0.1: {}

  emoji-regex@8.0.0: {}

  is-fullwidth-code-point@3.0.0: {}

  is-number@6.0.0: {}

  is-number@7.0.0: {}

  is-odd@3.0.1:
    dependencies:
      is-number: 6.0.0

  string-width@4.2.3:
    dependencies:
      emoji-regex: 8.0.0
      is-fullwidth-code-point: 3.0.0
      strip-ansi: 6.0.1

  strip-ansi@6.0.1:
    dependencies:
      ansi-regex: 5.0.1
`;

const after = before
  .replace('specifier: ^7.0.0\n        version: 7.0.0', 'specifier: ^6.0.0\n        version: 6.0.0')
  .replace(/  is-number@7\.0\.0:\n    resolution: .*\n    engines: .*\n\n/, '')
  .replace('\n  is-number@7.0.0: {}\n', '\n');

const manifests = {
  'package.json': { name: 'root', private: true, packageManager: 'pnpm@9.15.9' },
  'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
  'packages/a/package.json': { name: 'a', version: '1.0.0', dependencies: { 'is-number': '^7.0.0', b: 'workspace:*' }, devDependencies: { 'is-odd': '3.0.1' } },
  'packages/b/package.json': { name: 'b', version: '1.0.0', dependencies: { 'is-odd': '3.0.1', 'string-width-cjs': 'npm:string-width@^4.2.0' } },
};

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

describe('pnpm-lock.yaml closures', () => {
  it('follows importers and snapshots, aliases included, and records workspace links', () => {
    const lock = pnpmLockfile(before, 'pnpm-lock.yaml')!;
    const sha = (name: string) => before.match(new RegExp(`  ${name}:\\n    resolution: \\{integrity: (\\S+)\\}`))![1];
    expect(lock.externalClosure('packages/a')).toEqual([
      'b@link:../b',
      `is-number@6.0.0 ${sha('is-number@6.0.0')}`,
      `is-number@7.0.0 ${sha('is-number@7.0.0')}`,
      `is-odd@3.0.1 ${sha('is-odd@3.0.1')}`,
    ]);
    expect(lock.externalClosure('packages/b').map((l) => l.split(' ')[0])).toEqual([
      'ansi-regex@5.0.1', 'emoji-regex@8.0.0', 'is-fullwidth-code-point@3.0.0', 'is-number@6.0.0',
      'is-odd@3.0.1', 'string-width@4.2.3', 'strip-ansi@6.0.1',
    ]);
    expect(lock.externalClosure('')).toEqual([]);
    expect(lock.externalClosure('packages/new')).toEqual(['?packages/new not in lockfile']);
  });

  it('changes the digest of the package whose dependency moved, and only its', () => {
    const b = pnpmLockfile(before, 'pnpm-lock.yaml')!;
    const a = pnpmLockfile(after, 'pnpm-lock.yaml')!;
    expect(after).not.toBe(before);
    expect(a.closureDigest('packages/a')).not.toEqual(b.closureDigest('packages/a'));
    expect(a.closureDigest('packages/b')).toEqual(b.closureDigest('packages/b'));
    expect(a.closureDigest('')).toEqual(b.closureDigest(''));
  });

  it('drives hashInputs and narrowChange in a pnpm workspace', async () => {
    const dir = tempDir({ ...manifests, 'pnpm-lock.yaml': before });
    disposers.push(dir.dispose);
    const ctx = testContext(dir.root);
    const projects = toProjects(dir.root, await plugin.createProjects(['package.json'], ctx));
    ctx.setProjects(projects);
    expect(projects.map((p) => p.name)).toEqual(['a', 'b']);
    const inputs = await plugin.hashInputs(projects[0]!, 'build', {}, ctx);
    expect(inputs.externalDeps).toMatch(/^3 direct, closure sha256:[0-9a-f]{64}$/);
    expect(await plugin.narrowChange({ path: 'pnpm-lock.yaml', before, after }, ctx)).toEqual(['a']);
    expect(await plugin.narrowChange({ path: 'pnpm-lock.yaml', before, after: '<<<<<<< HEAD' }, ctx)).toEqual(['a', 'b']);
  });

  it('names the file when the YAML is broken', () => {
    expect(() => pnpmLockfile('a: [', 'sub/pnpm-lock.yaml')).toThrow(/^sub\/pnpm-lock.yaml: expected YAML, found a syntax error/);
  });
});
