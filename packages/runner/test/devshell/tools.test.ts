import { describe, expect, it } from 'vitest';
import { versionOf } from '../../src/devshell/tools.js';

describe('tool versions in the motd', () => {
  it.each([
    ['go version go1.22.1 linux/amd64', '1.22.1'],
    ['jq-1.7.1', '1.7.1'],
    ['tmux 3.3a', '3.3a'],
    ['git version 2.39.5', '2.39.5'],
    ['uv 0.9.1 (x86_64-unknown-linux-gnu)', '0.9.1'],
    ['Terraform v1.9.0-rc1\non linux_amd64', '1.9.0-rc1'],
    ['weird tool, no number', 'weird tool, no number'],
  ])('%s → %s', (text, version) => {
    expect(versionOf(text)).toBe(version);
  });
});
