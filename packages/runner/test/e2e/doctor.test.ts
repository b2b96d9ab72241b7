import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';

describe('ant doctor', () => {
  it('reports a missing toolchain with its fix and exits 1; plugin checks join in', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        plugins: ['@ant/plugin-go', '@ant/plugin-darwin'],
        services: { api: { language: 'go', path: 'services/api', tasks: { build: { command: 'true' } } } },
        darwin: { defaultProfile: 'base', profiles: { base: { toolchains: { 'zig-nonexistent': '0.13' } } } },
      },
      'services/api/go.mod': 'module example.com/api\n\ngo 1.21\n',
    });
    // A PATH with node and git but without go.
    const pathWithoutGo = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(':');
    const r = await repo.ant(['doctor', '--json'], { env: { PATH: pathWithoutGo } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: { name: string; ok: boolean; found?: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    const go = report.checks.find((c) => c.name.startsWith('go '))!;
    expect(go).toMatchObject({ ok: false, found: 'not found on PATH' });
    expect(go.fix).toContain('install Go');
    expect(report.checks.find((c) => c.name.startsWith('git '))?.ok).toBe(true);
    const zig = report.checks.find((c) => c.name.includes('zig-nonexistent'));
    expect(zig?.ok).toBe(false);
    expect(zig?.name).toContain('[@ant/plugin-darwin]');

    const text = await repo.ant(['doctor'], { env: { PATH: pathWithoutGo } });
    expect(text.stdout).toMatch(/FAIL go \(Go services\): not found on PATH/);
    expect(text.stdout).toContain('fix: install Go');
  });

  it('passes when everything is there', async () => {
    const repo = tempRepo({ 'ant.config.json': { services: { a: { language: 'sh', path: 'a', tasks: { build: { command: 'true' } } } } }, 'a/x': 'x' });
    const r = await repo.ant(['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('everything this workspace needs is here');
  });
});
