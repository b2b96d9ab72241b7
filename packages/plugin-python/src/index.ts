/**
 * `@ant/plugin-python`: Python projects built with uv from `pyproject.toml` + `uv.lock`.
 * This file only assembles the plugin; each hook lives in its own module.
 */
import type { AntPlugin } from '@ant/runner/plugin';
import { pythonDependencies } from './dependencies.js';
import { pythonDevshell } from './devshell.js';
import { pythonHashInputs } from './hash-inputs.js';
import { pythonNarrowChange } from './narrow-change.js';
import { createPythonProjects, PROJECT_FILES } from './projects.js';
import { inferPythonTasks } from './tasks.js';

const plugin: AntPlugin = {
  name: '@ant/plugin-python',
  languages: ['python'],
  projectFiles: PROJECT_FILES,
  // All that createProjects and dependencies read: pyproject.toml files (uv workspace members are
  // matched against known directories, not walked) and uv.lock (its local edges).
  structureFiles: ['**/pyproject.toml', '**/uv.lock'],
  createProjects: createPythonProjects,
  inferTasks: inferPythonTasks,
  dependencies: pythonDependencies,
  hashInputs: pythonHashInputs,
  devshell: pythonDevshell,
  narrowChange: pythonNarrowChange,
};

export default plugin;

export type { ClosureEntry } from './lock-closure.js';
export type { PyProject } from './pyproject.js';
export type { LockPackage, UvLock } from './uv-lock.js';
export { closureDigest, closureLine, lockClosure } from './lock-closure.js';
export { parsePyProject } from './pyproject.js';
export { parseUvLock } from './uv-lock.js';
