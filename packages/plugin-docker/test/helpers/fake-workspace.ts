/**
 * A stand-in for the core's command context, for driving the plugin's commands before (and
 * besides) the real `ant` binary: real projects on disk, tasks from the plugin's own inferTasks,
 * a task hash computed from the task's options, and `runTasks(['docker'])` calling the executor.
 */
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import type { AntCommandContext, PluginContext, Project, TaskSpec, WorkspaceView } from '@ant/runner/plugin';
// The same clipanion the plugin's commands extend: the one ant runs (re-exported by @ant/runner/plugin).
import { Cli } from '@ant/runner/plugin';
import plugin from '../../src/index.js';
import { buildImages } from '../../src/image-executor.js';
import { inferDockerTasks } from '../../src/tasks.js';



export interface FakeProject {
  name: string;
  root: string;
  language: string;
  fields?: Record<string, unknown>;
}

export function pluginContext(root: string, config: unknown = {}): PluginContext {
  return {
    root,
    config: plugin.configSchema!.parse(config),
    logger: { debug() {}, info() {}, warn() {} },
    exec: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    toolVersion: async () => undefined,
    projects: () => [],
    readFile: async () => undefined,
  };
}

export async function fakeWorkspace(root: string, projects: FakeProject[], dockerConfig: Record<string, unknown> = {}) {
  const resolved: Project[] = projects.map((p) => ({ name: p.name, root: p.root, absRoot: join(root, p.root), language: p.language, fields: p.fields ?? {}, tags: [] }));
  const tasks = new Map<string, Record<string, TaskSpec>>();
  for (const project of resolved) tasks.set(project.name, await inferDockerTasks(project, pluginContext(root, dockerConfig)));
  const taskHash = async (id: string) => {
    const [name] = id.split(':');
    return createHash('sha256').update(JSON.stringify(tasks.get(name)?.docker ?? null)).digest('hex').slice(0, 16);
  };
  const view: WorkspaceView = {
    root,
    configFile: join(root, 'ant.config.json'),
    config: { docker: dockerConfig },
    projects: resolved,
    tasks: (name) => tasks.get(name) ?? {},
    taskHash,
  };
  const runs: string[][] = [];
  const runTasks = async (args: string[]) => {
    runs.push(args);
    const only = args.includes('--projects') ? args[args.indexOf('--projects') + 1].split(',') : undefined;
    for (const project of resolved) {
      const task = tasks.get(project.name)?.docker;
      if (!task || (only && !only.includes(project.name))) continue;
      await buildImages(task.executor!.options, {
        root,
        project: { name: project.name, root: project.root, absRoot: project.absRoot, language: project.language, fields: { ...project.fields } },
        task: 'docker',
        hash: await taskHash(`${project.name}:docker`),
        dependencyHashes: {},
        env: {},
        log: () => {},
      });
    }
    return 0;
  };
  return { view, runs, runTasks, taskHash };
}

/** Runs one plugin command through clipanion with a fake ant context; returns exit code and output. */
export async function runCommand(argv: string[], ws: Awaited<ReturnType<typeof fakeWorkspace>>, env: Record<string, string | undefined> = {}) {
  const cli = new Cli({ binaryName: 'ant' });
  for (const command of plugin.commands ?? []) cli.register(command as never);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const context: AntCommandContext & { colorDepth: number } = {
    stdin: process.stdin,
    stdout,
    stderr,
    cwd: ws.view.root,
    env,
    colorDepth: 1,
    loadWorkspace: async () => ws.view,
    runTasks: ws.runTasks,
  };
  const code = await cli.run(argv, context as never);
  return { code, stdout: out, stderr: err };
}
