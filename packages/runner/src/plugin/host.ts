/**
 * Calls plugins. Every call is wrapped: a throw, or a value that fails validation, becomes a
 * {@link PluginError} that names the plugin, the hook and the project — never a bare crash.
 * The host does not decide anything about projects or tasks; `workspace/` does.
 */
import { z } from 'zod';
import { PluginError } from '../errors.js';
import { taskConfigSchema } from '../config/schema.js';
import type {
  AntPlugin,
  DevshellSpec,
  DoctorCheck,
  FileChange,
  RemoteTaskRequest,
  PluginContext,
  Project,
  ProjectSpec,
  TaskSpec,
} from './api.js';
import type { LoadedPlugin } from './load.js';
import { createPluginContext, type ContextServices } from './context.js';

const taskSpecSchema = taskConfigSchema.omit({ exclude: true });

const projectSpecSchema = z.object({
  name: z.string().min(1),
  root: z.string(),
  language: z.string().min(1),
  fields: z.record(z.string(), z.unknown()).optional(),
  tasks: z.record(z.string(), taskSpecSchema).optional(),
  tags: z.array(z.string()).optional(),
});

const devshellSchema = z.object({
  env: z.array(z.record(z.string(), z.unknown())).optional(),
  path: z.array(z.string()).optional(),
  tools: z.array(z.object({ name: z.string(), version: z.string().optional() })).optional(),
  motd: z.array(z.string()).optional(),
});

// Built once: hooks are called per project (thousands of times in a large repo), and a zod schema
// built per call is compiled again on its first parse.
const projectSpecsSchema = z.array(projectSpecSchema);
const taskSpecsSchema = z.record(z.string(), taskSpecSchema);
const namesSchema = z.array(z.string());
const hashInputsSchema = z.record(z.string(), z.string());
const doctorChecksSchema = z.array(
  z.object({ name: z.string(), ok: z.boolean(), found: z.string().optional(), expected: z.string().optional(), fix: z.string().optional() }),
);

export class PluginHost {
  readonly plugins: readonly LoadedPlugin[];
  readonly #contexts = new Map<AntPlugin, PluginContext>();
  /** hashInputs answers by `plugin\0project\0task`: seeded from the workspace snapshot. */
  readonly #hashInputs = new Map<string, Record<string, string>>();
  #freshHashInputs = false;

  constructor(plugins: readonly LoadedPlugin[], services: ContextServices, sections: Map<string, unknown>) {
    this.plugins = plugins;
    for (const loaded of plugins) {
      const key = loaded.plugin.configKey;
      this.#contexts.set(loaded.plugin, createPluginContext(loaded.plugin.name, services, key ? sections.get(key) : undefined));
    }
  }

  contextFor(plugin: AntPlugin): PluginContext {
    return this.#contexts.get(plugin)!;
  }

  /** Plugins whose `languages` include this project's language (or `*`), in config order. */
  pluginsFor(language: string): AntPlugin[] {
    return this.plugins.map((p) => p.plugin).filter((p) => p.languages?.includes(language) || p.languages?.includes('*'));
  }

  /** Plugins that name this language explicitly (not through `*`): they make a project buildable. */
  languagePluginsFor(language: string): AntPlugin[] {
    return this.plugins.map((p) => p.plugin).filter((p) => p.languages?.includes(language));
  }

  async createProjects(plugin: AntPlugin, files: string[]): Promise<ProjectSpec[]> {
    if (!plugin.createProjects || files.length === 0) return [];
    const result = await this.#call(plugin, 'createProjects', undefined, () =>
      plugin.createProjects!(files, this.contextFor(plugin)),
    );
    return this.#validate(plugin, 'createProjects', undefined, projectSpecsSchema, result) as ProjectSpec[];
  }

  async inferTasks(plugin: AntPlugin, project: Project): Promise<Record<string, TaskSpec>> {
    if (!plugin.inferTasks) return {};
    const result = await this.#call(plugin, 'inferTasks', project.name, () => plugin.inferTasks!(project, this.contextFor(plugin)));
    return this.#validate(plugin, 'inferTasks', project.name, taskSpecsSchema, result ?? {}) as Record<string, TaskSpec>;
  }

  async dependencies(plugin: AntPlugin, project: Project): Promise<string[]> {
    if (!plugin.dependencies) return [];
    const result = await this.#call(plugin, 'dependencies', project.name, () => plugin.dependencies!(project, this.contextFor(plugin)));
    return this.#validate(plugin, 'dependencies', project.name, namesSchema, result ?? []) as string[];
  }

  async hashInputs(plugin: AntPlugin, project: Project, taskName: string, task: TaskSpec): Promise<Record<string, string>> {
    if (!plugin.hashInputs) return {};
    const key = `${plugin.name}\0${project.name}\0${taskName}`;
    const known = this.#hashInputs.get(key);
    if (known) return known;
    const result = await this.#call(plugin, 'hashInputs', project.name, () =>
      plugin.hashInputs!(project, taskName, task, this.contextFor(plugin)),
    );
    const valid = this.#validate(plugin, 'hashInputs', project.name, hashInputsSchema, result ?? {}) as Record<string, string>;
    this.#hashInputs.set(key, valid);
    this.#freshHashInputs = true;
    return valid;
  }

  /** Answers known from the workspace snapshot (valid for the state the snapshot's key covers). */
  seedHashInputs(answers: Record<string, Record<string, string>>): void {
    for (const [key, value] of Object.entries(answers)) this.#hashInputs.set(key, value);
  }

  /** All hashInputs answers known now, and whether any came from a plugin in this invocation. */
  hashInputAnswers(): { answers: Record<string, Record<string, string>>; fresh: boolean } {
    return { answers: Object.fromEntries(this.#hashInputs), fresh: this.#freshHashInputs };
  }

  async devshell(plugin: AntPlugin, project: Project | null): Promise<DevshellSpec> {
    if (!plugin.devshell) return {};
    const result = await this.#call(plugin, 'devshell', project?.name, () => plugin.devshell!(project, this.contextFor(plugin)));
    return this.#validate(plugin, 'devshell', project?.name, devshellSchema, result ?? {}) as DevshellSpec;
  }

  async narrowChange(plugin: AntPlugin, change: FileChange): Promise<string[] | 'all' | undefined> {
    if (!plugin.narrowChange) return undefined;
    const result = await this.#call(plugin, 'narrowChange', undefined, () => plugin.narrowChange!(change, this.contextFor(plugin)));
    if (result === undefined || result === 'all') return result;
    return this.#validate(plugin, 'narrowChange', undefined, namesSchema, result) as string[];
  }

  async runTaskElsewhere(plugin: AntPlugin, request: RemoteTaskRequest): Promise<{ exitCode: number } | undefined> {
    if (!plugin.runTaskElsewhere) return undefined;
    return this.#call(plugin, 'runTaskElsewhere', request.project.name, () => plugin.runTaskElsewhere!(request, this.contextFor(plugin)));
  }

  async doctorChecks(plugin: AntPlugin): Promise<DoctorCheck[]> {
    if (!plugin.doctorChecks) return [];
    const result = await this.#call(plugin, 'doctorChecks', undefined, () => plugin.doctorChecks!(this.contextFor(plugin)));
    return this.#validate(plugin, 'doctorChecks', undefined, doctorChecksSchema, result ?? []) as DoctorCheck[];
  }

  async #call<T>(plugin: AntPlugin, hook: string, project: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof PluginError) throw error;
      throw new PluginError(`${hook} failed: ${(error as Error)?.message ?? String(error)}`, {
        code: 'ANT_PLUGIN_HOOK_FAILED',
        plugin: plugin.name,
        project,
        cause: error,
      });
    }
  }

  #validate(plugin: AntPlugin, hook: string, project: string | undefined, schema: z.ZodType, value: unknown): unknown {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new PluginError(`${hook} returned invalid data${where}: ${issue.message}`, {
      code: 'ANT_PLUGIN_INVALID_RESULT',
      plugin: plugin.name,
      project,
      hint: 'this is a bug in the plugin; see @ant/runner/plugin for the expected shape',
    });
  }
}
