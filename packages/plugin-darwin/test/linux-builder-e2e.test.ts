/**
 * A `platform: "linux"` task forced through the Linux-builder path (ANT_FORCE_REMOTE_BUILDER=1)
 * by the real `ant` binary, against a real sshd on 127.0.0.1: the task runs over ssh, its outputs
 * come back into the project, and the result is cached like a local run.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../../runner/test/helpers/temp-repo.js';
import { SSHD, startSshd } from './support/sshd.js';

const haveSshd = existsSync(SSHD);

describe.skipIf(!haveSshd)('platform: linux tasks on the Linux builder', () => {
  it('runs over ssh, brings outputs back, and caches the result', async () => {
    const sshd = await startSshd();
    try {
      const repo = tempRepo({
        'ant.config.json': {
          plugins: ['@ant/plugin-darwin'],
          darwin: {
            defaultProfile: 'base',
            profiles: {
              base: { linuxBuilder: { enable: true, host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.identityFile } },
            },
          },
          services: {
            svc: {
              language: 'sh',
              path: 'svc',
              tasks: {
                build: {
                  command: 'mkdir -p dist && { uname -s; cat src/input.txt; echo "marker=$MARKER"; } > dist/result.txt && echo ran on builder',
                  platform: 'linux',
                  env: ['MARKER'],
                  inputs: ['src/**'],
                  outputs: ['dist/**'],
                },
              },
            },
          },
        },
        'svc/src/input.txt': 'from the repo\n',
      });
      const env = { ANT_FORCE_REMOTE_BUILDER: '1', MARKER: 'm1' };
      const first = await repo.runSummary(['build'], { env });
      expect(first.code, first.stdout + first.stderr).toBe(0);
      expect(first.stdout).toContain('svc:build | ran on builder');
      expect(repo.read('svc/dist/result.txt')).toBe('Linux\nfrom the repo\nmarker=m1\n');
      expect(first.summary.tasks[0].cache).toBe('miss');

      rmSync(path.join(repo.root, 'svc/dist'), { recursive: true });
      const second = await repo.runSummary(['build'], { env });
      expect(second.summary.tasks[0].cache).toBe('local');
      expect(repo.read('svc/dist/result.txt')).toBe('Linux\nfrom the repo\nmarker=m1\n');
    } finally {
      await sshd.stop();
    }
  });

  it('a builder that cannot be reached fails the task with a clear message', async () => {
    const repo = tempRepo({
      'ant.config.json': {
        plugins: ['@ant/plugin-darwin'],
        darwin: { defaultProfile: 'base', profiles: { base: { linuxBuilder: { enable: true, host: '127.0.0.1', port: 1, user: 'nobody' } } } },
        services: { svc: { language: 'sh', path: 'svc', tasks: { build: { command: 'true', platform: 'linux' } } } },
      },
      'svc/README': 'x',
    });
    const r = await repo.runSummary(['build'], { env: { ANT_FORCE_REMOTE_BUILDER: '1' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/svc:build \| ant: .*(refused|reach)/i);
  });
});
