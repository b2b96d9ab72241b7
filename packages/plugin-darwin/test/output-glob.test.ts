import { describe, expect, it } from 'vitest';
import { compileOutputGlobs, staticPrefix } from '../src/output-glob.js';
import { extractVersion, versionMatches } from '../src/version-match.js';

describe('output globs', () => {
  it('matches **, *, ?, {a,b}, directories and excludes', () => {
    const m = compileOutputGlobs(['dist/**', 'out/*.{js,map}', 'bin', '!dist/**/*.tmp', 'v?.txt']);
    expect(['dist/a.js', 'dist/x/y/z.css', 'out/app.js', 'out/app.map', 'bin/tool', 'v1.txt'].filter(m.matches)).toHaveLength(6);
    expect(['dist/x/cache.tmp', 'out/sub/app.js', 'out/app.ts', 'src/a.ts', 'binary', 'v10.txt'].some(m.matches)).toBe(false);
    expect(m.roots).toEqual(['.']); // v?.txt needs the project root
    expect(compileOutputGlobs(['dist/**', 'dist/js/*.js', './build/']).roots).toEqual(['build', 'dist']);
  });

  it('static prefixes stop at the first wildcard segment', () => {
    expect(staticPrefix('dist/**')).toBe('dist');
    expect(staticPrefix('a/b/*.js')).toBe('a/b');
    expect(staticPrefix('**/*.js')).toBe('.');
  });
});

describe('versions', () => {
  it('reads versions from real tool outputs', () => {
    expect(extractVersion('v20.11.1')).toBe('20.11.1');
    expect(extractVersion('go version go1.22.5 darwin/arm64')).toBe('1.22.5');
    expect(extractVersion('uv 0.9.2 (Homebrew 2025-01-01)')).toBe('0.9.2');
    expect(extractVersion('Python 3.12.1')).toBe('3.12.1');
    expect(extractVersion('golangci-lint has version 1.61.0 built with go1.23.1')).toBe('1.61.0');
    expect(extractVersion('jq-1.6')).toBe('1.6');
    expect(extractVersion('no version here')).toBeUndefined();
  });

  it('matches by prefix, component by component', () => {
    expect(versionMatches('1.22', '1.22.5')).toBe(true);
    expect(versionMatches('1.22', '1.22')).toBe(true);
    expect(versionMatches('1.2', '1.22.5')).toBe(false);
    expect(versionMatches('20', '20.11.1')).toBe(true);
    expect(versionMatches('20', '2.0')).toBe(false);
    expect(versionMatches('0.9', '0.10.1')).toBe(false);
    expect(versionMatches(undefined, '1.0')).toBe(true);
  });
});
