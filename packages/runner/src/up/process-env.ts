/**
 * Where and with what environment each process runs — the last step from definitions to
 * {@link ProcessSpec}s:
 *   - a `command` process runs from the workspace root (or its `cwd`, relative to the root) with
 *     the repo devshell's env (what `ant shell` gives), then its own `env`;
 *   - a `task` process runs in its project (or the task's `cwd`) with that project's devshell env,
 *     the task's env on top (its `setEnv`, `pathPrepend`), then the process's own `env`.
 * Devshells are composed once per project, not once per process.
 */
import path from 'node:path';
import type { Project } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';
import { composeDevshellEnv } from '../devshell/compose.js';
import { taskEnvironment } from '../scheduler/task-env.js';
import type { ProcessDefinition, ProcessSpec } from './process-spec.js';

/** The directory of the per-process log files. */
export function upLogDir(workspace: Pick<Workspace, 'dirs'>): string {
  return path.join(workspace.dirs.state, 'up');
}

/** Composes cwd, env and log file for each definition (in the given order). */
export async function resolveProcessSpecs(
  workspace: Workspace,
  definitions: readonly ProcessDefinition[],
  baseEnv: NodeJS.ProcessEnv,
): Promise<ProcessSpec[]> {
  const shells = new Map<string, Promise<Record<string, string>>>();
  const shellEnv = (project: Project | null) => {
    const key = project?.name ?? '';
    let env = shells.get(key);
    if (!env) {
      env = composeDevshellEnv(workspace, project, baseEnv).then((shell) => shell.env);
      shells.set(key, env);
    }
    return env;
  };
  const logDir = upLogDir(workspace);
  return Promise.all(
    definitions.map(async (def): Promise<ProcessSpec> => {
      const logFile = path.join(logDir, `${def.name.replace(/[^A-Za-z0-9_.-]/g, '-')}.log`);
      if (!def.task) {
        const env = { ...(await shellEnv(null)), ...def.env, ANT_UP_PROCESS: def.name };
        return { ...def, cwd: path.resolve(workspace.root, def.cwd ?? '.'), env, logFile };
      }
      const project = workspace.projectByName.get(def.task.project)!;
      const shell = await shellEnv(project);
      const taskEnv = taskEnvironment(def.task.spec, workspace.root, workspace.config.globalEnv, workspace.config.globalPassThroughEnv, shell);
      const env = { ...shell, ...taskEnv, ...def.env, ANT_UP_PROCESS: def.name };
      const cwd = path.resolve(project.absRoot, def.cwd ?? def.task.spec.cwd ?? '.');
      return { ...def, cwd, env, logFile };
    }),
  );
}
