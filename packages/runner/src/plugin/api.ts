/**
 * ant's public plugin API: the only module a plugin imports (`@ant/runner/plugin`).
 *
 * Everything here is a type or a small pure helper; the machinery that calls plugins lives in
 * `plugin/host.ts` and is not part of the contract. A plugin's package default-exports an
 * {@link AntPlugin}. The host calls its hooks in this order, once per `ant` invocation:
 *
 *   1. `projectFiles` + `createProjects` — discovery (only when `discover` is on in the config);
 *   2. `inferTasks` — for every project whose `language` the plugin claims (or which it created);
 *   3. `dependencies` — edges between projects, by name;
 *   4. `hashInputs` — extra hash inputs of one task (toolchain versions, lockfile slices …),
 *      only for tasks that are about to be hashed;
 *   5. `devshell` — for `ant shell` / `ant env`;
 *   6. `narrowChange` — for `--affected`, when a file outside every project changed;
 *   7. `runTaskElsewhere` — for tasks this host cannot run (`platform: "linux"` on a Mac);
 *   8. `doctorChecks` — for `ant doctor`.
 *
 * Every call is wrapped by the host: a throw or a value that fails validation becomes an error that
 * names the plugin and the project, never a crash.
 */
import type { ZodType } from 'zod';

/** A path relative to the workspace root, with `/` separators and no leading `./` ('.' is the root). */
export type RepoPath = string;

/** What a plugin says about a project it discovered or completes. */
export interface ProjectSpec {
  /** Unique project name, e.g. `api` or `@acme/noggin`. */
  name: string;
  /** Project root, relative to the workspace root. */
  root: RepoPath;
  /** Language tag that selects the plugin that infers its tasks: `go`, `python`, `javascript` … */
  language: string;
  /** Language-specific fields (e.g. `vendorHash` for Go). Merged under the config's own fields. */
  fields?: Record<string, unknown>;
  /** Tasks the plugin already knows at discovery time (merged under `inferTasks`' result). */
  tasks?: Record<string, TaskSpec>;
  tags?: string[];
}

/** A project as the core resolved it: config `services` merged with what plugins discovered. */
export interface Project {
  readonly name: string;
  /** Relative to the workspace root. */
  readonly root: RepoPath;
  /** Absolute path of the project root. */
  readonly absRoot: string;
  readonly language: string;
  /** Language fields from `ant.config.json` `services.<name>` and the discovering plugin. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  /** The plugin that discovered the project, when one did. */
  readonly discoveredBy?: string;
}

/** A task as a plugin or the config declares it. All fields are optional; defaults merge over it. */
export interface TaskSpec {
  /** A shell command run with `sh -c` in `cwd` (string), or an argv spawned directly (array). */
  command?: string | string[];
  /** An in-process task run in a pool worker: `module` is an absolute path or package specifier. */
  executor?: ExecutorRef;
  /** Working directory relative to the project root (default: the project root). */
  cwd?: string;
  /** `build` (same project), `^build` (the project's dependencies), `api:build` (one task). */
  dependsOn?: string[];
  /** Globs relative to the project root; `!` negates; `$root/…` is relative to the workspace root. */
  inputs?: string[];
  /** Globs relative to the project root of the files the task produces (cached and restored). */
  outputs?: string[];
  /** Env var names whose values are part of the hash and passed to the task. */
  env?: string[];
  /** Env var names passed to the task without being hashed. */
  passThroughEnv?: string[];
  /** Extra env set for the task (values are hashed: they are part of the command's meaning). */
  setEnv?: Record<string, string>;
  /** PATH entries (absolute, or relative to the workspace root) put before the inherited PATH. */
  pathPrepend?: string[];
  /** `false`: never cached (e.g. installs into the environment). Default true. */
  cache?: boolean;
  /** A long-running process (a dev server): never cached, not waited for by `ant run`. */
  persistent?: boolean;
  /** `linux`: must run on Linux (on other hosts, on the darwin plugin's Linux builder). */
  platform?: 'linux';
  /** One line for `ant show project`. */
  description?: string;
}

/** An in-process task implementation: `import(module)[export](options, context)` in a worker. */
export interface ExecutorRef {
  module: string;
  export: string;
  options?: unknown;
}

/** What an executor function receives in its worker thread. */
export interface ExecutorContext {
  /** Absolute workspace root. */
  root: string;
  project: { name: string; root: RepoPath; absRoot: string; language: string; fields: Record<string, unknown> };
  task: string;
  /** The task's hash, e.g. to name an image tag after it. */
  hash: string;
  /** Hashes of the tasks this one depends on, by task id. */
  dependencyHashes: Record<string, string>;
  env: Record<string, string>;
  /** Lines written here become the task's log (cached and replayed like a command's output). */
  log(line: string): void;
  /**
   * Aborted when the run is interrupted (Ctrl-C, SIGTERM): stop, and stop the processes you started
   * (pass it to `spawn`, or kill their process group). A worker still busy a few seconds later is
   * terminated, and whatever it started is then left running.
   */
  signal: AbortSignal;
}

/** An executor's result; throwing fails the task with the error's message. */
export interface ExecutorResult {
  /** Non-zero fails the task. Default 0. */
  exitCode?: number;
}

export type ExecutorFunction = (options: unknown, context: ExecutorContext) => Promise<ExecutorResult | void>;

/** Logging for plugins; lines go through ant's reporter so they never garble the live status. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface ExecOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Milliseconds; default 60 s. */
  timeoutMs?: number;
  input?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What the host gives every hook. */
export interface PluginContext {
  /** Absolute workspace root (where `ant.config.json` lives). */
  readonly root: string;
  /** This plugin's own config section (`ant.config.json` key = the plugin's `configKey`), validated. */
  readonly config: unknown;
  readonly logger: Logger;
  /** Runs a program (no shell) and captures its output; never throws for a non-zero exit. */
  exec(command: string, args: string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * `tool --version`-style output, cached for the whole invocation (and across invocations,
   * keyed by the binary's path and mtime), or `undefined` when the tool is missing.
   */
  toolVersion(command: string, args?: string[]): Promise<string | undefined>;
  /** All projects of the workspace (available from `inferTasks` on). */
  projects(): readonly Project[];
  /** Reads a workspace file as text, or `undefined` if absent. Path relative to the root. */
  readFile(path: RepoPath): Promise<string | undefined>;
}

/** One environment entry of a devshell, as the seed's numtide/devshell declared them. */
export type EnvEntry =
  | { name: string; value: string }
  | { name: string; eval: string }
  | { name: string; prefix: string }
  | { name: string; unset: true };

export interface DevshellSpec {
  env?: EnvEntry[];
  /** Directories put on PATH (absolute, or relative to the workspace root). */
  path?: string[];
  /** Tools shown in the motd with their version. */
  tools?: { name: string; version?: string }[];
  /** Extra motd lines. */
  motd?: string[];
}

/** A change to a file no project owns (e.g. the root lockfile), for `narrowChange`. */
export interface FileChange {
  path: RepoPath;
  /** The file's text at the base revision, `undefined` if it did not exist. */
  before: string | undefined;
  /** The file's text at the head (or in the working tree), `undefined` if deleted. */
  after: string | undefined;
}

/**
 * A clipanion command class a plugin adds (`ant go vendor-hash`). Typed loosely so plugin packages
 * may bring their own copy of clipanion; commands read {@link AntCommandContext} from `this.context`.
 */
export type CommandClass = { new (...args: never[]): unknown; paths?: string[][] };

/** `this.context` of every ant command, plugin commands included. */
export interface AntCommandContext {
  stdin: import('node:stream').Readable;
  stdout: import('node:stream').Writable;
  stderr: import('node:stream').Writable;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Loads the workspace (config, plugins, projects); cached per invocation. */
  loadWorkspace(): Promise<WorkspaceView>;
  /** Runs `ant run <args…>` in-process and returns its exit code. */
  runTasks(args: string[]): Promise<number>;
}

export interface WorkspaceView {
  root: string;
  configFile: string;
  /** The parsed (validated) config, as plain JSON. */
  config: Record<string, unknown>;
  projects: readonly Project[];
  /** Tasks per project, after config defaults and overrides were applied. */
  tasks(project: string): Record<string, TaskSpec>;
  /** The hash a task would get now (computes the graph's hashes as `ant run --dry-run` does). */
  taskHash(taskId: string): Promise<string>;
}

export interface AntPlugin {
  /** The package name, e.g. `@ant/plugin-go`; used in every error about this plugin. */
  name: string;
  /** Languages whose projects this plugin infers tasks for (`services.*.language`); `*` = every project. */
  languages?: string[];
  /** The key of this plugin's own config section in ant.config.json, e.g. `go`. */
  configKey?: string;
  /** Validates that section; the parsed value is `ctx.config`. */
  configSchema?: ZodType;
  /** Globs (from the workspace root) of files that mark a project, e.g. `["**\/go.mod"]`. */
  projectFiles?: string[];
  /**
   * Globs (from the workspace root) of every file whose content or presence `createProjects` and
   * `dependencies` read, e.g. `["**\/go.mod", "go.work"]`. When a change touches none of them (nor
   * the config), `ant affected` keeps the projects and dependency edges it found last time instead
   * of asking the plugins again. Leave it out when unsure: then every change counts. A plugin with
   * neither hook needs none.
   */
  structureFiles?: string[];
  /** Called once with every matched file (repo paths); returns the projects they define. */
  createProjects?(files: RepoPath[], ctx: PluginContext): Promise<ProjectSpec[]>;
  /** Tasks of one project, before config defaults and overrides. */
  inferTasks?(project: Project, ctx: PluginContext): Promise<Record<string, TaskSpec>>;
  /** Names of the other projects this one depends on. */
  dependencies?(project: Project, ctx: PluginContext): Promise<string[]>;
  /**
   * Extra hash inputs of one task (toolchain versions, a lockfile slice, a vendorHash) as
   * name → value; each lands in the manifest under `plugin:<name>` so `ant explain` can show it.
   */
  hashInputs?(project: Project, taskName: string, task: TaskSpec, ctx: PluginContext): Promise<Record<string, string>>;
  /** The plugin's contribution to `ant shell` / `ant env` for a project (or the repo when null). */
  devshell?(project: Project | null, ctx: PluginContext): Promise<DevshellSpec>;
  /**
   * For `--affected`: which projects a change to a file outside every project affects.
   * Return project names, `'all'`, or `undefined` when the file is not this plugin's business.
   */
  narrowChange?(change: FileChange, ctx: PluginContext): Promise<string[] | 'all' | undefined>;
  /**
   * Offers to run a task elsewhere (plugin-darwin: a `platform: "linux"` task on the Linux builder
   * over ssh, when the host is not Linux). Return undefined to decline; the core then fails the
   * task with a hint. The result is cached like a local run: outputs must be in the project after.
   */
  runTaskElsewhere?(request: RemoteTaskRequest, ctx: PluginContext): Promise<{ exitCode: number } | undefined>;
  /** Checks for `ant doctor`: what this machine lacks for the plugin's part of the repo. */
  doctorChecks?(ctx: PluginContext): Promise<DoctorCheck[]>;
  /** Extra CLI commands. */
  commands?: CommandClass[];
}

/** A task to run somewhere other than this machine (see `runTaskElsewhere`). */
export interface RemoteTaskRequest {
  taskId: string;
  project: Project;
  /** Why it must run elsewhere, e.g. `linux`. */
  platform: string;
  command: string | string[];
  /** Working directory, repo-relative. */
  cwd: RepoPath;
  env: Record<string, string>;
  /** The task's input files, repo-relative (what to send). */
  inputs: RepoPath[];
  /** Output globs relative to the project root (what to bring back). */
  outputs: string[];
  onOutput(chunk: Buffer): void;
  signal: AbortSignal;
}

/** One line of `ant doctor`. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  found?: string;
  expected?: string;
  /** What to do when not ok. */
  fix?: string;
}

/** Identity helper that gives plugin objects their type without a cast. */
export function definePlugin(plugin: AntPlugin): AntPlugin {
  return plugin;
}

// Runtime values shared with the core: a plugin's config schemas and commands use the very zod and
// clipanion instances ant itself runs (no second copy loaded at start-up, no instanceof mismatch).
export { z } from 'zod';
export { Cli, Command, Option, UsageError } from 'clipanion';
