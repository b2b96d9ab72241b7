import { describe, expect, it } from 'vitest';
import { parseShellArgv } from '../../src/devshell/shell-argv.js';

describe('ant shell argv', () => {
  it.each([
    [[], { verbose: false, help: false }],
    [['api'], { project: 'api', verbose: false, help: false }],
    [['api', '--', 'go', 'version'], { project: 'api', command: ['go', 'version'], verbose: false, help: false }],
    [['--', 'go', '--verbose'], { command: ['go', '--verbose'], verbose: false, help: false }],
    [['--shell', '/bin/bash', '--verbose', 'api'], { project: 'api', shell: '/bin/bash', verbose: true, help: false }],
    [['--shell=/bin/zsh', '-h'], { shell: '/bin/zsh', verbose: false, help: true }],
  ])('%j', (argv, expected) => {
    expect(parseShellArgv(argv)).toEqual(expected);
  });

  it.each([
    [['api', 'go', 'version'], 'unexpected argument "go": put the command after "--", e.g. ant shell api -- go version'],
    [['api', '--'], 'nothing after "--": write ant shell [project] -- <command> [args…]'],
    [['--shell'], '--shell needs a program, e.g. --shell /bin/bash'],
    [['--bogus'], 'unknown option --bogus for ant shell (options: --shell PATH, --verbose)'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseShellArgv(argv)).toThrowError(expect.objectContaining({ code: 'ANT_USAGE_SHELL', exitCode: 2, message }));
  });
});
