/**
 * A real PluginContext for tests: real child processes, real files, a tool-version cache,
 * and the project list the core would hand out (set once projects are known).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecOptions, ExecResult, PluginContext, Project, ProjectSpec } from '@ant/runner/plugin';

export interface TestContext extends PluginContext {
  setProjects(specs: ProjectSpec[]): Project[];
  logs: string[];
}

export function runProcess(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv | undefined, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? 127 : 0;
        resolve({ exitCode: code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export function makeContext(root: string): TestContext {
  let projects: Project[] = [];
  const versions = new Map<string, Promise<string | undefined>>();
  const logs: string[] = [];
  return {
    root,
    config: undefined,
    logs,
    logger: {
      debug: (m) => logs.push(`debug ${m}`),
      info: (m) => logs.push(`info ${m}`),
      warn: (m) => logs.push(`warn ${m}`),
    },
    exec: (command, args, options) => runProcess(command, args, options),
    toolVersion(command, args = ['--version']) {
      const key = `${command} ${args.join(' ')}`;
      let value = versions.get(key);
      if (!value) {
        value = runProcess(command, args).then((r) => (r.exitCode === 0 ? (r.stdout || r.stderr).trim().split('\n')[0] : undefined));
        versions.set(key, value);
      }
      return value;
    },
    projects: () => projects,
    readFile: (path) => readFile(join(root, path), 'utf8').catch(() => undefined),
    setProjects(specs) {
      projects = specs.map((spec) => ({
        name: spec.name,
        root: spec.root,
        absRoot: join(root, spec.root),
        language: spec.language,
        fields: spec.fields ?? {},
        tags: spec.tags ?? [],
      }));
      return projects;
    },
  };
}
