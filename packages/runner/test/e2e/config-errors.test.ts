import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';

describe('config errors name the file, the field, what was expected and what was found', () => {
  it('outputs given as a string', async () => {
    const repo = tempRepo({ 'ant.config.json': { tasks: { build: { outputs: 'dist/**' } } } });
    const r = await repo.ant(['run', 'build']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ant.config.json: tasks.build.outputs: expected an array of strings, found "dist/**"');
    expect(r.stderr).toContain('hint: write "outputs": ["dist/**"]');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('invalid JSON with line and column', async () => {
    const repo = tempRepo({ 'ant.config.json': '{\n  "plugins": [],\n  "tasks": {,}\n}\n' });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ant\.config\.json: invalid JSON: .* at line 3, column 13/);
  });

  it('unknown top-level key with the owning plugin suggested', async () => {
    const repo = tempRepo({ 'ant.config.json': { darwin: { profiles: {} } } });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ant.config.json: darwin: unknown key "darwin"');
    expect(r.stderr).toContain('hint: the "darwin" section belongs to @ant/plugin-darwin: add it to "plugins"');
  });

  it('unknown key inside a task', async () => {
    const repo = tempRepo({ 'ant.config.json': { tasks: { build: { dependOn: ['^build'] } } } });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ant.config.json: tasks.build.dependOn: unknown key dependOn');
  });

  it('missing required field of a service', async () => {
    const repo = tempRepo({ 'ant.config.json': { services: { api: { path: 'services/api' } } } });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ant.config.json: services.api.language: required, expected a string');
  });

  it('a service whose language no plugin handles', async () => {
    const repo = tempRepo({ 'ant.config.json': { services: { api: { language: 'go', path: 'services/api' } } } });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('services.api.language: no plugin handles language "go"');
    expect(r.stderr).toContain('hint: add "@ant/plugin-go" to "plugins"');
  });

  it('a missing plugin', async () => {
    const repo = tempRepo({ 'ant.config.json': { plugins: ['@ant/plugin-nope'] } });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ant.config.json: plugins: cannot find plugin "@ant/plugin-nope"');
  });

  it('no config at all', async () => {
    const repo = tempRepo({ 'README.md': 'x' });
    const r = await repo.ant(['run', 'build']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no ant.config.json found');
  });

  it('two services at one path', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        services: {
          a: { language: 'sh', path: 'x', tasks: { build: { command: 'true' } } },
          b: { language: 'sh', path: './x/', tasks: { build: { command: 'true' } } },
        },
      },
    });
    const r = await repo.ant(['show', 'projects']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('services "a" and "b" both have path x');
  });

  it('bad usage is exit 2', async () => {
    const repo = tempRepo({ 'ant.config.json': {} });
    const r = await repo.ant(['run', 'build', '--output-logs', 'loud']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid value for --output-logs');
    expect((await repo.ant(['run'])).code).toBe(2);
  });

  it('--verbose shows the stack trace', async () => {
    const repo = tempRepo({ 'ant.config.json': { tasks: { build: { outputs: 'dist/**' } } } });
    const r = await repo.ant(['run', 'build', '--verbose']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at .*\.js:\d+/);
  });
});
