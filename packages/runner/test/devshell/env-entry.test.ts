import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyEnvEntry, prependList, type EnvState } from '../../src/devshell/env-entry.js';
import type { EnvEntry } from '../../src/plugin/api.js';

function state(env: Record<string, string> = {}): EnvState {
  return { env: { PATH: '/usr/bin:/bin', ...env }, unset: new Set() };
}

function dir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ant-envent-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const apply = (s: EnvState, entry: EnvEntry, cwd = '/work') => applyEnvEntry(s, entry, { cwd, file: 'ant.config.json', field: 'devshell.env[0]' });

describe('devshell env entries (numtide semantics)', () => {
  it('value sets the literal text: no $VAR expansion', () => {
    const s = state({ HOME: '/home/me' });
    apply(s, { name: 'GREETING', value: "it's $HOME" });
    expect(s.env.GREETING).toBe("it's $HOME");
  });

  it('refuses value on PATH, naming the file and field', () => {
    expect(() => apply(state(), { name: 'PATH', value: '/opt/bin' })).toThrowError(
      expect.objectContaining({ code: 'ANT_DEVSHELL_ENTRY_INVALID', file: 'ant.config.json', field: 'devshell.env[0]', hint: expect.stringContaining('"prefix"') }),
    );
  });

  it('eval runs the command in the entry directory with the env built so far, trailing newlines dropped', () => {
    const cwd = dir();
    const s = state({ WHO: 'ant' });
    apply(s, { name: 'HERE', eval: 'pwd; echo; echo' }, cwd);
    apply(s, { name: 'HELLO', eval: 'echo "hi $WHO"' }, cwd);
    apply(s, { name: 'WRAPPED', eval: '$(printf "x\\ny")' }, cwd);
    expect(s.env.HERE).toBe(cwd);
    expect(s.env.HELLO).toBe('hi ant');
    expect(s.env.WRAPPED).toBe('x\ny');
  });

  it('a failing eval is an error with the command, its exit code and stderr', () => {
    let error: unknown;
    try {
      apply(state(), { name: 'ANT_ROOT', eval: 'echo nope >&2; exit 3' }, dir());
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'ANT_DEVSHELL_EVAL_FAILED', exitCode: 2, field: 'devshell.env[0]' });
    expect((error as Error).message).toBe('ANT_ROOT: `echo nope >&2; exit 3` failed (exit 3): nope');
  });

  it('prefix expands $VARs, resolves relative dirs against the entry directory and prepends', () => {
    const s = state({ TOOLS: '/opt/tools' });
    apply(s, { name: 'PATH', prefix: 'bin' }, '/repo');
    apply(s, { name: 'PATH', prefix: '$TOOLS/bin:./scripts' }, '/repo');
    apply(s, { name: 'NEWLIST', prefix: '/x' }, '/repo');
    expect(s.env.PATH).toBe('/opt/tools/bin:/repo/scripts:/repo/bin:/usr/bin:/bin');
    expect(s.env.NEWLIST).toBe('/x');
  });

  it('prefix moves an entry already present to the front instead of repeating it', () => {
    expect(prependList('/a:/b:/c', ['/c', '/d'])).toBe('/c:/d:/a:/b');
    expect(prependList(undefined, ['/a'])).toBe('/a');
  });

  it('unset removes and records; a later set clears the record', () => {
    const s = state({ PYTHONPATH: '/x', GONE: '1' });
    apply(s, { name: 'PYTHONPATH', unset: true });
    apply(s, { name: 'GONE', unset: true });
    apply(s, { name: 'GONE', value: 'back' });
    expect('PYTHONPATH' in s.env).toBe(false);
    expect([...s.unset]).toEqual(['PYTHONPATH']);
    expect(s.env.GONE).toBe('back');
  });

  it('refuses a name no shell can export', () => {
    expect(() => apply(state(), { name: 'BAD-NAME', value: '1' })).toThrowError(expect.objectContaining({ code: 'ANT_DEVSHELL_ENTRY_INVALID' }));
  });
});
