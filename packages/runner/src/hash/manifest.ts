/**
 * The task hash manifest: everything that decides a task's result, one documented field per
 * input. The task hash is xxhash64 over its canonical JSON (keys sorted at every level; the
 * hasher builds the object in that order), so two machines that agree on every field agree on
 * the hash. The manifest is stored with each run so `ant explain`
 * can show it and diff it against the previous run of the same task.
 */
/** Bump when the meaning of any field changes: old cache entries then simply miss. */
export const HASH_SCHEME = 'ant-task-v3';

export interface TaskManifest {
  /** Hash-scheme version: a new scheme must never hit an old entry. */
  scheme: string;
  /** `project:task`: two tasks with equal inputs still produce different outputs. */
  task: string;
  /** The command (string for `sh -c`, argv array) — what runs. */
  command?: string | string[];
  /** An in-process executor: package@version/file, export and options (not a machine path). */
  executor?: { module: string; export: string; options?: unknown };
  /** Working directory relative to the project root: the same command in another dir differs. */
  cwd: string;
  /** Values of the env vars the task declares (`env`, `globalEnv`); null = unset. */
  env: Record<string, string | null>;
  /** Env the task sets itself (`setEnv`) and PATH entries it adds. */
  setEnv: Record<string, string>;
  pathPrepend: string[];
  /** Input files (repo-relative) → git blob id, with `:x` for executables and `:l` for links. */
  inputs: Record<string, string>;
  /**
   * Files every task depends on (`globalInputs`) → blob id. ant.config.json itself is not one:
   * what it says about a task is already here, resolved (command, env, outputs, fields), so an
   * edit to one service's config reruns that service's tasks, not the whole repo's.
   */
  globalInputs: Record<string, string>;
  /** The project's language fields from the config and its plugin (vendorHash, goos, docker …). */
  fields: Record<string, unknown>;
  /** Hashes of the tasks this one depends on: a change upstream reruns everything downstream. */
  dependencies: Record<string, string>;
  /** Plugin inputs: toolchain versions, lockfile slices, vendorHash … (`plugin:<name>`). */
  plugin: Record<string, string>;
  /** Output globs: what the cache entry contains is part of its meaning. */
  outputs: string[];
  /** os-arch: binaries and native modules differ across platforms. */
  platform: string;
}
