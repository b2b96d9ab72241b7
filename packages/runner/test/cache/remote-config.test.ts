import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRemoteCacheOptions, type RemoteCacheConfig } from '../../src/cache/remote-config.js';
import { tempDir } from './artifact-fixtures.js';

async function resolve(config: RemoteCacheConfig | undefined, env: NodeJS.ProcessEnv = {}) {
  const warnings: string[] = [];
  const options = await resolveRemoteCacheOptions(config, { PATH: process.env.PATH, ...env }, { warn: (m) => warnings.push(m) });
  return { options, warnings };
}

const LONG_KEY = 'k'.repeat(32);

describe('resolveRemoteCacheOptions', () => {
  it('no URL anywhere: no remote cache, no warning', async () => {
    expect(await resolve(undefined)).toEqual({ options: undefined, warnings: [] });
    expect(await resolve({ team: 'x' })).toEqual({ options: undefined, warnings: [] });
  });

  it('environment variables override the config', async () => {
    const { options, warnings } = await resolve(
      { url: 'http://config:3000', team: 'from-config', write: true, timeoutMs: 1234 },
      {
        ANT_REMOTE_CACHE_URL: 'http://env:4000',
        ANT_REMOTE_CACHE_TOKEN: 'env-token',
        ANT_REMOTE_CACHE_TEAM: 'team_env',
        ANT_REMOTE_CACHE_SIGNATURE_KEY: LONG_KEY,
        ANT_REMOTE_CACHE_READ_ONLY: '1',
      },
    );
    expect(options).toMatchObject({ url: 'http://env:4000', token: 'env-token', teamId: 'team_env', slug: undefined, signatureKey: LONG_KEY, readOnly: true, timeoutMs: 1234 });
    expect(warnings).toEqual([]);
  });

  it('a team that is not team_… goes out as a slug; write:false means read-only unless the env says 0', async () => {
    const config = { url: 'http://c:1', team: 'platform', write: false };
    expect((await resolve(config)).options).toMatchObject({ slug: 'platform', teamId: undefined, readOnly: true });
    expect((await resolve(config, { ANT_REMOTE_CACHE_READ_ONLY: '0' })).options?.readOnly).toBe(false);
  });

  it('reads the token and key from the env vars the config names', async () => {
    const { options } = await resolve(
      { url: 'http://c:1', tokenEnv: 'MY_TOKEN', signatureKeyEnv: 'MY_KEY' },
      { MY_TOKEN: ' tok\n', MY_KEY: LONG_KEY },
    );
    expect(options).toMatchObject({ token: 'tok', signatureKey: LONG_KEY });
  });

  it('runs tokenCommand with sh -c only when no env var holds a token, and trims its output', async () => {
    const dir = await tempDir();
    const marker = path.join(dir, 'ran');
    const tokenCommand = `touch '${marker}'; printf '  from-command\\n'`;
    const withEnv = await resolve({ url: 'http://c:1', tokenEnv: 'MY_TOKEN', tokenCommand }, { MY_TOKEN: 'from-env' });
    expect(withEnv.options?.token).toBe('from-env');
    expect(existsSync(marker)).toBe(false);

    const without = await resolve({ url: 'http://c:1', tokenEnv: 'MY_TOKEN', tokenCommand });
    expect(without.options?.token).toBe('from-command');
    expect(existsSync(marker)).toBe(true);
  });

  it('a failing tokenCommand: a warning naming it, and no remote', async () => {
    const { options, warnings } = await resolve({ url: 'http://c:1', tokenCommand: 'echo "vault locked" >&2; exit 3' });
    expect(options).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/tokenCommand .* exited with 3: vault locked; continuing without the remote cache/)]);
    const empty = await resolve({ url: 'http://c:1', tokenCommand: 'true' });
    expect(empty.options).toBeUndefined();
    expect(empty.warnings[0]).toMatch(/printed nothing/);
  });

  it('a configured signature key that is missing switches the remote off rather than trusting unsigned artifacts', async () => {
    const { options, warnings } = await resolve({ url: 'http://c:1', signatureKeyEnv: 'MY_KEY' });
    expect(options).toBeUndefined();
    expect(warnings[0]).toMatch(/MY_KEY, which is not set/);
  });

  it('warns about a short signature key without printing it', async () => {
    const { options, warnings } = await resolve({ url: 'http://c:1' }, { ANT_REMOTE_CACHE_SIGNATURE_KEY: 'short-key' });
    expect(options?.signatureKey).toBe('short-key');
    expect(warnings).toEqual([expect.stringMatching(/shorter than 32 bytes/)]);
    expect(warnings[0]).not.toContain('short-key');
  });

  it('refuses bad URLs and URLs with credentials, without echoing the credentials', async () => {
    expect((await resolve({ url: 'not a url' })).warnings[0]).toMatch(/is not a URL/);
    expect((await resolve({ url: 'ftp://host' })).warnings[0]).toMatch(/http or https/);
    const creds = await resolve({ url: 'https://user:hunter2@host' });
    expect(creds.options).toBeUndefined();
    expect(creds.warnings[0]).toMatch(/carries credentials/);
    expect(creds.warnings[0]).not.toContain('hunter2');
  });
});
