/**
 * A real {@link PluginContext} for tests: real child processes, the real file system, a
 * per-context tool-version cache, as the core's host provides one per plugin per invocation.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PluginContext, Project, ProjectSpec } from '@ant/runner/plugin';

/** A context plus the messages its logger received. */
export interface TestContext extends PluginContext {
  warnings: string[];
  setProjects(projects: readonly Project[]): void;
}

/** Builds a context rooted at `root` with the plugin's `config` section. */
export function testContext(root: string, config?: unknown): TestContext {
  const versions = new Map<string, Promise<string | undefined>>();
  const warnings: string[] = [];
  let projects: readonly Project[] = [];
  const exec: PluginContext['exec'] = (command, args, options = {}) =>
    new Promise((resolve) => {
      execFile(
        command,
        args,
        { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
          resolve({ exitCode: code, stdout, stderr });
        },
      );
    });
  return {
    root,
    config,
    warnings,
    logger: { debug() {}, info() {}, warn: (m) => warnings.push(m) },
    exec,
    toolVersion(command, args = ['--version']) {
      const key = [command, ...args].join('\0');
      let hit = versions.get(key);
      if (!hit) {
        hit = exec(command, args).then((r) => (r.exitCode === 0 ? r.stdout.trim() : undefined));
        versions.set(key, hit);
      }
      return hit;
    },
    projects: () => projects,
    setProjects(next) {
      projects = next;
    },
    async readFile(file) {
      try {
        return await readFile(path.join(root, file), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** Turns discovered specs into the {@link Project}s the core would hand to later hooks. */
export function toProjects(root: string, specs: readonly ProjectSpec[], discoveredBy = '@ant/plugin-js'): Project[] {
  return specs.map((s) => ({
    name: s.name,
    root: s.root,
    absRoot: s.root === '.' ? root : path.join(root, s.root),
    language: s.language,
    fields: s.fields ?? {},
    tags: s.tags ?? [],
    discoveredBy,
  }));
}
