import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { makeContext } from './helpers/context.js';
import { tempRepo, WORKSPACE_FILES, type TempRepo } from './helpers/uv-workspace.js';

describe('discovery and edges in a real uv workspace', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = tempRepo(
      {
        ...WORKSPACE_FILES,
        // Not a member (excluded), with a path dependency on alpha: its own project and lock.
        'tools/gamma/pyproject.toml':
          '[project]\nname = "Gamma_Tool"\nversion = "1.0"\nrequires-python = ">=3.11"\ndependencies = ["alpha"]\n\n' +
          '[tool.uv.sources]\nalpha = { path = "../../packages/alpha", editable = true }\n',
        // A config-only pyproject (no [project]) is not a project.
        'configs/pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      },
      { lock: true },
    );
    repo.sh('uv lock -q', 'tools/gamma');
  });
  afterAll(() => repo[Symbol.dispose]());

  it('creates one project per [project] pyproject.toml with its workspace', async () => {
    const ctx = makeContext(repo.root);
    const files = ['pyproject.toml', 'packages/alpha/pyproject.toml', 'packages/beta/pyproject.toml',
      'tools/gamma/pyproject.toml', 'configs/pyproject.toml'];
    const specs = await plugin.createProjects!(files, ctx);
    expect(specs.map((s) => [s.name, s.root, s.fields?.uvWorkspace])).toEqual([
      ['alpha', 'packages/alpha', '.'],
      ['beta', 'packages/beta', '.'],
      ['ws', '.', '.'],
      ['gamma-tool', 'tools/gamma', 'tools/gamma'],
    ]);
    expect(specs.every((s) => s.language === 'python')).toBe(true);
  });

  it('finds edges from the lock and from [tool.uv.sources]', async () => {
    const ctx = makeContext(repo.root);
    const projects = ctx.setProjects(await plugin.createProjects!(
      ['pyproject.toml', 'packages/alpha/pyproject.toml', 'packages/beta/pyproject.toml', 'tools/gamma/pyproject.toml'], ctx));
    const edges = Object.fromEntries(
      await Promise.all(projects.map(async (p) => [p.name, await plugin.dependencies!(p, ctx)] as const)),
    );
    expect(edges).toEqual({ alpha: [], beta: ['alpha'], ws: [], 'gamma-tool': ['alpha'] });
  });

  it('finds edges from pyproject.toml alone when there is no lock yet, for a configured service', async () => {
    repo.sh('mv uv.lock uv.lock.bak');
    try {
      const ctx = makeContext(repo.root);
      // As the core builds them from ant.config.json services (no discovery): service names win.
      const [, beta] = ctx.setProjects([
        { name: 'svc-alpha', root: 'packages/alpha', language: 'python' },
        { name: 'svc-beta', root: 'packages/beta', language: 'python' },
      ]);
      expect(await plugin.dependencies!(beta, ctx)).toEqual(['svc-alpha']);
    } finally {
      repo.sh('mv uv.lock.bak uv.lock');
    }
  });

  it('names the file, the field and the fix for a broken pyproject.toml, after reading every file', async () => {
    repo.write('broken/pyproject.toml', '[project]\nname = "x"\ndependencies = [\n');
    repo.write('nameless/pyproject.toml', '[project]\nversion = "1"\n');
    const ctx = makeContext(repo.root);
    const error = await plugin.createProjects!(['broken/pyproject.toml', 'nameless/pyproject.toml', 'pyproject.toml'], ctx)
      .then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/^broken\/pyproject\.toml:\d+:\d+: invalid TOML: .*Hint: fix the syntax/);
    expect(error?.message).toContain(
      'nameless/pyproject.toml: [project].name is missing: expected a package name string, found nothing. ' +
        'Hint: add name = "<package>" under [project]',
    );
  });

  it('says a python service without pyproject.toml needs one', async () => {
    const ctx = makeContext(repo.root);
    const [svc] = ctx.setProjects([{ name: 'svc', root: 'nowhere', language: 'python' }]);
    await expect(plugin.inferTasks!(svc, ctx)).rejects.toThrow(
      'nowhere/pyproject.toml: not found: project svc has language "python", which needs a pyproject.toml (and a uv.lock). ' +
        'Hint: run `uv init` in that directory, or fix the service path',
    );
  });
});
