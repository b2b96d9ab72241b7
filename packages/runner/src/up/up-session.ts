/**
 * What `ant up` does, apart from argument parsing: config → process specs → port pre-check →
 * build the tasks behind task processes (through the graph, cached) → run the orchestrator with
 * Ctrl-C wired to it → the failure report. Exit codes: 0 done, 1 a process (or the build, or a
 * port pre-check) failed, 2 config error, 130 interrupted; with `--run`, the run's exit code.
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { colors, shouldColor, type Colors } from '../report/colors.js';
import type { BaseCommand } from '../cli/base-command.js';
import { defineProcesses } from './process-spec.js';
import { selectProcesses } from './dependency-order.js';
import { resolveProcessSpecs } from './process-env.js';
import { describeConflict, findPortConflicts } from './port-check.js';
import { buildProcessTasks } from './task-build.js';
import { LogMux, TAIL_LINES } from './log-mux.js';
import { Orchestrator, type ProcessFailure } from './orchestrator.js';
import { splitRunArguments } from './run-arguments.js';

export interface UpRequest {
  /** Process names, or `project:task` ids; empty means every configured process. */
  names: string[];
  /** `ant run` arguments to run once every process is ready (`--run "api:test"`). */
  run?: string;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function runUp(command: BaseCommand, request: UpRequest): Promise<number> {
  const { stdout, stderr, env } = command.context;
  // Split before anything starts: a malformed --run must not leave services half started.
  const runArguments = request.run === undefined ? undefined : splitRunArguments(request.run);
  const workspace = await command.workspace();
  const file = path.basename(workspace.configFile);
  const errC = colors(shouldColor(stderr as NodeJS.WriteStream, env));

  const definitions = defineProcesses({ file, processes: workspace.config.up?.processes ?? {}, tasks: workspace.tasks, requested: request.names });
  if (definitions.size === 0) {
    throw new ConfigError('there are no processes to start', {
      code: 'ANT_CONFIG_UP_EMPTY',
      file,
      field: 'up.processes',
      hint: 'add "up": { "processes": { "db": { "command": "…" } } } to the config, or name a persistent task: ant up api:serve',
    });
  }
  const names = selectProcesses(new Map([...definitions].map(([n, d]) => [n, Object.keys(d.dependsOn)])), request.names, file);
  const specs = await resolveProcessSpecs(workspace, names.map((n) => definitions.get(n)!), env);

  let orchestrator: Orchestrator | undefined;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    orchestrator?.interrupt();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    const conflicts = await findPortConflicts(specs);
    if (conflicts.length) {
      for (const conflict of conflicts) stderr.write(`${errC.red('error')} ${describeConflict(conflict)}\n`);
      stderr.write(`hint: stop the process holding the port, or change the port in ${file} (up.processes.<name>)\n`);
      return 1;
    }
    const color = shouldColor(stdout as NodeJS.WriteStream, env);
    const tasks = specs.flatMap((s) => (s.task ? [s.task.id] : []));
    const built = await buildProcessTasks(workspace, tasks, { stdout, env, color, verbose: command.verbose });
    if (interrupted) return 130;
    if (built !== 0) {
      stderr.write(`${errC.red('error')} could not build what ${tasks.join(', ')} need${tasks.length === 1 ? 's' : ''}; no process was started\n`);
      return built;
    }

    const isTTY = Boolean((stdout as NodeJS.WriteStream).isTTY) && env.CI === undefined;
    const mux = new LogMux({ stream: stdout, color, isTTY, names });
    orchestrator = new Orchestrator(specs, mux);
    if (interrupted) orchestrator.interrupt();
    const then = runArguments ? () => command.context.runTasks(runArguments) : undefined;
    const outcome = await orchestrator.run({ then });
    await mux.close();
    if (outcome.failure) printFailure(stderr, outcome.failure, errC, workspace.root);
    else if (outcome.exitCode === 130) stderr.write('interrupted: every process stopped\n');
    return outcome.exitCode;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

/** The report of a failed session: the reason, then the process's last output lines. */
function printFailure(stderr: NodeJS.WritableStream, failure: ProcessFailure, c: Colors, root: string): void {
  stderr.write(`${c.red('error')} process "${failure.process}" ${failure.reason}\n`);
  const logFile = path.relative(root, failure.logFile);
  if (failure.tail.length) {
    stderr.write(`last ${Math.min(TAIL_LINES, failure.tail.length)} lines of ${failure.process} (all of them in ${logFile}):\n`);
    for (const line of failure.tail) stderr.write(`  ${c.dim('│')} ${line}\n`);
  } else {
    stderr.write(`${failure.process} printed nothing (log: ${logFile})\n`);
  }
  if (failure.addressInUse) {
    stderr.write(`hint: its address was already in use ("${failure.addressInUse.trim().slice(0, 160)}"): stop whatever holds the port (ss -ltnp shows it) or change the port\n`);
  }
}
