/**
 * Composes a devshell environment, in order: the caller's env, then the repo's `devshell.env`
 * entries, then each plugin's contribution (repo-wide, or for one project), then PATH entries.
 * Entry kinds follow numtide/devshell, which the seed used:
 *   value  — set;  eval — the stdout of a shell command run at shell start (`git rev-parse …`);
 *   prefix — prepended to the variable, colon-separated (PATH-like);  unset — removed.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { DevshellSpec, EnvEntry, Project } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';

export interface ComposedDevshell {
  env: Record<string, string>;
  /** Variables the devshell removed (for `ant env` to emit `unset`). */
  unset: string[];
  /** What each plugin contributed, for the motd. */
  contributions: { plugin: string; spec: DevshellSpec }[];
}

export async function composeDevshellEnv(workspace: Workspace, project: Project | null, base: NodeJS.ProcessEnv): Promise<ComposedDevshell> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  const unset = new Set<string>();
  const apply = (entry: EnvEntry, cwd: string) => applyEntry(env, unset, entry, cwd);

  for (const entry of workspace.config.devshell?.env ?? []) apply(entry as EnvEntry, workspace.root);
  const contributions: ComposedDevshell['contributions'] = [];
  const plugins = project ? workspace.host.pluginsFor(project.language) : workspace.host.plugins.map((p) => p.plugin);
  for (const plugin of plugins) {
    const spec = await workspace.host.devshell(plugin, project);
    contributions.push({ plugin: plugin.name, spec });
    for (const entry of spec.env ?? []) apply(entry, project?.absRoot ?? workspace.root);
    const dirs = (spec.path ?? []).map((p) => (path.isAbsolute(p) ? p : path.join(workspace.root, p)));
    if (dirs.length) env.PATH = [...dirs, env.PATH].filter(Boolean).join(path.delimiter);
  }
  env.ANT_DEVSHELL = project ? project.name : 'default';
  return { env, unset: [...unset].sort(), contributions };
}

export function applyEntry(env: Record<string, string>, unset: Set<string>, entry: EnvEntry, cwd: string): void {
  if ('value' in entry) {
    env[entry.name] = expand(entry.value, env);
    unset.delete(entry.name);
  } else if ('eval' in entry) {
    // The seed wrote `$(git rev-parse --show-toplevel)`; accept both that and the bare command.
    const script = /^\$\((.*)\)$/s.exec(entry.eval.trim())?.[1] ?? entry.eval;
    env[entry.name] = execFileSync('/bin/sh', ['-c', script], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).replace(/\n$/, '');
    unset.delete(entry.name);
  } else if ('prefix' in entry) {
    const value = path.isAbsolute(entry.prefix) || entry.prefix.startsWith('$') ? expand(entry.prefix, env) : path.join(cwd, entry.prefix);
    env[entry.name] = env[entry.name] ? `${value}${path.delimiter}${env[entry.name]}` : value;
    unset.delete(entry.name);
  } else if ('unset' in entry) {
    delete env[entry.name];
    unset.add(entry.name);
  }
}

/** `$NAME` and `${NAME}` from the env being built. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '');
}
