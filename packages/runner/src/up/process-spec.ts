/**
 * The contract of `ant up`: what one process is, once `up.processes` (and any `project:task` named
 * on the command line) has been validated and resolved. Everything downstream — ordering, probes,
 * supervision — reads these types and never the raw config.
 *
 * Resolution is split in two: {@link defineProcesses} is pure (config + task table → definitions,
 * or a ConfigError naming the file and field), and `process-env.ts` adds each process's env and cwd,
 * which needs the devshell.
 */
import { ConfigError } from '../errors.js';
import type { ProcessConfig, ReadinessConfig } from '../config/schema.js';
import type { TaskSpec } from '../plugin/api.js';
import { parseTaskId } from '../graph/task-id.js';

/** When a dependent may start: after the dependency spawned, passed its readiness probe, or exited 0. */
export type DependencyCondition = 'started' | 'healthy' | 'completed_successfully';
export type RestartPolicy = 'no' | 'on_failure' | 'always';

/** One readiness check. `log` is event-driven (a matching output line); the others are polled. */
export type Probe =
  | { kind: 'http'; url: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'exec'; command: string }
  | { kind: 'log'; pattern: RegExp };

/** A probe with its timing. Startup fails after `failureThreshold` consecutive failed probes. */
export interface ReadinessSpec {
  probe: Probe;
  periodMs: number;
  timeoutMs: number;
  initialDelayMs: number;
  failureThreshold: number;
}

/** A validated process, before its env is composed. */
export interface ProcessDefinition {
  name: string;
  /** What runs: the configured command, or the persistent task's command. */
  command: string | string[];
  /** The persistent task behind the process (`api:serve`); its dependencies are built first. */
  task?: { id: string; project: string; spec: TaskSpec };
  /** Relative to the workspace root (command) or the project root (task). */
  cwd?: string;
  env: Record<string, string>;
  dependsOn: Record<string, DependencyCondition>;
  readiness?: ReadinessSpec;
  restart: RestartPolicy;
  /** Restarts before giving up; undefined means no limit. */
  maxRestarts?: number;
  backoffMs: number;
  shutdownSignal: NodeJS.Signals;
  shutdownTimeoutMs: number;
}

/** A process ready to start: its command, absolute cwd and complete env. */
export interface ProcessSpec extends ProcessDefinition {
  cwd: string;
  /** Absolute path of `.ant/up/<name>.log`. */
  logFile: string;
}

/** Probe defaults: poll every 250 ms, so start-up waits little; give up after 30 s of failures. */
export const READINESS_DEFAULTS = { periodMs: 250, timeoutMs: 1000, initialDelayMs: 0, failureThreshold: 120 } as const;
export const PROCESS_DEFAULTS = { restart: 'no', backoffMs: 1000, shutdownSignal: 'SIGTERM', shutdownTimeoutMs: 5000 } as const;

/** What {@link defineProcesses} needs to know about the workspace. */
export interface DefinitionInput {
  /** The config file's name, for error messages. */
  file: string;
  processes: Record<string, ProcessConfig>;
  /** Resolved tasks by project. */
  tasks: ReadonlyMap<string, Record<string, TaskSpec>>;
  /** Names from the command line; a `project:task` not in `processes` becomes an ad hoc process. */
  requested: readonly string[];
}

/**
 * Validates `up.processes` (and ad hoc `project:task` names) into definitions, keyed by name.
 * Checks: exactly one of `command`/`task`; the task exists, has a command and is persistent-capable;
 * `dependsOn` names known processes; `healthy` only on a process with readiness; at most one probe
 * kind; the log regex compiles; the http URL and the tcp `host:port` parse.
 */
export function defineProcesses(input: DefinitionInput): Map<string, ProcessDefinition> {
  const configs: Record<string, ProcessConfig> = { ...input.processes };
  for (const name of input.requested) {
    if (!configs[name] && parseTaskId(name)) configs[name] = { task: name };
  }
  const out = new Map<string, ProcessDefinition>();
  for (const [name, config] of Object.entries(configs)) out.set(name, defineOne(input, name, config));
  for (const [name, def] of out) {
    for (const [dep, condition] of Object.entries(def.dependsOn)) {
      const field = `up.processes.${name}.dependsOn.${dep}`;
      const target = out.get(dep);
      if (!target) {
        throw new ConfigError(`process "${name}" depends on unknown process "${dep}"`, {
          code: 'ANT_CONFIG_UP_UNKNOWN_PROCESS',
          file: input.file,
          field,
          hint: `known processes: ${[...out.keys()].join(', ') || '(none)'}`,
        });
      }
      if (dep === name) {
        throw new ConfigError(`process "${name}" depends on itself`, { code: 'ANT_CONFIG_UP_CYCLE', file: input.file, field });
      }
      if (condition === 'healthy' && !target.readiness) {
        throw new ConfigError(`"healthy" needs a readiness probe on "${dep}", which has none`, {
          code: 'ANT_CONFIG_UP_NO_READINESS',
          file: input.file,
          field,
          hint: `add "readiness": { "tcp": "127.0.0.1:PORT" } (or http, exec, log) to up.processes.${dep}, or use "started"`,
        });
      }
    }
  }
  return out;
}

function defineOne(input: DefinitionInput, name: string, config: ProcessConfig): ProcessDefinition {
  const at = (field: string) => `up.processes.${name}${field ? `.${field}` : ''}`;
  const fail = (field: string, message: string, hint?: string, code = 'ANT_CONFIG_UP_INVALID'): never => {
    throw new ConfigError(message, { code, file: input.file, field: at(field), hint });
  };
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(name)) {
    fail('', `process name "${name}" must be letters, digits, '.', '_', '-' or ':'`);
  }
  if (config.command !== undefined && config.task !== undefined) {
    fail('', 'expected one of "command" or "task", found both', 'a process runs either a shell command or a persistent task');
  }
  let command: string | string[];
  let task: ProcessDefinition['task'];
  if (config.task !== undefined) {
    const id = parseTaskId(config.task);
    const spec = id && input.tasks.get(id.project)?.[id.task];
    if (!id || !spec) {
      const projects = [...input.tasks.keys()];
      const hint = id && input.tasks.has(id.project)
        ? `tasks of ${id.project}: ${Object.keys(input.tasks.get(id.project)!).join(', ')}`
        : `write "project:task"; projects: ${projects.join(', ') || '(none)'}`;
      return fail('task', `expected an existing task "project:task", found "${config.task}"`, hint, 'ANT_CONFIG_UP_UNKNOWN_TASK');
    }
    if (!spec.command) {
      return fail('task', `task ${config.task} has no command to run as a process${spec.executor ? ' (it runs in an executor)' : ''}`);
    }
    command = spec.command;
    task = { id: config.task, project: id.project, spec };
  } else if (config.command !== undefined && config.command.trim() !== '') {
    command = config.command;
  } else {
    return fail('', 'expected "command" or "task", found neither', `e.g. "command": "python3 -m http.server 8000" or "task": "api:serve"`);
  }
  return {
    name,
    command,
    task,
    cwd: config.cwd,
    env: config.env ?? {},
    dependsOn: config.dependsOn ?? {},
    readiness: config.readiness ? defineReadiness(config.readiness, fail) : undefined,
    restart: config.restart ?? PROCESS_DEFAULTS.restart,
    maxRestarts: config.maxRestarts,
    backoffMs: config.backoffMs ?? PROCESS_DEFAULTS.backoffMs,
    shutdownSignal: config.shutdownSignal ?? PROCESS_DEFAULTS.shutdownSignal,
    shutdownTimeoutMs: config.shutdownTimeoutMs ?? PROCESS_DEFAULTS.shutdownTimeoutMs,
  };
}

function defineReadiness(config: ReadinessConfig, fail: (field: string, message: string, hint?: string) => never): ReadinessSpec {
  const kinds = (['http', 'tcp', 'exec', 'log'] as const).filter((k) => config[k] !== undefined);
  if (kinds.length !== 1) {
    fail('readiness', `expected exactly one probe (http, tcp, exec or log), found ${kinds.length ? kinds.join(', ') : 'none'}`);
  }
  const kind = kinds[0];
  const value = config[kind]!;
  let probe: Probe;
  if (kind === 'http') {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return fail('readiness.http', `expected an http(s) URL, found "${value}"`, 'e.g. "http://127.0.0.1:8080/health"');
    }
    probe = { kind, url: value };
  } else if (kind === 'tcp') {
    const match = /^(.+):(\d{1,5})$/.exec(value);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) {
      return fail('readiness.tcp', `expected "host:port", found "${value}"`, 'e.g. "127.0.0.1:8080"');
    }
    probe = { kind, host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
  } else if (kind === 'log') {
    try {
      probe = { kind, pattern: new RegExp(value) };
    } catch (error) {
      return fail('readiness.log', `expected a regular expression, found "${value}" (${(error as Error).message})`);
    }
  } else {
    probe = { kind, command: value };
  }
  return {
    probe,
    periodMs: config.periodMs ?? READINESS_DEFAULTS.periodMs,
    timeoutMs: config.timeoutMs ?? READINESS_DEFAULTS.timeoutMs,
    initialDelayMs: config.initialDelayMs ?? READINESS_DEFAULTS.initialDelayMs,
    failureThreshold: config.failureThreshold ?? READINESS_DEFAULTS.failureThreshold,
  };
}

/** How a probe reads in messages: `http http://127.0.0.1:8080/`, `tcp 127.0.0.1:5432`. */
export function describeProbe(probe: Probe): string {
  switch (probe.kind) {
    case 'http':
      return `http ${probe.url}`;
    case 'tcp':
      return `tcp ${probe.host}:${probe.port}`;
    case 'exec':
      return `exec \`${probe.command}\``;
    case 'log':
      return `log /${probe.pattern.source}/`;
  }
}
