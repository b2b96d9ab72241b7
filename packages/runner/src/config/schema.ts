/**
 * The schema of `ant.config.json`, in zod. `schema.json` (shipped for editors) is generated from it
 * by `scripts/write-schema.mjs` at build time, so the two never drift.
 *
 * Plugins own further top-level sections (their `configKey`, e.g. `darwin`, `docker`): the core
 * schema lets unknown top-level keys through and the loader checks that a plugin claims each one.
 */
import { z } from 'zod';

const globList = z.array(z.string()).describe('Globs relative to the project root; `!` negates.');

/** One task's settings: a default in `tasks`, or a per-project override in `services.<name>.tasks`. */
export const taskConfigSchema = z
  .object({
    command: z.union([z.string(), z.array(z.string())]).optional().describe('Shell command (sh -c) or argv.'),
    executor: z
      .object({ module: z.string(), export: z.string(), options: z.unknown().optional() })
      .strict()
      .optional(),
    cwd: z.string().optional(),
    dependsOn: z.array(z.string()).optional().describe('`task`, `^task` (dependencies) or `project:task`.'),
    inputs: globList.optional(),
    outputs: globList.optional(),
    env: z.array(z.string()).optional().describe('Env var names hashed and passed to the task.'),
    passThroughEnv: z.array(z.string()).optional().describe('Env var names passed but not hashed.'),
    setEnv: z.record(z.string(), z.string()).optional(),
    pathPrepend: z.array(z.string()).optional(),
    cache: z.boolean().optional(),
    persistent: z.boolean().optional(),
    platform: z.literal('linux').optional(),
    description: z.string().optional(),
    exclude: z.array(z.string()).optional().describe('Projects that do not get this task.'),
  })
  .strict();

/** A project declared explicitly, as the Nix flake declared its services. Extra keys are language fields. */
export const serviceSchema = z
  .object({
    language: z.string().describe('go | python | javascript | … (selects the plugin)'),
    path: z.string().describe('Project root relative to the workspace root.'),
    tags: z.array(z.string()).optional(),
    dependsOn: z.array(z.string()).optional().describe('Extra project dependencies by name.'),
    tasks: z.record(z.string(), taskConfigSchema).optional(),
  })
  .catchall(z.unknown());

const remoteCacheSchema = z
  .object({
    url: z.string().url().optional(),
    team: z.string().optional(),
    tokenEnv: z.string().optional(),
    tokenCommand: z.string().optional(),
    signatureKeyEnv: z.string().optional(),
    write: z.boolean().optional(),
    timeoutMs: z.number().int().positive().optional(),
  })
  .strict();

export const envEntrySchema = z.union([
  z.object({ name: z.string(), value: z.string() }).strict(),
  z.object({ name: z.string(), eval: z.string() }).strict(),
  z.object({ name: z.string(), prefix: z.string() }).strict(),
  z.object({ name: z.string(), unset: z.literal(true) }).strict(),
]);

const devshellSchema = z
  .object({
    name: z.string().optional(),
    motd: z.string().optional(),
    env: z.array(envEntrySchema).optional(),
    packages: z.array(z.string()).optional().describe('Tools expected on PATH, listed in the motd.'),
  })
  .strict();

const commandSchema = z
  .object({
    run: z.string(),
    help: z.string().optional(),
    category: z.string().optional(),
  })
  .strict();

const readinessSchema = z
  .object({
    http: z.string().optional(),
    tcp: z.string().optional(),
    exec: z.string().optional(),
    log: z.string().optional(),
    periodMs: z.number().int().positive().optional(),
    timeoutMs: z.number().int().positive().optional(),
    initialDelayMs: z.number().int().nonnegative().optional(),
    failureThreshold: z.number().int().positive().optional(),
  })
  .strict();

const processSchema = z
  .object({
    command: z.string().optional(),
    task: z.string().optional().describe('A persistent task `project:task`, built first through the graph.'),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
    dependsOn: z
      .record(z.string(), z.enum(['started', 'healthy', 'completed_successfully']))
      .optional(),
    readiness: readinessSchema.optional(),
    restart: z.enum(['no', 'on_failure', 'always']).optional(),
    maxRestarts: z.number().int().nonnegative().optional(),
    backoffMs: z.number().int().positive().optional(),
    shutdownSignal: z.enum(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGKILL']).optional(),
    shutdownTimeoutMs: z.number().int().positive().optional(),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    plugins: z.array(z.string()).default([]).describe('Plugin package names or relative paths.'),
    services: z.record(z.string(), serviceSchema).default({}),
    discover: z.boolean().default(true),
    globalInputs: z.array(z.string()).default([]),
    globalEnv: z.array(z.string()).default([]),
    globalPassThroughEnv: z.array(z.string()).default([]),
    tasks: z.record(z.string(), taskConfigSchema).default({}),
    remoteCache: remoteCacheSchema.optional(),
    cacheDir: z.string().optional(),
    concurrency: z.number().int().positive().optional(),
    devshell: devshellSchema.optional(),
    commands: z.record(z.string(), commandSchema).default({}),
    up: z.object({ processes: z.record(z.string(), processSchema).default({}) }).strict().optional(),
  })
  .catchall(z.unknown());

export type AntConfig = z.infer<typeof configSchema>;
export type TaskConfig = z.infer<typeof taskConfigSchema>;
export type ServiceConfig = z.infer<typeof serviceSchema>;
export type ProcessConfig = z.infer<typeof processSchema>;
export type ReadinessConfig = z.infer<typeof readinessSchema>;

/** The JSON Schema for editors (`$schema`), generated from the zod schema. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
