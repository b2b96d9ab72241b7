/**
 * The `ant` CLI: builds the clipanion Cli from the built-in commands, plus — only when the first
 * argument is not a built-in, or for help — the plugins' commands and the config's `commands`.
 * `ant run` never pays for loading command classes it does not use.
 */
import { Builtins, Cli, type CommandClass } from 'clipanion';
import { findConfigFile } from '../config/find-config.js';
import type { AntContext } from './base-command.js';
import { reportError } from './base-command.js';
import { RunCommand } from './run.js';
import { AffectedCommand } from './affected.js';
import { GraphCommand } from './graph.js';
import { ShowProjectsCommand } from './show/projects.js';
import { ShowProjectCommand } from './show/project.js';
import { ExplainCommand } from './explain.js';
import { CacheStatusCommand } from './cache/status.js';
import { CachePruneCommand } from './cache/prune.js';
import { CacheCleanCommand } from './cache/clean.js';
import { PluginsCommand } from './plugins.js';
import { makeConfigCommand } from './config-commands.js';
import { extraCommands } from './extra-commands.js';
import { VERSION } from '../version.js';
import type { WorkspaceView } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';

export { VERSION } from '../version.js';

const BUILTINS: CommandClass<AntContext>[] = [
  RunCommand, AffectedCommand, GraphCommand, ShowProjectsCommand, ShowProjectCommand, ExplainCommand,
  CacheStatusCommand, CachePruneCommand, CacheCleanCommand, PluginsCommand, ...extraCommands,
];
const BUILTIN_NAMES = new Set(BUILTINS.flatMap((c) => (c.paths ?? []).map((p) => p[0])));

export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
  });
  process.exitCode = code;
}

export async function runCli(
  argv: string[],
  io: { stdin: import('node:stream').Readable; stdout: import('node:stream').Writable; stderr: import('node:stream').Writable; cwd: string; env: NodeJS.ProcessEnv },
): Promise<number> {
  const cli = new Cli<AntContext>({ binaryLabel: 'ant', binaryName: 'ant', binaryVersion: VERSION, enableColors: io.env.NO_COLOR === undefined });
  const needsExtras = argv.length === 0 || !BUILTIN_NAMES.has(argv[0]) || argv.includes('--help') || argv.includes('-h');
  // clipanion matches argv against one state machine built from every registered command; for
  // `ant run …` building it for one command instead of all is a measurable part of start-up.
  const builtins = needsExtras ? BUILTINS : BUILTINS.filter((c) => c.paths?.some((p) => p[0] === argv[0]));
  for (const command of builtins) cli.register(command);
  cli.register(Builtins.HelpCommand);
  cli.register(Builtins.VersionCommand);

  const context = makeContext(io, argv);
  if (needsExtras && findConfigFile(io.cwd)) {
    try {
      const workspace = await loadForCommands(context);
      const taken = new Set(BUILTIN_NAMES);
      for (const { plugin } of workspace.host.plugins) {
        for (const command of plugin.commands ?? []) cli.register(command as unknown as CommandClass<AntContext>);
      }
      for (const [name, entry] of Object.entries(workspace.config.commands)) {
        if (taken.has(name)) {
          io.stderr.write(`warning: ant.config.json: commands.${name} is shadowed by the built-in "ant ${name}"\n`);
          continue;
        }
        cli.register(makeConfigCommand(name, entry) as unknown as CommandClass<AntContext>);
      }
    } catch (error) {
      // A broken config must not hide `ant --help`; for a plugin command, the error is the answer.
      if (argv.length > 0 && !argv.includes('--help') && !argv.includes('-h')) {
        return reportError(error, io.stderr, argv.includes('--verbose'), io.env);
      }
    }
  }
  try {
    // Bad arguments are a usage error: exit 2 (clipanion's own answer would be 1).
    try {
      cli.process(argv, context);
    } catch (error) {
      io.stderr.write(cli.error(error as Error, { colored: io.env.NO_COLOR === undefined && Boolean((io.stderr as NodeJS.WriteStream).isTTY) }));
      return 2;
    }
    return await cli.run(argv, context);
  } catch (error) {
    return reportError(error, io.stderr, argv.includes('--verbose'), io.env);
  }
}

function makeContext(io: Parameters<typeof runCli>[1], argv: readonly string[]): AntContext {
  const context: AntContext = {
    argv,
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    cwd: io.cwd,
    env: io.env,
    colorDepth: io.env.NO_COLOR !== undefined ? 1 : (io.stdout as NodeJS.WriteStream).isTTY ? 8 : 1,
    loadWorkspace: async () => toView(await loadForCommands(context)),
    runTasks: (args) => runCli(['run', ...args], io),
  };
  return context;
}

async function loadForCommands(context: AntContext): Promise<Workspace> {
  context.workspacePromise ??= import('../workspace/workspace.js').then(({ loadWorkspace }) =>
    loadWorkspace({
      cwd: context.cwd,
      env: context.env,
      logger: {
        debug: () => undefined,
        info: (m) => context.stderr.write(`${m}\n`),
        warn: (m) => context.stderr.write(`warning ${m}\n`),
      },
    }),
  );
  return context.workspacePromise;
}

function toView(workspace: Workspace): WorkspaceView {
  return {
    root: workspace.root,
    configFile: workspace.configFile,
    config: workspace.raw,
    projects: workspace.projects,
    tasks: (project) => workspace.tasks.get(project) ?? {},
    taskHash: async (id) => {
      const { planRun } = await import('../scheduler/plan.js');
      const plan = await planRun(workspace, { targets: [id] }, process.env);
      return plan.hashes.get(id as never)!.hash;
    },
  };
}
