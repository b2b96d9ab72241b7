/**
 * Loads a workspace: config → plugins → projects (services + discovery) → tasks → dependencies.
 * The workspace's files (with their hashes) are collected concurrently with plugin loading, since
 * discovery and hashing both need them.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError, WorkspaceError } from '../errors.js';
import { loadConfig, zodIssueToConfigError, type LoadedConfig } from '../config/load.js';
import type { AntConfig } from '../config/schema.js';
import type { Logger, Project, TaskSpec } from '../plugin/api.js';
import { loadPlugin, type LoadedPlugin } from '../plugin/load.js';
import { PluginHost } from '../plugin/host.js';
import { ToolVersionCache } from '../plugin/tool-version-cache.js';
import { collectWorkspaceFiles, type WorkspaceFiles } from '../hash/file-hasher.js';
import { mergeProjects, type ProjectRecord } from './projects.js';
import { resolveProjectTasks } from './task-config.js';
import { Ownership } from './ownership.js';
import { resolveDirs, type WorkspaceDirs } from './dirs.js';
import { readSnapshot, snapshotKey, writeSnapshot, type ToolStat } from './workspace-snapshot.js';

export interface Workspace {
  root: string;
  configFile: string;
  config: AntConfig;
  raw: Record<string, unknown>;
  dirs: WorkspaceDirs;
  host: PluginHost;
  projects: readonly Project[];
  projectByName: ReadonlyMap<string, Project>;
  /** Direct dependencies by project name (only names of workspace projects). */
  dependencies: ReadonlyMap<string, readonly string[]>;
  /** Resolved tasks by project name. */
  tasks: ReadonlyMap<string, Record<string, TaskSpec>>;
  files: WorkspaceFiles;
  ownership: Ownership;
  toolVersions: ToolVersionCache;
  logger: Logger;
  /** Keeps what the plugins answered for the next invocation (see workspace-snapshot.ts). */
  saveSnapshot(): Promise<void>;
  /** What the workspace was built from, for the run receipt (fast-path/run-receipt.ts). */
  origin: {
    configText: string;
    pluginEntries: string[];
    /** The toolchain binaries the plugins' answers depend on (so far in this invocation). */
    tools(): ToolStat[];
  };
}

export interface LoadWorkspaceOptions {
  cwd: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

const CORE_KEYS = new Set([
  '$schema', 'plugins', 'services', 'discover', 'globalInputs', 'globalEnv', 'globalPassThroughEnv', 'tasks',
  'remoteCache', 'cacheDir', 'concurrency', 'devshell', 'commands', 'up',
]);

export async function loadWorkspace(options: LoadWorkspaceOptions): Promise<Workspace> {
  const env = options.env ?? process.env;
  const loaded = await loadConfig(options.cwd);
  const dirs = resolveDirs(loaded.root, loaded.config, env);
  const filesPromise = collectWorkspaceFiles(loaded.root, { cacheDir: dirs.state });
  filesPromise.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
  const plugins = await Promise.all(loaded.config.plugins.map((spec) => loadPlugin(spec, loaded.root)));
  const sections = validatePluginSections(loaded, plugins);

  let projects: Project[] = [];
  const toolVersions = new ToolVersionCache(dirs.state);
  const host = new PluginHost(
    plugins,
    { root: loaded.root, logger: options.logger, toolVersions, projects: () => projects },
    sections,
  );
  const files = await filesPromise;

  const key = await snapshotKey({ root: loaded.root, configText: loaded.text, pluginEntries: plugins.map((p) => p.entry), env, files });
  const snapshot = readSnapshot(dirs.state, key);
  let tasks: Map<string, Record<string, TaskSpec>>;
  let dependencies: Map<string, readonly string[]>;
  if (snapshot) {
    // Nothing a plugin could read has changed: its answers from last time still hold.
    projects = snapshot.projects.map((p) => Object.freeze(p));
    tasks = new Map(snapshot.tasks);
    dependencies = new Map(snapshot.dependencies);
    host.seedHashInputs(snapshot.hashInputs);
  } else {
    const discovered = loaded.config.discover ? await discover(host, files) : [];
    const records = mergeProjects(loaded.root, loaded.config.services, discovered);
    projects = records.map((r) => r.project);
    checkLanguagesHandled(records, host);
    const byName = new Map(projects.map((p) => [p.name, p]));
    [tasks, dependencies] = await Promise.all([resolveTasks(records, host, loaded.config), resolveDependencies(records, host, byName)]);
  }
  const projectByName = new Map(projects.map((p) => [p.name, p]));

  const tools = (): ToolStat[] => {
    const byPath = new Map((snapshot?.tools ?? []).map((t) => [t.path, t]));
    for (const t of toolVersions.usedTools()) byPath.set(t.path, t);
    return [...byPath.values()];
  };
  const saveSnapshot = async () => {
    const { answers, fresh } = host.hashInputAnswers();
    if (snapshot && !fresh) return;
    await writeSnapshot(dirs.state, {
      version: 1,
      key,
      tools: tools(),
      config: loaded.config,
      projects: [...projects],
      dependencies: [...dependencies].map(([k, v]) => [k, [...v]]),
      tasks: [...tasks],
      hashInputs: answers,
    }).catch(() => undefined); // an optimisation: failing to keep it costs time, not correctness
  };

  return {
    root: loaded.root,
    configFile: loaded.file,
    config: loaded.config,
    raw: loaded.raw,
    dirs,
    host,
    projects,
    projectByName,
    dependencies,
    tasks,
    files,
    ownership: new Ownership(projects),
    toolVersions,
    logger: options.logger,
    saveSnapshot,
    origin: { configText: loaded.text, pluginEntries: plugins.map((p) => p.entry), tools },
  };
}

/** Checks each top-level key that is not the core's is claimed by a plugin, and validates it. */
function validatePluginSections(loaded: LoadedConfig, plugins: LoadedPlugin[]): Map<string, unknown> {
  const sections = new Map<string, unknown>();
  const owners = new Map(plugins.filter((p) => p.plugin.configKey).map((p) => [p.plugin.configKey!, p.plugin]));
  for (const [key, value] of Object.entries(loaded.raw)) {
    if (CORE_KEYS.has(key)) continue;
    const plugin = owners.get(key);
    if (!plugin) {
      throw new ConfigError(`unknown key "${key}"`, {
        code: 'ANT_CONFIG_UNKNOWN_KEY',
        file: path.basename(loaded.file),
        field: key,
        hint: known(key, [...CORE_KEYS, ...owners.keys()]),
      });
    }
    if (plugin.configSchema) {
      const parsed = plugin.configSchema.safeParse(value);
      if (!parsed.success) throw zodIssueToConfigError(parsed.error.issues, value, path.basename(loaded.file), [key]);
      sections.set(key, parsed.data);
    } else {
      sections.set(key, value);
    }
  }
  for (const [key, plugin] of owners) {
    if (!sections.has(key) && plugin.configSchema) {
      const parsed = plugin.configSchema.safeParse(undefined);
      sections.set(key, parsed.success ? parsed.data : undefined);
    }
  }
  return sections;
}

function known(key: string, keys: string[]): string {
  const plugins: Record<string, string> = { darwin: '@ant/plugin-darwin', docker: '@ant/plugin-docker', go: '@ant/plugin-go', python: '@ant/plugin-python', js: '@ant/plugin-js' };
  if (plugins[key]) return `the "${key}" section belongs to ${plugins[key]}: add it to "plugins"`;
  return `known keys: ${keys.filter((k) => k !== '$schema').join(', ')}`;
}

async function discover(host: PluginHost, files: WorkspaceFiles) {
  const all = [...files.files.keys()];
  const results = await Promise.all(
    host.plugins.map(async ({ plugin }) => {
      if (!plugin.projectFiles?.length || !plugin.createProjects) return [];
      const isMatch = picomatch(plugin.projectFiles, { dot: false });
      const matched = all.filter((file) => isMatch(file) && !/(^|\/)(node_modules|vendor|\.venv|dist)\//.test(file)).sort();
      const specs = await host.createProjects(plugin, matched);
      return specs.map((spec) => ({ plugin: plugin.name, spec }));
    }),
  );
  return results.flat();
}

function checkLanguagesHandled(records: ProjectRecord[], host: PluginHost): void {
  for (const { project, service } of records) {
    if (host.languagePluginsFor(project.language).length > 0 || project.discoveredBy) continue;
    if (service?.tasks && Object.keys(service.tasks).length > 0) continue;
    const suggestion: Record<string, string> = { go: '@ant/plugin-go', python: '@ant/plugin-python', javascript: '@ant/plugin-js', typescript: '@ant/plugin-js' };
    throw new WorkspaceError(`no plugin handles language "${project.language}"`, {
      code: 'ANT_WORKSPACE_NO_PLUGIN',
      file: 'ant.config.json',
      field: `services.${project.name}.language`,
      project: project.name,
      hint: suggestion[project.language]
        ? `add "${suggestion[project.language]}" to "plugins"`
        : `add a plugin for ${project.language} to "plugins", or give the service its own "tasks"`,
    });
  }
}

async function resolveTasks(records: ProjectRecord[], host: PluginHost, config: AntConfig) {
  const entries = await Promise.all(
    records.map(async ({ project, discoveredTasks, service }) => {
      const inferred = await Promise.all(host.pluginsFor(project.language).map((p) => host.inferTasks(p, project)));
      const tasks = resolveProjectTasks(project.name, [discoveredTasks, ...inferred], config.tasks, service?.tasks);
      return [project.name, tasks] as const;
    }),
  );
  return new Map(entries);
}

async function resolveDependencies(records: ProjectRecord[], host: PluginHost, byName: ReadonlyMap<string, Project>) {
  const entries = await Promise.all(
    records.map(async ({ project, service }) => {
      const names = new Set<string>();
      for (const plugin of host.pluginsFor(project.language)) {
        for (const name of await host.dependencies(plugin, project)) names.add(name);
      }
      for (const name of service?.dependsOn ?? []) {
        if (!byName.has(name)) {
          throw new WorkspaceError(`depends on unknown project "${name}"`, {
            code: 'ANT_WORKSPACE_UNKNOWN_DEPENDENCY',
            file: 'ant.config.json',
            field: `services.${project.name}.dependsOn`,
            project: project.name,
            hint: `known projects: ${[...byName.keys()].join(', ')}`,
          });
        }
        names.add(name);
      }
      names.delete(project.name);
      // Plugins may name external packages; only workspace projects are edges.
      return [project.name, [...names].filter((n) => byName.has(n)).sort()] as const;
    }),
  );
  return new Map(entries);
}
