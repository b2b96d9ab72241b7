import { describe, expect, it } from 'vitest';
import { renderMenu } from '../../src/devshell/menu.js';

describe('commands menu', () => {
  it('prints categories sorted, commands sorted, names padded to the longest of all (numtide layout)', () => {
    const text = renderMenu([
      { name: 'ant system-prune', category: 'maintenance', help: 'Prune build cache for Docker & Nix' },
      { name: 'ant ant-build-docker', category: 'build', help: 'Build and load Docker images for every Nix service' },
      { name: 'ant ant-admin', category: 'run', help: 'Anterior admin tool (/admin)' },
      { name: 'ant bare', category: 'run' },
    ]);
    expect(text).toBe(
      [
        '',
        '[build]',
        '',
        '  ant ant-build-docker - Build and load Docker images for every Nix service',
        '',
        '[maintenance]',
        '',
        '  ant system-prune     - Prune build cache for Docker & Nix',
        '',
        '[run]',
        '',
        '  ant ant-admin        - Anterior admin tool (/admin)',
        '  ant bare',
        '',
      ].join('\n'),
    );
  });

  it('is empty without commands, and bolds headings when asked', () => {
    expect(renderMenu([])).toBe('');
    expect(renderMenu([{ name: 'x', category: 'c' }], (t) => `*${t}*`)).toBe('\n*[c]*\n\n  x\n');
  });
});
