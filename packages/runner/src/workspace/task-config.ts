/**
 * The tasks of one project, layered (later wins, field by field):
 *   1. what the discovering plugin attached, 2. what language plugins infer,
 *   3. the config's per-task-name defaults (`tasks.<name>`), 4. the project's own
 *   `services.<name>.tasks.<task>`.
 * Config defaults refine tasks a project has; they do not invent tasks for every project (as in
 * Turborepo, where turbo.json only configures scripts packages define). `exclude` removes a task
 * from the named projects (the seed's lint excluded `admin`).
 */
import type { TaskConfig } from '../config/schema.js';
import type { TaskSpec } from '../plugin/api.js';

export function resolveProjectTasks(
  projectName: string,
  layers: Record<string, TaskSpec>[],
  defaults: Record<string, TaskConfig>,
  overrides: Record<string, TaskConfig> | undefined,
): Record<string, TaskSpec> {
  const tasks: Record<string, TaskSpec> = {};
  for (const layer of layers) {
    for (const [name, spec] of Object.entries(layer)) tasks[name] = { ...tasks[name], ...spec };
  }
  for (const name of Object.keys(tasks)) {
    const defaultsForName = defaults[name];
    if (defaultsForName) tasks[name] = { ...tasks[name], ...stripExclude(defaultsForName) };
  }
  for (const [name, spec] of Object.entries(overrides ?? {})) tasks[name] = { ...tasks[name], ...stripExclude(spec) };
  for (const name of Object.keys(tasks)) {
    if (defaults[name]?.exclude?.includes(projectName)) delete tasks[name];
    else if (!tasks[name].command && !tasks[name].executor) {
      // A task with nothing to run is a grouping node (like an npm script-less turbo task):
      // keep it so `dependsOn` still orders through it.
      tasks[name] = { ...tasks[name], cache: tasks[name].cache ?? false };
    }
  }
  return tasks;
}

function stripExclude(config: TaskConfig): TaskSpec {
  const { exclude: _exclude, ...rest } = config;
  // Drop undefined fields so they do not erase a lower layer's value.
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as TaskSpec;
}
