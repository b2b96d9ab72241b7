import type { PluginContext } from '@ant/runner/plugin';
import { describe, expect, it } from 'vitest';
import { darwinDevshell } from '../src/devshell.js';
import { seedDarwinConfig } from './support/seed-config.js';

/** A plugin context holding only what the devshell hook reads. */
function context(config: unknown): PluginContext {
  return { root: '/repo', config } as PluginContext;
}

describe('darwinDevshell', () => {
  it('gives the repo shell the active profile’s env and tools', async () => {
    const config = { ...seedDarwinConfig(), profiles: { ...(seedDarwinConfig().profiles as object), withEnv: { extends: 'base', env: { UV_NO_SYNC: '1' } } }, defaultProfile: 'withEnv' };
    expect(await darwinDevshell(null, context(config))).toEqual({
      env: [{ name: 'UV_NO_SYNC', value: '1' }],
      tools: [{ name: 'go', version: '1.22' }, { name: 'node', version: '20' }, { name: 'uv', version: '0.9' }],
      motd: ['machine profile: withEnv (ant darwin plan withEnv)'],
    });
  });

  it('adds nothing to project shells or without a darwin section', async () => {
    const project = { name: 'api', root: 'services/api' } as Parameters<typeof darwinDevshell>[0];
    expect(await darwinDevshell(project, context(seedDarwinConfig()))).toEqual({});
    expect(await darwinDevshell(null, context(undefined))).toEqual({});
  });
});
