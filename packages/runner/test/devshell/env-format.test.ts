import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { diffEnv } from '../../src/devshell/env-diff.js';
import { fishQuote, formatEnv, shQuote } from '../../src/devshell/env-format.js';

const NASTY = `it's "quoted" $HOME \`date\` \\ back\nsecond line`;

describe('ant env output', () => {
  const before = { PATH: '/usr/bin:/bin', KEEP: 'same', PYTHONPATH: '/old', CHANGED: 'a' };
  const after = { PATH: '/repo/.venv/bin:/usr/bin:/bin', KEEP: 'same', CHANGED: 'b', NASTY, 'BASH_FUNC_x%%': '() { :; }' };
  const changes = diffEnv(before, after, ['PYTHONPATH', 'NEVER_SET']);

  it('keeps only what differs, plus unsets; a grown PATH is a prefix', () => {
    expect(changes).toEqual([
      { kind: 'set', name: 'CHANGED', value: 'b' },
      { kind: 'set', name: 'NASTY', value: NASTY },
      { kind: 'unset', name: 'NEVER_SET' },
      { kind: 'prefix', name: 'PATH', prefix: '/repo/.venv/bin', value: '/repo/.venv/bin:/usr/bin:/bin' },
      { kind: 'unset', name: 'PYTHONPATH' },
    ]);
  });

  it('a PATH whose entry moved to the front is still a prefix', () => {
    expect(diffEnv({ PATH: '/a:/go/bin:/b' }, { PATH: '/go/bin:/a:/b' }, [])).toEqual([
      { kind: 'prefix', name: 'PATH', prefix: '/go/bin', value: '/go/bin:/a:/b' },
    ]);
  });

  it('json: new values, null for removed variables', () => {
    expect(JSON.parse(formatEnv(changes, 'json'))).toEqual({
      CHANGED: 'b',
      NASTY,
      NEVER_SET: null,
      PATH: '/repo/.venv/bin:/usr/bin:/bin',
      PYTHONPATH: null,
    });
  });

  it('sh: a real sh evaluates it to exactly the composed values', () => {
    const script = formatEnv(changes, 'sh');
    const out = execFileSync('/bin/sh', ['-c', `${script}\nprintf '%s|%s|%s|%s' "$NASTY" "$PATH" "\${PYTHONPATH-unset}" "$KEEP"`], {
      env: { ...before, KEEP: 'same' },
      encoding: 'utf8',
    });
    expect(out).toBe(`${NASTY}|/repo/.venv/bin:/usr/bin:/bin|unset|same`);
  });

  it('fish: one command per line, every value single-quoted with fish escapes', () => {
    const text = formatEnv(changes, 'fish');
    expect(text.split(/\n(?=set )/)).toEqual([
      "set -gx CHANGED 'b'",
      `set -gx NASTY ${fishQuote(NASTY)}`,
      'set -e NEVER_SET',
      "set -gx PATH '/repo/.venv/bin' $PATH",
      'set -e PYTHONPATH\n',
    ]);
    expect(fishQuote(`a'b\\c`)).toBe(`'a\\'b\\\\c'`);
  });

  it.skipIf(spawnSync('fish', ['--version']).error !== undefined)('fish: a real fish parses and applies it', () => {
    const script = `${formatEnv(changes, 'fish')}printf '%s|%s|%s' "$NASTY" "$PATH" (set -q PYTHONPATH; and echo set; or echo unset)`;
    expect(spawnSync('fish', ['--no-execute', '-c', script]).status).toBe(0);
    const out = execFileSync('fish', ['--no-config', '-c', script], { env: { ...before, HOME: '/tmp' }, encoding: 'utf8' });
    expect(out).toBe(`${NASTY}|/repo/.venv/bin:/usr/bin:/bin|unset`);
  });

  it('sh quoting survives every ASCII byte but NUL', () => {
    const all = Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).join('');
    const out = execFileSync('/bin/sh', ['-c', `V=${shQuote(all)}; printf '%s' "$V"`], { encoding: 'utf8' });
    expect(out).toBe(all);
  });
});
