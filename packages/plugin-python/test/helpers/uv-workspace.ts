/**
 * A real uv workspace in a temporary git repository: root `ws` (virtual, dev group with pytest),
 * `packages/alpha` (depends on six) and `packages/beta` (depends on alpha through the workspace),
 * locked with the real `uv lock`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const UV_ENV = { ...process.env, UV_PYTHON_DOWNLOADS: 'never' };

export function memberPyproject(name: string, deps: string[], extra = ''): string {
  return [
    '[project]',
    `name = "${name}"`,
    'version = "0.1.0"',
    'requires-python = ">=3.11"',
    `dependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]`,
    '',
    extra,
    '[build-system]',
    'requires = ["uv_build>=0.8,<0.14"]',
    'build-backend = "uv_build"',
    '',
  ].join('\n');
}

export const WORKSPACE_FILES: Record<string, string> = {
  '.gitignore': '.venv/\ndist/\n__pycache__/\n.ruff_cache/\n.pytest_cache/\n.ant/\n',
  'pyproject.toml': [
    '[project]',
    'name = "ws"',
    'version = "0.1.0"',
    'requires-python = ">=3.11"',
    'dependencies = []',
    '',
    '[dependency-groups]',
    'dev = ["pytest>=8"]',
    '',
    '[tool.uv.workspace]',
    'members = ["packages/*"]',
    '',
  ].join('\n'),
  // A module of the root project itself (its lint must check it, and skip the members).
  'scripts/check.py': 'print("ok")\n',
  'packages/alpha/pyproject.toml': memberPyproject('alpha', ['six>=1.16']),
  'packages/alpha/src/alpha/__init__.py': 'import six\n\n\ndef greet(name: str) -> str:\n    return six.ensure_str("hello " + name)\n',
  'packages/alpha/tests/test_alpha.py': 'from alpha import greet\n\n\ndef test_greet():\n    assert greet("ant") == "hello ant"\n',
  'packages/beta/pyproject.toml': memberPyproject('beta', ['alpha'], '[tool.uv.sources]\nalpha = { workspace = true }\n'),
  'packages/beta/src/beta/__init__.py': 'from alpha import greet\n\n\ndef shout(name: str) -> str:\n    return greet(name).upper()\n',
  'packages/beta/tests/test_beta.py': 'from beta import shout\n\n\ndef test_shout():\n    assert shout("ant") == "HELLO ANT"\n',
};

export interface TempRepo {
  root: string;
  write(path: string, text: string): void;
  read(path: string): string;
  sh(command: string, cwd?: string): string;
  [Symbol.dispose](): void;
}

/** Writes `files` into a new git repo; `lock` runs `uv lock` and commits. */
export function tempRepo(files: Record<string, string>, options: { lock?: boolean } = {}): TempRepo {
  const root = mkdtempSync(join(tmpdir(), 'ant-py-'));
  const repo: TempRepo = {
    root,
    write(path, text) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
    sh: (command, cwd = '.') =>
      execFileSync('sh', ['-c', command], { cwd: join(root, cwd), env: UV_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    [Symbol.dispose]() {
      if (!process.env.ANT_KEEP_TMP) rmSync(root, { recursive: true, force: true });
    },
  };
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  if (options.lock) repo.sh('uv lock -q');
  repo.sh('git init -q -b main && git add -A && git -c user.name=t -c user.email=t@t commit -qm init');
  return repo;
}
