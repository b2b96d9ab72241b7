/** Real service projects for the tests: a Go service built with `go build`, a Python service with a venv. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@ant/runner/plugin';
import { must } from './exec.js';

/** A temp dir removed when the returned dispose runs (kept when ANT_KEEP_TMP=1, for debugging). */
export async function tempDir(prefix = 'ant-docker-'): Promise<{ path: string; dispose(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    dispose: async () => {
      if (process.env.ANT_KEEP_TMP !== '1') await rm(path, { recursive: true, force: true });
    },
  };
}

/** Writes files (relative path → content). */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A Go service printing `message`, built static for linux into `dist/bin/<name>` as plugin-go does. */
export async function makeGoService(dir: string, name: string, message: string): Promise<void> {
  await writeTree(dir, {
    'go.mod': `module example.com/${name}\n\ngo 1.19\n`,
    'main.go': `package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() { fmt.Println("${message} APP=" + os.Getenv("APP")) }\n`,
  });
  await buildGo(dir, name);
}

export async function buildGo(dir: string, name: string): Promise<void> {
  await mkdir(join(dir, 'dist', 'bin'), { recursive: true });
  await must('go', ['build', '-trimpath', '-ldflags=-s -w -buildid=', '-o', join('dist', 'bin', name), '.'], {
    cwd: dir,
    env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOPROXY: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' },
  });
}

/**
 * A Python service: `src/hello/__main__.py` (its own code) importing `greeting` from a venv's
 * site-packages (the dependency layer), with the venv made by `python3 -m venv`.
 */
export async function makePythonService(dir: string): Promise<string> {
  await writeTree(dir, {
    'pyproject.toml': '[project]\nname = "hello"\nversion = "0.1.0"\n',
    'src/hello/__init__.py': '',
    'src/hello/__main__.py': 'from greeting import greet\n\nprint(greet("python"))\n',
  });
  await must('python3', ['-m', 'venv', '--without-pip', '.venv'], { cwd: dir });
  const version = (await must('python3', ['-c', 'import sys; print(f"python{sys.version_info[0]}.{sys.version_info[1]}")'])).trim();
  await writeTree(dir, { [`.venv/lib/${version}/site-packages/greeting/__init__.py`]: 'def greet(who):\n    return f"hello from {who}"\n' });
  return version;
}

/** The context the core gives an executor, for calling `buildImages` directly. */
export function executorContext(root: string, projectRoot: string, name: string, language: string, hash: string, logs: string[] = []): ExecutorContext {
  return {
    root,
    project: { name, root: projectRoot.slice(root.length + 1), absRoot: projectRoot, language, fields: {} },
    task: 'docker',
    hash,
    dependencyHashes: {},
    env: {},
    log: (line) => logs.push(line),
    signal: new AbortController().signal,
  };
}
