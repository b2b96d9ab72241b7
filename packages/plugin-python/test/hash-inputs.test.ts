import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { makeContext } from './helpers/context.js';
import { memberPyproject, tempRepo, WORKSPACE_FILES, type TempRepo } from './helpers/uv-workspace.js';

const FILES = ['pyproject.toml', 'packages/alpha/pyproject.toml', 'packages/beta/pyproject.toml'];
const TASKS = ['lock-check', 'build', 'test', 'lint'];

/** Every task's hash inputs for every project, read with a fresh context (a new `ant` invocation). */
async function snapshot(repo: TempRepo): Promise<Record<string, Record<string, string>>> {
  const ctx = makeContext(repo.root);
  const projects = ctx.setProjects(await plugin.createProjects!(FILES, ctx));
  const out: Record<string, Record<string, string>> = {};
  for (const project of projects) {
    const tasks = await plugin.inferTasks!(project, ctx);
    for (const name of TASKS) {
      if (tasks[name]) out[`${project.name}:${name}`] = await plugin.hashInputs!(project, name, tasks[name], ctx);
    }
  }
  return out;
}

function editDeps(repo: TempRepo, member: 'alpha' | 'beta', deps: string[]): void {
  const extra = member === 'beta' ? '[tool.uv.sources]\nalpha = { workspace = true }\n' : '';
  repo.write(`packages/${member}/pyproject.toml`, memberPyproject(member, deps, extra));
  repo.sh('uv lock -q');
}

describe('hash inputs: the project slice of uv.lock', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = tempRepo(WORKSPACE_FILES, { lock: true });
  });
  afterAll(() => repo[Symbol.dispose]());

  it('holds the toolchain, requires-python and one entry per locked package', async () => {
    const hashes = await snapshot(repo);
    const build = hashes['beta:build'];
    expect(build.uv).toMatch(/^uv \d+\.\d+/);
    expect(build.python).toMatch(/^Python 3\.\d+\.\d+$/);
    expect(build['requires-python']).toBe('>=3.11; lock: >=3.11');
    expect(build['uv.lock:six']).toMatch(/^1\.17\.0 registry=https:\/\/pypi\.org\/simple [0-9a-f]{16}$/);
    expect(build['uv.lock:alpha']).toBe('0.1.0 editable=packages/alpha');
    expect(build['uv.lock:pytest']).toBeUndefined(); // the root's dev group is not part of a build
    expect(hashes['beta:test']['uv.lock:pytest']).toMatch(/^\d+\.\d+\.\d+ registry=/); // but of the tests
    expect(hashes['alpha:lint'].ruff).toMatch(/^ruff \d/);
    expect(hashes['alpha:lock-check']['uv.lock metadata']).toMatch(/^[0-9a-f]{16}$/);
    // the same files give the same inputs in a new invocation
    expect(await snapshot(repo)).toEqual(hashes);
  });

  it("a lock change to another member's dependencies keeps this member's inputs; its own changes them", async () => {
    const before = await snapshot(repo);
    editDeps(repo, 'beta', ['alpha', 'packaging']);
    const afterBeta = await snapshot(repo);
    for (const task of TASKS) expect(afterBeta[`alpha:${task}`], `alpha:${task}`).toEqual(before[`alpha:${task}`]);
    expect(afterBeta['beta:build']['uv.lock:packaging']).toMatch(/^\d+(\.\d+)+ registry=/);
    expect(afterBeta['beta:lock-check']).not.toEqual(before['beta:lock-check']);

    editDeps(repo, 'alpha', ['six>=1.16', 'iniconfig']);
    const afterAlpha = await snapshot(repo);
    expect(afterAlpha['alpha:build']['uv.lock:iniconfig']).toBeDefined();
    expect(afterAlpha['alpha:build']).not.toEqual(afterBeta['alpha:build']);
    // beta installs alpha, so alpha's new dependency is in beta's closure too
    expect(afterAlpha['beta:build']['uv.lock:iniconfig']).toBeDefined();
  });
});

describe('narrowChange for the lock of a workspace root that is not a project', () => {
  it('affects only the members whose closure changed', async () => {
    const files = { ...WORKSPACE_FILES, 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n' };
    const repo = tempRepo(files, { lock: true });
    try {
      const ctx = makeContext(repo.root);
      const specs = await plugin.createProjects!(FILES, ctx);
      expect(specs.map((s) => s.name)).toEqual(['alpha', 'beta']);
      ctx.setProjects(specs);
      const lock0 = repo.read('uv.lock');
      editDeps(repo, 'beta', ['alpha', 'packaging']);
      const lock1 = repo.read('uv.lock');
      editDeps(repo, 'alpha', ['six>=1.16', 'iniconfig']);
      const lock2 = repo.read('uv.lock');
      const narrow = (before: string | undefined, after: string | undefined, path = 'uv.lock') =>
        plugin.narrowChange!({ path, before, after }, ctx);
      expect(await narrow(lock0, lock1)).toEqual(['beta']);
      expect(await narrow(lock1, lock2)).toEqual(['alpha', 'beta']);
      expect(await narrow(lock0, lock0)).toEqual([]);
      expect(await narrow(lock0, 'not = [toml')).toEqual(['alpha', 'beta']);
      expect(await narrow('a', 'b', 'pyproject.toml')).toEqual(['alpha', 'beta']);
      expect(await narrow('a', 'b', 'other/uv.lock')).toBeUndefined();
      expect(await narrow('a', 'b', 'go.sum')).toBeUndefined();
    } finally {
      repo[Symbol.dispose]();
    }
  });
});
