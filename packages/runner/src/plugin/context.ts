/**
 * The {@link PluginContext} each plugin receives: workspace root, its config section, a logger,
 * an exec helper and a tool-version probe cached across invocations.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecOptions, ExecResult, Logger, PluginContext, Project } from './api.js';
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

/** Runs a program without a shell and captures its output; a missing program is exit code 127. */
export function execCapture(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    if (options.input !== undefined) child.stdin!.end(options.input);
    child.on('error', (error) => resolve({ exitCode: 127, stdout: '', stderr: error.message }));
    child.on('close', (code, signal) =>
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}
