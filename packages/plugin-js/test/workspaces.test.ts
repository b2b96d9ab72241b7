import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { tempDir, type Tree } from './helpers/temp-dir.js';
import { testContext, toProjects } from './helpers/plugin-context.js';

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

async function discover(tree: Tree, config?: unknown) {
  const dir = tempDir(tree);
  disposers.push(dir.dispose);
  const ctx = testContext(dir.root, config);
  const specs = await plugin.createProjects(['package.json'], ctx);
  const projects = toProjects(dir.root, specs);
  ctx.setProjects(projects);
  return { root: dir.root, ctx, specs, projects };
}

describe('createProjects', () => {
  it('expands npm workspace globs, honours "!" and never enters node_modules', async () => {
    const { specs } = await discover({
      'package.json': { name: 'root', private: true, workspaces: ['packages/*', 'apps/**', '!packages/skip'] },
      'packages/a/package.json': { name: '@x/a' },
      'packages/b/package.json': { name: '@x/b' },
      'packages/skip/package.json': { name: 'skip' },
      'packages/not-a-package/README.md': 'no manifest',
      'apps/web/package.json': { name: 'web' },
      'apps/web/node_modules/dep/package.json': { name: 'dep' },
      'apps/group/api/package.json': {},
    });
    expect(specs.map((s) => [s.name, s.root])).toEqual([
      ['apps/group/api', 'apps/group/api'],
      ['web', 'apps/web'],
      ['@x/a', 'packages/a'],
      ['@x/b', 'packages/b'],
    ]);
    expect(specs[1]).toMatchObject({ language: 'javascript', fields: { packageName: 'web' } });
  });

  it('reads the object form { packages: [...] } (yarn)', async () => {
    const { specs } = await discover({
      'package.json': { private: true, workspaces: { packages: ['libs/*'], nohoist: ['**/x'] } },
      'libs/one/package.json': { name: 'one' },
    });
    expect(specs.map((s) => s.name)).toEqual(['one']);
  });

  it('prefers pnpm-workspace.yaml when present', async () => {
    const { specs } = await discover({
      'package.json': { private: true, packageManager: 'pnpm@9.12.0' },
      'pnpm-workspace.yaml': 'packages:\n  - "pkgs/*"\n  - "!pkgs/old"\n',
      'pkgs/new/package.json': { name: 'new' },
      'pkgs/old/package.json': { name: 'old' },
    });
    expect(specs.map((s) => s.name)).toEqual(['new']);
  });

  it('makes the root package the only project when it has no workspaces', async () => {
    const { specs } = await discover({ 'package.json': { name: 'solo', scripts: { build: 'true' } } });
    expect(specs).toEqual([{ name: 'solo', root: '.', language: 'javascript', fields: { packageName: 'solo' } }]);
  });

  it('reports every broken manifest and duplicate name in one error', async () => {
    await expect(
      discover({
        'package.json': { workspaces: ['p/*'] },
        'p/a/package.json': { name: 'same' },
        'p/b/package.json': { name: 'same' },
        'p/c/package.json': '{ "name": ',
      }),
    ).rejects.toThrow(
      /p\/b\/package.json: name: expected a name unique in the workspace, found "same", also used by p\/a\/package.json[\s\S]*p\/c\/package.json: expected valid JSON/,
    );
  });

  it('explains a malformed pnpm-workspace.yaml', async () => {
    await expect(discover({ 'package.json': {}, 'pnpm-workspace.yaml': 'packages: "pkgs/*"\n' })).rejects.toThrow(
      /pnpm-workspace.yaml: packages: expected a list of globs, found "pkgs\/\*"/,
    );
  });
});

describe('dependencies', () => {
  it('links workspace packages named in any dependency field, with any spec, by project name', async () => {
    const { ctx, projects } = await discover({
      'package.json': { workspaces: ['packages/*'] },
      'packages/a/package.json': {
        name: '@x/a',
        dependencies: { '@x/b': 'workspace:*', lodash: '^4' },
        devDependencies: { '@x/c': '^1.0.0' },
        peerDependencies: { '@x/d': '*' },
        optionalDependencies: { '@x/e': 'file:../e', '@x/a': '*' },
      },
      'packages/b/package.json': { name: '@x/b' },
      'packages/c/package.json': { name: '@x/c' },
      'packages/d/package.json': { name: '@x/d' },
      'packages/e/package.json': { name: '@x/e' },
    });
    const byName = Object.fromEntries(projects.map((p) => [p.name, p]));
    expect(await plugin.dependencies(byName['@x/a']!, ctx)).toEqual(['@x/b', '@x/c', '@x/d', '@x/e']);
    expect(await plugin.dependencies(byName['@x/b']!, ctx)).toEqual([]);
  });

  it('uses the project name of a configured service whose package has another name', async () => {
    const { root, ctx, projects } = await discover({
      'package.json': { workspaces: ['packages/*'] },
      'packages/a/package.json': { name: 'a', dependencies: { '@corp/noggin-lib': '*' } },
      'gateways/noggin/package.json': { name: '@corp/noggin-lib' },
    });
    const service = toProjects(root, [{ name: 'noggin', root: 'gateways/noggin', language: 'typescript' }], '')[0]!;
    ctx.setProjects([...projects, service]);
    expect(await plugin.dependencies(projects[0]!, ctx)).toEqual(['noggin']);
  });
});
