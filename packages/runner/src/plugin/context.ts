/**
 * The {@link PluginContext} each plugin receives: workspace root, its config section, a logger,
 * an exec helper and a tool-version probe cached across invocations.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger, PluginContext, Project } from './api.js';
import { execCapture } from './exec-capture.js';
import type { ToolVersionCache } from './tool-version-cache.js';

/** What the workspace lends every plugin context. */
export interface ContextServices {
  root: string;
  logger: Logger;
  toolVersions: ToolVersionCache;
  projects(): readonly Project[];
}

export function createPluginContext(pluginName: string, services: ContextServices, config: unknown): PluginContext {
  const prefix = `[${pluginName}] `;
  const logger: Logger = {
    debug: (m) => services.logger.debug(prefix + m),
    info: (m) => services.logger.info(prefix + m),
    warn: (m) => services.logger.warn(prefix + m),
  };
  return {
    root: services.root,
    config,
    logger,
    exec: (command, args, options) => execCapture(command, args, { cwd: services.root, ...options }),
    toolVersion: (command, args = ['--version']) => services.toolVersions.get(command, args),
    projects: services.projects,
    readFile: async (file) => {
      try {
        return await readFile(path.join(services.root, file), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
