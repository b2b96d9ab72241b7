/**
 * @ant/plugin-js: npm / yarn / pnpm workspaces as ant projects. This file only assembles the plugin;
 * each hook lives in the file named after its concept.
 */
import type { AntPlugin } from '@ant/runner/plugin';
import { jsConfigSchema } from './config.js';
import { dependencies, JS_LANGUAGES } from './dependencies.js';
import { devshell } from './devshell.js';
import { hashInputs } from './hash-inputs.js';
import { PLUGIN_NAME } from './js-workspace.js';
import { narrowChange } from './narrow-change.js';
import { inferTasks } from './tasks.js';
import { createProjects } from './workspaces.js';

const plugin = {
  name: PLUGIN_NAME,
  languages: [...JS_LANGUAGES],
  configKey: 'js',
  configSchema: jsConfigSchema,
  // Only the root manifest: its workspace globs are expanded by createProjects, so discovery never
  // walks the whole tree looking for package.json files.
  projectFiles: ['package.json'],
  // All that createProjects and dependencies read: manifests (workspace globs expand to directories
  // holding one) and pnpm's workspace file.
  structureFiles: ['**/package.json', '**/pnpm-workspace.yaml'],
  createProjects,
  inferTasks,
  dependencies,
  hashInputs,
  devshell,
  narrowChange,
} satisfies AntPlugin;

export default plugin;
