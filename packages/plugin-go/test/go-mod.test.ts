import { describe, expect, it } from 'vitest';
import { isLocalReplace, parseGoMod, parseGoWork } from '../src/go-mod.js';
import { resolveRepoPath, workspaceFromText } from '../src/go-work.js';

describe('parseGoMod', () => {
  it('reads module, versions, requires (with // indirect), and replaces in lines and blocks', () => {
    const mod = parseGoMod(`// leading comment
module github.com/acme/api // trailing

go 1.22.1
toolchain go1.22.3

require example.com/single v1.0.0

require (
\tgolang.org/x/text v0.14.0 // indirect
\t"example.com/quoted" v0.1.0
)

replace example.com/lib => ../lib
replace (
\texample.com/pinned v1.2.3 => example.com/fork v1.2.4
\texample.com/abs => /opt/abs
\texample.com/win => C:\\src\\win
)
exclude example.com/bad v0.0.1
retract [v1.0.0, v1.0.5]
`);
    expect(mod.module).toBe('github.com/acme/api');
    expect(mod.go).toBe('1.22.1');
    expect(mod.toolchain).toBe('go1.22.3');
    expect(mod.requires).toEqual([
      { path: 'example.com/single', version: 'v1.0.0', indirect: false },
      { path: 'golang.org/x/text', version: 'v0.14.0', indirect: true },
      { path: 'example.com/quoted', version: 'v0.1.0', indirect: false },
    ]);
    expect(mod.replaces).toEqual([
      { oldPath: 'example.com/lib', newPath: '../lib' },
      { oldPath: 'example.com/pinned', oldVersion: 'v1.2.3', newPath: 'example.com/fork', newVersion: 'v1.2.4' },
      { oldPath: 'example.com/abs', newPath: '/opt/abs' },
      { oldPath: 'example.com/win', newPath: 'C:\\src\\win' },
    ]);
    expect(mod.replaces.map(isLocalReplace)).toEqual([true, false, true, true]);
  });

  it('does not mistake a module path for a local directory', () => {
    expect(isLocalReplace({ oldPath: 'a', newPath: 'example.com/b' })).toBe(false);
    expect(isLocalReplace({ oldPath: 'a', newPath: './b' })).toBe(true);
  });

  it('names the file and line of malformed input', () => {
    expect(() => parseGoMod('module x\nrequire (\n  a v1\n', 'services/api/go.mod')).toThrow(
      'services/api/go.mod: the "require (" block is never closed with ")"',
    );
    expect(() => parseGoMod('module x\nreplace a b\n', 'go.mod')).toThrow(
      'go.mod:2: malformed replace "a b": expected "module [version] => path [version]"',
    );
    expect(() => parseGoMod('module "x\n', 'go.mod')).toThrow('go.mod:1: unterminated string "x');
  });
});

describe('go.work', () => {
  it('parses use lines and blocks, and resolves members to repo paths', () => {
    const text = `go 1.22\n\nuse ./services/api\nuse (\n\t./libs/greet\n\t../outside\n\t.\n)\nreplace example.com/x => ./third_party/x\n`;
    expect(parseGoWork(text).uses).toEqual(['./services/api', './libs/greet', '../outside', '.']);
    const ws = workspaceFromText('go.work', text);
    expect(ws.dir).toBe('.');
    expect(ws.members).toEqual(['services/api', 'libs/greet', '.']);
    expect(ws.work.replaces).toEqual([{ oldPath: 'example.com/x', newPath: './third_party/x' }]);
    expect(workspaceFromText('apps/go.work', 'use ./a\nuse ../libs/b\n').members).toEqual(['apps/a', 'libs/b']);
  });

  it('keeps resolved paths inside the workspace', () => {
    expect(resolveRepoPath('services/api', '../lib')).toBe('services/lib');
    expect(resolveRepoPath('services', '..')).toBe('.');
    expect(resolveRepoPath('.', '../x')).toBeUndefined();
    expect(resolveRepoPath('a', '/abs')).toBeUndefined();
  });
});
