import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';

/** A third-party-style plugin in the repo itself, loaded by relative path. */
const toyPlugin = (body: string) => `
export default {
  name: 'toy-plugin',
  languages: ['toy'],
  projectFiles: ['**/toy.json'],
  async createProjects(files) {
    return files.map((f) => ({ name: f.split('/').slice(-2)[0], root: f.split('/').slice(0, -1).join('/'), language: 'toy' }));
  },
  ${body}
};
`;

describe('plugins', () => {
  it('a relative-path plugin discovers projects and infers tasks that run', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['./tools/toy-plugin.mjs'] },
      'tools/toy-plugin.mjs': toyPlugin(`async inferTasks(project) { return { build: { command: 'echo toy build of ' + project.name } }; },
        async hashInputs() { return { toolchain: 'toy 1.0' }; }`),
      'apps/one/toy.json': '{}',
      'apps/two/toy.json': '{}',
    });
    const projects = JSON.parse((await repo.ant(['show', 'projects', '--json'])).stdout);
    expect(projects.map((p: { name: string; path: string }) => [p.name, p.path])).toEqual([['one', 'apps/one'], ['two', 'apps/two']]);
    const { code, stdout } = await repo.runSummary(['build']);
    expect(code).toBe(0);
    expect(stdout).toContain('one:build | toy build of one');
    const explain = JSON.parse((await repo.ant(['explain', 'one:build', '--json'])).stdout);
    expect(explain.manifest.plugin).toEqual({ 'toy-plugin:toolchain': 'toy 1.0' });
  });

  it('a plugin that throws is named with the project, without a stack trace', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['./tools/toy-plugin.mjs'] },
      'tools/toy-plugin.mjs': toyPlugin(`async inferTasks(project) { if (project.name === 'two') throw new Error('cannot read two/toy.json: unexpected token'); return {}; }`),
      'apps/one/toy.json': '{}',
      'apps/two/toy.json': '{}',
    });
    const r = await repo.ant(['run', 'build']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error inferTasks failed: cannot read two/toy.json: unexpected token (plugin toy-plugin, project two)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a plugin returning invalid data is reported as a plugin bug', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['./tools/toy-plugin.mjs'] },
      'tools/toy-plugin.mjs': toyPlugin(`async inferTasks() { return { build: { command: 42 } }; }`),
      'apps/one/toy.json': '{}',
    });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('inferTasks returned invalid data at build.command');
    expect(r.stderr).toContain('(plugin toy-plugin, project one)');
  });

  it('a module that is not a plugin is refused clearly', async () => {
    const repo = tempRepo({ 'ant.config.json': { plugins: ['./tools/nope.mjs'] }, 'tools/nope.mjs': 'export default 42;\n' });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a valid ant plugin: default export is number, expected an object');
  });

  it('ant plugins lists where each plugin came from', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['./tools/toy-plugin.mjs'] },
      'tools/toy-plugin.mjs': toyPlugin(''),
      'apps/one/toy.json': '{}',
    });
    const list = JSON.parse((await repo.ant(['plugins', '--json'])).stdout);
    expect(list[0]).toMatchObject({ name: 'toy-plugin', specifier: './tools/toy-plugin.mjs', languages: ['toy'], projects: ['one'] });
  });

  it('what plugins answered is reused only while nothing they could read changed', async () => {
    const repo = tempRepo({
      'ant.config.json': { plugins: ['./tools/toy-plugin.mjs'] },
      // Tasks come from a file in the project and an env var: both must be seen on every run.
      'tools/toy-plugin.mjs': toyPlugin(`async inferTasks(project, ctx) {
          const names = ((await ctx.readFile(project.root + '/tasks.txt')) ?? '').split(/\\s+/).filter(Boolean);
          const mode = process.env.TOY_MODE ?? 'plain';
          return Object.fromEntries(names.map((n) => [n, { command: 'echo ' + n + ' ' + mode }]));
        }`),
      'apps/one/toy.json': '{}',
      'apps/one/tasks.txt': 'build',
    });
    const tasks = async (env?: Record<string, string>) =>
      JSON.parse((await repo.ant(['show', 'projects', '--json'], { env })).stdout)[0].tasks;
    expect(await tasks()).toEqual(['build']);
    expect(repo.exists('.ant/workspace-snapshot.json')).toBe(true);
    repo.write({ 'apps/one/tasks.txt': 'build lint' }); // tracked file edited, not committed
    expect(await tasks()).toEqual(['build', 'lint']);
    repo.write({ 'apps/two/toy.json': '{}', 'apps/two/tasks.txt': 'test' }); // untracked project
    const projects = JSON.parse((await repo.ant(['show', 'projects', '--json'])).stdout);
    expect(projects.map((p: { name: string }) => p.name)).toEqual(['one', 'two']);
    const plain = await repo.ant(['run', 'build']);
    expect(plain.stdout).toContain('one:build | build plain');
    const moded = await repo.ant(['run', 'build'], { env: { TOY_MODE: 'fancy' } });
    expect(moded.stdout).toContain('one:build | build fancy');
  });
});
