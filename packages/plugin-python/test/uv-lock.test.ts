import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closureDigest, closureLine, directDependencies, findProjectPackage, lockClosure } from '../src/lock-closure.js';
import { globToRegExp, isWorkspaceMember } from '../src/member-glob.js';
import { parsePyProject } from '../src/pyproject.js';
import { isLocalSource, parseUvLock } from '../src/uv-lock.js';

// A hand-written lock with every source kind, a forked name, extras and dev groups.
const LOCK = `
version = 1
revision = 3
requires-python = ">=3.11"

[manifest]
members = ["app", "Lib_B"]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "services/app" }
dependencies = [{ name = "lib-b" }, { name = "requests", extra = ["socks"] }, { name = "numpy", version = "2.0.0", source = { registry = "https://pypi.org/simple" } }]

[package.optional-dependencies]
git = [{ name = "gitdep" }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[package.metadata]
requires-dist = [{ name = "lib-b", editable = "libs/b" }, { name = "requests", extras = ["socks"] }]

[[package]]
name = "lib-b"
version = "0.2.0"
source = { virtual = "libs/b" }
dependencies = [{ name = "localdir" }]

[[package]]
name = "localdir"
version = "1.0"
source = { directory = "../vendor/localdir" }

[[package]]
name = "requests"
version = "2.32.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "idna" }]
sdist = { url = "https://x/requests.tar.gz", hash = "sha256:aaa" }
wheels = [{ url = "https://x/requests.whl", hash = "sha256:bbb" }]

[package.optional-dependencies]
socks = [{ name = "pysocks" }]
security = [{ name = "cryptography" }]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://x/idna.whl", hash = "sha256:ccc" }]

[[package]]
name = "pysocks"
version = "1.7.1"
source = { url = "https://example.com/PySocks-1.7.1.tar.gz" }
sdist = { hash = "sha256:ddd" }

[[package]]
name = "cryptography"
version = "43.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://x/numpy1.whl", hash = "sha256:eee" }]

[[package]]
name = "numpy"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://x/numpy2.whl", hash = "sha256:fff" }]

[[package]]
name = "gitdep"
version = "20.3.1"
source = { git = "https://github.com/o/r?tag=20.3.1#f94a429e" }

[[package]]
name = "pytest"
version = "8.3.0"
source = { path = "../wheels/pytest-8.3.0-py3-none-any.whl" }
wheels = [{ filename = "pytest-8.3.0-py3-none-any.whl", hash = "sha256:999" }]
`;

describe('uv.lock parsing and closures', () => {
  const lock = parseUvLock(LOCK, 'uv.lock');

  it('reads members, sources and which sources are local', () => {
    expect(lock.members).toEqual(['app', 'lib-b']);
    expect(lock.packages.map((p) => `${p.name}:${p.source.kind}:${isLocalSource(p.source)}`)).toEqual([
      'app:editable:true', 'lib-b:virtual:true', 'localdir:directory:true', 'requests:registry:false',
      'idna:registry:false', 'pysocks:url:false', 'cryptography:registry:false', 'numpy:registry:false',
      'numpy:registry:false', 'gitdep:git:false', 'pytest:path:false',
    ]);
  });

  it('walks deps, all own extras and dev groups, requested extras of deps, and the pinned fork only', () => {
    const app = findProjectPackage(lock, 'app')!;
    const closure = lockClosure(lock, app);
    expect(closure.map((e) => `${e.name}==${e.version}`).sort()).toEqual([
      'app==0.1.0', 'gitdep==20.3.1', 'idna==3.7', 'lib-b==0.2.0', 'localdir==1.0', 'numpy==2.0.0',
      'pysocks==1.7.1', 'pytest==8.3.0', 'requests==2.32.0',
    ]);
    expect(closure.find((e) => e.name === 'localdir')).toMatchObject({ local: true, path: '../vendor/localdir' });
    expect(closureLine(closure.find((e) => e.name === 'gitdep')!)).toBe('gitdep==20.3.1 git=https://github.com/o/r?tag=20.3.1#f94a429e');
    expect(lockClosure(lock, app, { dev: false }).some((e) => e.name === 'pytest')).toBe(false);
    expect(directDependencies(lock, app, false).map((p) => p.name)).toEqual(['lib-b', 'requests', 'numpy', 'gitdep']);
  });

  it('a hash change of a package outside the closure keeps the digest; inside it changes it', () => {
    const app = (l: typeof lock) => findProjectPackage(l, 'app');
    const base = closureDigest(lockClosure(lock, app(lock)));
    const outside = parseUvLock(LOCK.replace('hash = "sha256:eee"', 'hash = "sha256:eef"'), 'uv.lock');
    expect(closureDigest(lockClosure(outside, app(outside)))).toBe(base);
    const inside = parseUvLock(LOCK.replace('hash = "sha256:ccc"', 'hash = "sha256:ccd"'), 'uv.lock');
    expect(closureDigest(lockClosure(inside, app(inside)))).not.toBe(base);
  });

  it('the closure does not depend on the order of [[package]] tables', () => {
    const [head, ...blocks] = LOCK.split('\n[[package]]\n');
    fc.assert(
      fc.property(fc.shuffledSubarray(blocks, { minLength: blocks.length, maxLength: blocks.length }), (shuffled) => {
        const reordered = parseUvLock([head, ...shuffled].join('\n[[package]]\n'), 'uv.lock');
        const lockApp = findProjectPackage(reordered, 'app');
        expect(closureDigest(lockClosure(reordered, lockApp))).toBe(closureDigest(lockClosure(lock, findProjectPackage(lock, 'app'))));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a lock format it does not know, with the fix', () => {
    expect(() => parseUvLock('version = 2\n', 'svc/uv.lock')).toThrow(
      'svc/uv.lock: version: expected 1 (the uv.lock format ant reads), found number 2. ' +
        'Hint: a newer uv wrote it; upgrade ant or regenerate the lock with the uv version the repo pins',
    );
    expect(() => parseUvLock('version = 1\n[[package]]\nname = "x"\n', 'uv.lock')).toThrow(
      'uv.lock: package[0].source: expected a table like { registry = "…" }, found nothing',
    );
  });
});

describe('pyproject.toml and workspace globs', () => {
  it('reads names, requirements of every kind, sources and packaging', () => {
    const py = parsePyProject(
      [
        '[project]', 'name = "My.Service"', 'requires-python = ">=3.11"',
        'dependencies = ["Requests[socks]>=2; python_version>\'3\'", "lib_b"]',
        '[project.optional-dependencies]', 'fast = ["orjson"]',
        '[dependency-groups]', 'dev = ["pytest", { include-group = "lint" }]', 'lint = ["ruff"]',
        '[tool.uv]', 'package = false',
        '[tool.uv.sources]', 'lib_b = { workspace = true }', 'orjson = [{ path = "../o" }, { index = "x" }]',
      ].join('\n'),
      'svc/pyproject.toml',
    );
    expect(py).toMatchObject({
      name: 'my-service',
      requirementNames: ['lib-b', 'orjson', 'pytest', 'requests', 'ruff'],
      sources: { 'lib-b': [{ kind: 'workspace' }], orjson: [{ kind: 'path', path: '../o' }, { kind: 'other' }] },
      packaged: false,
    });
  });

  it('matches members and excludes as uv expands them', () => {
    expect(globToRegExp('packages/*').test('packages/a')).toBe(true);
    expect(globToRegExp('packages/*').test('packages/a/b')).toBe(false);
    expect(globToRegExp('libs/**').test('libs/x/y')).toBe(true);
    expect(globToRegExp('svc-[ab]?').test('svc-b1')).toBe(true);
    expect(isWorkspaceMember('packages/legacy', ['packages/*'], ['packages/legacy'])).toBe(false);
    expect(isWorkspaceMember('packages/new', ['packages/*'], ['packages/legacy'])).toBe(true);
    expect(isWorkspaceMember('.', [], [])).toBe(true);
  });
});
