/**
 * Malformed input, fuzzed with fast-check: the config loader (in-process, plus a bounded number of
 * real `ant show projects` processes) and the plugin readers of package.json, package-lock.json,
 * go.mod/go.work, uv.lock and pyproject.toml. Only clear errors come out (ConfigError for the
 * config; an Error whose message names the file for the readers), never a TypeError, a stack trace
 * or an "internal error", and no call takes long.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../src/config/load.js';
import { isAntError } from '../../src/errors.js';
import { parseGoMod, parseGoWork } from '../../../plugin-go/src/go-mod.js';
import { declaredDependencyNames, parsePackageJson, workspaceGlobs } from '../../../plugin-js/src/package-json.js';
import { closureDigest, externalClosure, parsePackageLock } from '../../../plugin-js/src/lockfile-closure.js';
import { parsePyProject } from '../../../plugin-python/src/pyproject.js';
import { parseUvLock } from '../../../plugin-python/src/uv-lock.js';
import { runAnt } from '../helpers/temp-repo.js';
import { count, reportFigures } from './figures.js';
import { scratchDir, stress } from './helpers.js';

reportFigures('malformed-input');

const RUNS = stress(300, 3000);
const MAX_CALL_MS = 2000;

const VALID_CONFIG = {
  plugins: [],
  concurrency: 2,
  globalEnv: ['CI'],
  remoteCache: { url: 'http://127.0.0.1:1', team: 'platform', timeoutMs: 500 },
  services: {
    api: { language: 'sh', path: 'services/api', dependsOn: ['lib'], tasks: { build: { command: 'make', inputs: ['src/**'], outputs: ['dist/**'], dependsOn: ['^build'], env: ['MODE'] } } },
    lib: { language: 'sh', path: 'lib', tags: ['core'], tasks: { test: { command: ['sh', '-c', 'true'], cache: false } } },
  },
};

/** Every path into a JSON value (objects and arrays), root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** A copy of `value` with the node at `at` replaced (or, for `undefined`, deleted). */
function replaceAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = at;
  if (rest.length === 0 && replacement === undefined) delete copy[head!];
  else copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

/** Structure-aware mutations of a valid JSON document: a random node replaced by a random value, or dropped. */
function mutatedJson(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  return fc
    .array(fc.tuple(fc.nat(paths.length - 1), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.string())), { minLength: 1, maxLength: 3 })
    .map((edits) => edits.reduce<unknown>((doc, [i, replacement]) => replaceAt(doc, paths[i]!, replacement), valid));
}

/** Byte-level mutations of valid text: truncation, insertion, deletion, duplication. */
function mutatedText(valid: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.nat(valid.length).map((n) => (s: string) => s.slice(0, n)),
    fc.tuple(fc.nat(valid.length), fc.string({ maxLength: 8 })).map(([n, ins]) => (s: string) => s.slice(0, n) + ins + s.slice(n)),
    fc.tuple(fc.nat(valid.length), fc.nat(20)).map(([n, len]) => (s: string) => s.slice(0, n) + s.slice(n + len)),
    fc.tuple(fc.nat(valid.length), fc.nat(valid.length)).map(([a, b]) => (s: string) => s + s.slice(Math.min(a, b), Math.max(a, b))),
    fc.constantFrom('"', '[', '{', '=', '\n', '\0', '(', ')', '\\', '\uFEFF').chain((ch) => fc.nat(valid.length).map((n) => (s: string) => s.slice(0, n) + ch + s.slice(n))),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce((s, f) => f(s), valid));
}

/** Any text a broken file could hold. */
function anyText(valid: string): fc.Arbitrary<string> {
  return fc.oneof(mutatedText(valid), fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'), fc.constant(''));
}

/** Runs `fn`; it may return or throw a plain Error naming `file`. Anything else fails the property. */
function expectClearOutcome(file: string, fn: () => unknown): void {
  const started = Date.now();
  try {
    fn();
  } catch (error) {
    if (!(error instanceof Error) || error.constructor !== Error) {
      throw new Error(`${file}: crashed with ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`);
    }
    if (!error.message.includes(file)) throw new Error(`${file}: error does not name the file: ${error.message}`);
  } finally {
    const ms = Date.now() - started;
    if (ms > MAX_CALL_MS) throw new Error(`${file}: a call took ${ms} ms`);
  }
}

let tried = 0;
const property = <T>(arb: fc.Arbitrary<T>, check: (value: T) => void) =>
  fc.assert(
    fc.property(arb, (value) => {
      tried++;
      check(value);
    }),
    { numRuns: RUNS },
  );

describe('ant.config.json fuzzing', () => {
  it('validateConfig throws only ConfigError naming ant.config.json, for random values and mutated valid configs', () => {
    validateConfig(VALID_CONFIG, '/repo/ant.config.json');
    const check = (raw: unknown) => {
      try {
        validateConfig(raw, '/repo/ant.config.json');
      } catch (error) {
        if (!isAntError(error) || error.name !== 'ConfigError') throw new Error(`not a ConfigError: ${(error as Error)?.stack ?? String(error)}`);
        if (!error.format().startsWith('ant.config.json')) throw new Error(`does not name the file: ${error.format()}`);
      }
    };
    property(fc.jsonValue({ maxDepth: 4 }), check);
    property(mutatedJson(VALID_CONFIG), check);
    count({ hostileCases: tried });
  });

  it('loadConfig on random file text throws only ConfigError', async () => {
    const dir = await scratchDir('ant-rel-config-');
    const file = path.join(dir, 'ant.config.json');
    const texts = fc.sample(anyText(JSON.stringify(VALID_CONFIG, null, 2)), stress(200, 2000));
    for (const text of texts) {
      writeFileSync(file, text);
      try {
        await loadConfig(dir);
      } catch (error) {
        expect(isAntError(error) && error.name === 'ConfigError', `${JSON.stringify(text)} → ${(error as Error).stack}`).toBe(true);
        expect((error as { format(): string }).format()).toMatch(/^ant\.config\.json/);
      }
    }
    count({ hostileCases: texts.length });
  });

  it('ant show projects on broken configs: exit 2, an error line naming ant.config.json, no stack trace', async () => {
    const samples = [
      ...fc.sample(mutatedJson(VALID_CONFIG).filter((v) => {
        try {
          validateConfig(v, 'ant.config.json');
          return false;
        } catch {
          return true;
        }
      }), stress(6, 30)).map((v) => JSON.stringify(v) ?? ''),
      ...fc.sample(mutatedText(JSON.stringify(VALID_CONFIG)).filter((t) => {
        try {
          JSON.parse(t);
          return false;
        } catch {
          return true;
        }
      }), stress(4, 10)),
      '[]',
      '',
    ];
    const results = await Promise.all(
      samples.map(async (text) => {
        const dir = await scratchDir('ant-rel-show-');
        writeFileSync(path.join(dir, 'ant.config.json'), text);
        return { text, result: await runAnt(['show', 'projects'], { cwd: dir }) };
      }),
    );
    for (const { text, result } of results) {
      const what = `${text}\n${result.stdout}\n${result.stderr}`;
      expect(result.code, what).toBe(2);
      expect(result.stderr, what).toMatch(/^error .*ant\.config\.json/m);
      expect(result.stderr + result.stdout, what).not.toMatch(/internal error|\n\s+at /i);
    }
    count({ hostileCases: results.length });
  });
});

const PACKAGE_JSON = { name: '@x/app', version: '1.0.0', private: true, workspaces: ['packages/*'], scripts: { build: 'tsc' }, dependencies: { lib: '^1.0.0' }, devDependencies: { typescript: '5.0.0' } };
const PACKAGE_LOCK = {
  name: '@x/app',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: '@x/app', version: '1.0.0', workspaces: ['packages/*'], dependencies: { lib: '^1.0.0' } },
    'node_modules/lib': { resolved: 'packages/lib', link: true },
    'packages/lib': { name: 'lib', version: '1.0.0', dependencies: { ms: '^2.1.0' } },
    'node_modules/ms': { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', integrity: 'sha512-abc' },
  },
};
const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.2.3\n\tgolang.org/x/mod v0.14.0 // indirect\n)\n\nreplace example.com/lib => ../lib\n\nexclude example.com/old v1.0.0\n';
const GO_WORK = 'go 1.22\n\nuse (\n\t./app\n\t./lib\n)\n\nreplace example.com/x => ./x\n';
const UV_LOCK =
  'version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n    { name = "lib" },\n    { name = "requests" },\n]\n\n' +
  '[[package]]\nname = "lib"\nversion = "0.1.0"\nsource = { editable = "packages/lib" }\n\n[[package]]\nname = "requests"\nversion = "2.32.0"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://x/requests.tar.gz", hash = "sha256:00" }\n';
const PYPROJECT =
  '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = ["lib", "requests>=2"]\n\n[dependency-groups]\ndev = ["pytest"]\n\n[tool.uv.sources]\nlib = { workspace = true }\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n';

describe('plugin readers fuzzing', () => {
  it('package.json: clear errors naming the file, never a crash', () => {
    tried = 0;
    const file = 'packages/app/package.json';
    const read = (text: string) => {
      const pkg = parsePackageJson(text, file);
      workspaceGlobs(pkg);
      declaredDependencyNames(pkg);
    };
    property(anyText(JSON.stringify(PACKAGE_JSON)), (text) => expectClearOutcome(file, () => read(text)));
    property(mutatedJson(PACKAGE_JSON), (doc) => expectClearOutcome(file, () => read(JSON.stringify(doc) ?? '')));
    count({ hostileCases: tried });
  });

  it('package-lock.json: clear errors naming the file, never a crash', () => {
    tried = 0;
    const file = 'package-lock.json';
    const read = (text: string) => {
      const index = parsePackageLock(text, file);
      externalClosure(index, 'packages/lib');
      closureDigest(index, '');
    };
    property(anyText(JSON.stringify(PACKAGE_LOCK)), (text) => expectClearOutcome(file, () => read(text)));
    property(mutatedJson(PACKAGE_LOCK), (doc) => expectClearOutcome(file, () => read(JSON.stringify(doc) ?? '')));
    count({ hostileCases: tried });
  });

  it('go.mod and go.work: clear errors naming the file, never a crash', () => {
    tried = 0;
    property(anyText(GO_MOD), (text) => expectClearOutcome('svc/go.mod', () => parseGoMod(text, 'svc/go.mod')));
    property(anyText(GO_WORK), (text) => expectClearOutcome('go.work', () => parseGoWork(text, 'go.work')));
    count({ hostileCases: tried });
  });

  it('uv.lock and pyproject.toml: clear errors naming the file, never a crash', () => {
    tried = 0;
    property(anyText(UV_LOCK), (text) => expectClearOutcome('uv.lock', () => parseUvLock(text, 'uv.lock' as never)));
    property(anyText(PYPROJECT), (text) => expectClearOutcome('app/pyproject.toml', () => parsePyProject(text, 'app/pyproject.toml' as never)));
    count({ hostileCases: tried });
  });
});
