import { describe, expect, it } from 'vitest';
import { renderMotd, type MotdInput } from '../../src/devshell/motd.js';

const input: MotdInput = {
  name: 'anterior',
  project: null,
  services: [
    { name: 'hello-world', language: 'python' },
    { name: 'api', language: 'go' },
  ],
  tools: [{ name: 'go', version: '1.22.1' }, { name: 'jq', missing: true }, { name: 'mystery' }],
  commands: [{ name: 'ant system-prune', category: 'maintenance', help: 'Prune caches' }],
  notes: ['python: .venv is the environment'],
};

describe('motd', () => {
  it('lists services with languages, tools with versions and the menu, like the seed meta shell', () => {
    expect(renderMotd(input, false)).toBe(
      [
        '🔨 Welcome to anterior',
        '',
        'This is the repo-wide "meta" shell, for managing the repository and its builds;',
        '`ant shell <service>` opens the shell of one service.',
        '',
        'Services managed by this repo:',
        '  - api (go)',
        '  - hello-world (python)',
        '',
        'Extra tools on the path:',
        '  - go (1.22.1)',
        '  - jq (not found on PATH)',
        '  - mystery',
        '',
        'Commands:',
        '',
        '[maintenance]',
        '',
        '  ant system-prune - Prune caches',
        '',
        'python: .venv is the environment',
        '',
      ].join('\n'),
    );
  });

  it('uses the config motd with numtide colour tokens, stripped without colour', () => {
    const custom = { ...input, intro: '{bold}Meta{reset} shell {202}here{reset}\n', project: { name: 'api', language: 'go', root: 'services/api' } };
    const plain = renderMotd(custom, false);
    expect(plain.split('\n').slice(0, 3)).toEqual(['🔨 Welcome to anterior — api (go, services/api)', '', 'Meta shell here']);
    const colored = renderMotd(custom, true);
    expect(colored).toContain('\x1b[1mMeta\x1b[0m shell \x1b[38;5;202mhere\x1b[0m');
    expect(colored.startsWith('\x1b[38;5;202m🔨 Welcome')).toBe(true);
  });
});
