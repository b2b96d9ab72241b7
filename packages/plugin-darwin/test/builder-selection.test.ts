import { describe, expect, it } from 'vitest';
import { selectLinuxBuilder } from '../src/remote-builder.js';
import { seedDarwinConfig } from './support/seed-config.js';

describe('selectLinuxBuilder', () => {
  it('gives the local VM of the default profile (nix-darwin: builder@localhost:31022)', () => {
    expect(selectLinuxBuilder(seedDarwinConfig(), {})).toEqual({ host: 'localhost', port: 31022, user: 'builder', maxJobs: 12 });
  });

  it('follows ANT_DARWIN_PROFILE and gives a remote builder as configured', () => {
    const config = { profiles: { ...seedDarwinConfig().profiles as object, ci: { linuxBuilder: { host: 'linux1', user: 'ci', identityFile: '~/.ssh/ci', maxJobs: 4 } } } };
    expect(selectLinuxBuilder(config, { ANT_DARWIN_PROFILE: 'ci' })).toEqual({ host: 'linux1', port: 22, user: 'ci', identityFile: '~/.ssh/ci', maxJobs: 4 });
  });

  it('explains when the active profile has no builder', () => {
    expect(() => selectLinuxBuilder(seedDarwinConfig(), { ANT_DARWIN_PROFILE: 'nobuilder' })).toThrow(
      expect.objectContaining({
        code: 'ANT_DARWIN_NO_BUILDER',
        field: 'darwin.profiles.nobuilder.linuxBuilder',
        message: 'a task needs Linux, but profile "nobuilder" has no Linux builder (linuxBuilder absent or enable: false)',
      }),
    );
  });
});
