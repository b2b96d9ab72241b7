/**
 * Composes a devshell environment, in order:
 *   1. the caller's env;
 *   2. the repo's `devshell.env` entries (ant.config.json), from the workspace root;
 *   3. each plugin's contribution — every plugin for the repo-wide "meta" shell, the plugins of the
 *      project's language for a project shell — its env entries, then its PATH directories;
 *   4. the project's own `devshell.env` (`services.<name>.devshell`), from the project root;
 *   5. `ANT_DEVSHELL` = the project's name, or `default` for the meta shell.
 * Entry semantics (value / eval / prefix / unset) are numtide/devshell's: see `env-entry.ts`.
 * This file only composes; printing (`env-format.ts`), the motd (`motd.ts`) and spawning
 * (`cli/shell.ts`) live beside it.
 */
import path from 'node:path';
import type { DevshellSpec, EnvEntry, Project } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';
import { applyEnvEntry, prependList, type EnvState } from './env-entry.js';
import { projectDevshell } from './project-devshell.js';

/** The composed shell: its env, what it removed, and what each source contributed (for the motd). */
export interface ComposedDevshell {
  /** `default` (the repo-wide shell) or the project's name; also `$ANT_DEVSHELL`. */
  name: string;
  project: Project | null;
  env: Record<string, string>;
  /** Variables the devshell removed (for `ant env` to emit `unset`). */
  unset: string[];
  /** What each plugin contributed, in order. */
  contributions: { plugin: string; spec: DevshellSpec }[];
  /** Tool names from config `devshell.packages` and the project's `devshell.packages`. */
  packages: string[];
}

/** Composes the env of the meta shell (`project` null) or of one project's shell over `base`. */
export async function composeDevshellEnv(workspace: Workspace, project: Project | null, base: NodeJS.ProcessEnv): Promise<ComposedDevshell> {
  const state: EnvState = { env: {}, unset: new Set() };
  for (const [k, v] of Object.entries(base)) if (v !== undefined) state.env[k] = v;
  const file = path.basename(workspace.configFile);

  (workspace.config.devshell?.env ?? []).forEach((entry, i) =>
    applyEnvEntry(state, entry as EnvEntry, { cwd: workspace.root, file, field: `devshell.env[${i}]` }),
  );

  const contributions: ComposedDevshell['contributions'] = [];
  const plugins = project ? workspace.host.pluginsFor(project.language) : workspace.host.plugins.map((p) => p.plugin);
  for (const plugin of plugins) {
    const spec = await workspace.host.devshell(plugin, project);
    contributions.push({ plugin: plugin.name, spec });
    (spec.env ?? []).forEach((entry, i) =>
      applyEnvEntry(state, entry, { cwd: project?.absRoot ?? workspace.root, plugin: plugin.name, project: project?.name, field: `devshell().env[${i}]` }),
    );
    const dirs = (spec.path ?? []).map((p) => path.resolve(workspace.root, p));
    if (dirs.length) {
      state.env.PATH = prependList(state.env.PATH, dirs);
      state.unset.delete('PATH');
    }
  }

  const own = project ? projectDevshell(project, file) : { env: [], packages: [] };
  own.env.forEach((entry, i) =>
    applyEnvEntry(state, entry, { cwd: project!.absRoot, file, field: `services.${project!.name}.devshell.env[${i}]` }),
  );

  const name = project ? project.name : 'default';
  state.env.ANT_DEVSHELL = name;
  state.unset.delete('ANT_DEVSHELL');
  const packages = [...new Set([...(workspace.config.devshell?.packages ?? []), ...own.packages])];
  return { name, project, env: state.env, unset: [...state.unset].sort(), contributions, packages };
}
