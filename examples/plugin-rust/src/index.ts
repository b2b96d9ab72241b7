/**
 * ant-plugin-rust: Cargo crates as ant projects. A third-party-style plugin written only against
 * ant's public plugin API (`@ant/runner/plugin`, type imports only), as a worked example for
 * docs/writing-a-plugin.md. This file only assembles the plugin; each hook lives in its own file.
 */
import type { AntPlugin } from '@ant/runner/plugin';
import { rustDependencies } from './dependencies.js';
import { rustDevshell } from './devshell.js';
import { rustHashInputs } from './hash-inputs.js';
import { rustNarrowChange } from './narrow-change.js';
import { createRustProjects, RUST_PROJECT_FILES } from './projects.js';
import { inferRustTasks } from './tasks.js';

const plugin: AntPlugin = {
  name: 'ant-plugin-rust',
  languages: ['rust'],
  projectFiles: RUST_PROJECT_FILES,
  createProjects: createRustProjects,
  inferTasks: inferRustTasks,
  dependencies: rustDependencies,
  hashInputs: rustHashInputs,
  devshell: rustDevshell,
  narrowChange: rustNarrowChange,
};

export default plugin;
