/**
 * Resolves and imports the plugins named in the config. A name resolves from the workspace first
 * (the repo's own node_modules, or a relative path), then from ant's own installation, so `ant`
 * run in any repo finds the bundled `@ant/plugin-*`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginError } from '../errors.js';
import type { AntPlugin } from './api.js';

export interface LoadedPlugin {
  /** How the config named it. */
  specifier: string;
  /** The resolved entry file. */
  entry: string;
  plugin: AntPlugin;
  /** package name@version, for hashing executors and `ant plugins`. */
  version?: string;
}

const ownRequire = createRequire(import.meta.url);

export function resolvePluginEntry(specifier: string, root: string): string {
  const fromWorkspace = createRequire(path.join(root, 'ant.config.json'));
  const isPath = specifier.startsWith('.') || path.isAbsolute(specifier);
  const attempts = isPath ? [fromWorkspace] : [fromWorkspace, ownRequire];
  for (const req of attempts) {
    try {
      return req.resolve(isPath ? path.resolve(root, specifier) : specifier);
    } catch {
      // try the next place
    }
  }
  throw new PluginError(`cannot find plugin "${specifier}"`, {
    code: 'ANT_PLUGIN_NOT_FOUND',
    file: 'ant.config.json',
    field: 'plugins',
    plugin: specifier,
    hint: isPath
      ? `check the path; it is resolved relative to ${root}`
      : `install it (npm install -D ${specifier}) or check the name; bundled plugins: @ant/plugin-js, @ant/plugin-go, @ant/plugin-python, @ant/plugin-docker, @ant/plugin-darwin`,
  });
}

export async function loadPlugin(specifier: string, root: string): Promise<LoadedPlugin> {
  const entry = resolvePluginEntry(specifier, root);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  } catch (error) {
    throw new PluginError(`failed to load: ${(error as Error).message}`, {
      code: 'ANT_PLUGIN_LOAD_FAILED',
      plugin: specifier,
      cause: error,
      hint: 'is the plugin built? (npm run build)',
    });
  }
  const plugin = module.default;
  const problem = checkPluginShape(plugin);
  if (problem) {
    throw new PluginError(`is not a valid ant plugin: ${problem}`, {
      code: 'ANT_PLUGIN_INVALID',
      plugin: specifier,
      hint: 'a plugin package default-exports an object {name, ...hooks} (see @ant/runner/plugin)',
    });
  }
  return { specifier, entry, plugin: plugin as AntPlugin };
}

const HOOKS = ['createProjects', 'inferTasks', 'dependencies', 'hashInputs', 'devshell', 'narrowChange'] as const;

function checkPluginShape(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `default export is ${value === null ? 'null' : typeof value}, expected an object`;
  const plugin = value as Record<string, unknown>;
  if (typeof plugin.name !== 'string' || plugin.name === '') return '`name` must be a non-empty string';
  for (const hook of HOOKS) {
    if (plugin[hook] !== undefined && typeof plugin[hook] !== 'function') return `\`${hook}\` must be a function`;
  }
  for (const list of ['projectFiles', 'structureFiles', 'languages', 'commands'] as const) {
    if (plugin[list] !== undefined && !Array.isArray(plugin[list])) return `\`${list}\` must be an array`;
  }
  return undefined;
}
