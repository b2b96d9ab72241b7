/**
 * The Python part of `ant shell` / `ant env`, as the company's devshell set it: uv never syncs
 * or downloads an interpreter on its own, and the workspace's `.venv` is the active environment.
 */
import { join } from 'node:path';
import type { DevshellSpec, EnvEntry, PluginContext, Project } from '@ant/runner/plugin';
import { loadPythonProject } from './python-project.js';
import { joinRepo } from './repo-path.js';
import { pythonVersion, ruffVersion, uvVersion } from './toolchain.js';

/** The devshell of one Python project, or of the repository (`null`: its one uv workspace, if any). */
export async function pythonDevshell(project: Project | null, ctx: PluginContext): Promise<DevshellSpec> {
  const env: EnvEntry[] = [
    { name: 'UV_NO_SYNC', value: '1' },
    { name: 'UV_PYTHON_DOWNLOADS', value: 'never' },
    // A PYTHONPATH from the user's shell would shadow the locked environment.
    { name: 'PYTHONPATH', unset: true },
  ];
  const tools = [
    { name: 'uv', version: versionNumber(await uvVersion(ctx)) },
    { name: 'ruff', version: versionNumber(await ruffVersion(ctx)) },
  ];
  const candidates = project ? [project] : ctx.projects().filter((p) => p.language === 'python');
  const workspaces = new Map<string, string>();
  for (const candidate of candidates) {
    const py = await loadPythonProject(candidate, ctx);
    if (!workspaces.has(py.workspaceRoot)) workspaces.set(py.workspaceRoot, candidate.name);
  }
  // The repository shell can only activate one environment: the one uv workspace, if there is one.
  if (workspaces.size !== 1) return { env, tools };

  const [[workspaceRoot, name]] = [...workspaces];
  const venv = joinRepo(workspaceRoot, '.venv');
  tools.push({ name: 'python', version: versionNumber(await pythonVersion(ctx, workspaceRoot)) });
  env.push({ name: 'VIRTUAL_ENV', value: join(ctx.root, venv) });
  return {
    env,
    path: [joinRepo(venv, 'bin')],
    tools,
    motd: [`python: ${venv} is the environment; \`ant run ${name}:install\` creates or updates it`],
  };
}

function versionNumber(text: string): string | undefined {
  return /\d+\.\d+(?:\.\d+)?/.exec(text)?.[0];
}
