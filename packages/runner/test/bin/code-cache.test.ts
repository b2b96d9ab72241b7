/**
 * bin/code-cache.js loads a CommonJS bundle through vm with a V8 code cache. Run in a child Node,
 * as bin/ant.js runs it: the bundle's exports work, its dynamic imports (routed through
 * __antDynamicImport, see scripts/bundle.mjs) resolve from the bundle's directory without any
 * experimental warning, and the cache written after the first run serves the next.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const codeCache = fileURLToPath(new URL('../../bin/code-cache.js', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Loads `bundle` as bin/ant.js does, calls its run(), saves the cache; returns what it printed. */
function loadInChild(bundle: string, cacheHome: string): { stdout: string; stderr: string } {
  const script = `
    const { requireWithCodeCache } = require(${JSON.stringify(codeCache)});
    const loaded = requireWithCodeCache(${JSON.stringify(bundle)}, { XDG_CACHE_HOME: ${JSON.stringify(cacheHome)} });
    loaded.exports.run().then((out) => { loaded.save(true); process.stdout.write(JSON.stringify({ out, fromCache: loaded.fromCache })); });`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr };
}

describe('requireWithCodeCache', () => {
  it("runs the bundle, resolves its dynamic imports from the bundle's directory, and reuses the cache", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ant-code-cache-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'lib'));
    mkdirSync(path.join(dir, 'bundle'));
    writeFileSync(path.join(dir, 'lib', 'dep.mjs'), 'export const answer = 42;\n');
    const bundle = path.join(dir, 'bundle', 'entry.cjs');
    writeFileSync(
      bundle,
      "exports.run = async () => ({ fromDep: (await __antDynamicImport('../lib/dep.mjs')).answer, filename: __filename, join: typeof require('node:path').join });\n",
    );
    const cacheHome = path.join(dir, 'cache');

    const first = loadInChild(bundle, cacheHome);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ out: { fromDep: 42, filename: bundle, join: 'function' }, fromCache: false });
    const cached = readdirSync(path.join(cacheHome, 'ant', 'v8'));
    expect(cached).toEqual([expect.stringMatching(/^entry\.cjs-\d+-\d+-\d+-\d+-v[\d.]+-\w+\.v8$/)]);

    const second = loadInChild(bundle, cacheHome);
    expect(second.stderr).toBe('');
    expect(JSON.parse(second.stdout)).toEqual({ out: { fromDep: 42, filename: bundle, join: 'function' }, fromCache: true });
    expect(readdirSync(path.join(cacheHome, 'ant', 'v8'))).toEqual(cached);

    // Another build of the bundle (another size and mtime) gets a cache of its own.
    writeFileSync(bundle, "exports.run = async () => 'rebuilt';\n");
    expect(loadInChild(bundle, cacheHome)).toEqual({ stdout: JSON.stringify({ out: 'rebuilt', fromCache: false }), stderr: '' });
    expect(readdirSync(path.join(cacheHome, 'ant', 'v8'))).toHaveLength(2);
  });
});
