/**
 * Edges between Go projects: a module depends on the local directories its go.mod `replace`s
 * point at and, inside a go.work, on the member modules it requires (transitively, since
 * workspace mode resolves every member's requirements against the other members).
 */
import { posix } from 'node:path';
import type { PluginContext, Project, RepoPath } from '@ant/runner/plugin';
import { isLocalReplace, parseGoMod, type GoReplace } from './go-mod.js';
import { resolveRepoPath } from './go-work.js';
import { inProject, loadModuleInfo, type GoModuleInfo } from './module-info.js';

function localTargets(replaces: GoReplace[], dir: RepoPath): RepoPath[] {
  return replaces
    .filter(isLocalReplace)
    .map((r) => resolveRepoPath(dir, r.newPath))
    .filter((p): p is RepoPath => p !== undefined);
}

/** Module path → member root for every member of the go.work. */
async function membersByModule(info: GoModuleInfo, ctx: PluginContext): Promise<Map<string, { root: RepoPath; requires: string[] }>> {
  const members = new Map<string, { root: RepoPath; requires: string[] }>();
  for (const root of info.workspace?.members ?? []) {
    const text = await ctx.readFile(inProject(root, 'go.mod'));
    if (text === undefined) continue;
    const mod = parseGoMod(text, inProject(root, 'go.mod'));
    if (mod.module !== undefined) members.set(mod.module, { root, requires: mod.requires.map((r) => r.path) });
  }
  return members;
}

/**
 * Repo paths of the local module directories whose sources go into this module's build, sorted
 * and without the module itself.
 */
export async function localModuleDirs(info: GoModuleInfo, ctx: PluginContext): Promise<RepoPath[]> {
  const dirs = new Set<RepoPath>(localTargets(info.mod.replaces, info.root));
  if (info.workspace !== undefined) {
    for (const dir of localTargets(info.workspace.work.replaces, info.workspace.dir)) dirs.add(dir);
    const members = await membersByModule(info, ctx);
    const queue = info.mod.requires.map((r) => r.path);
    const seen = new Set<string>();
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const member = members.get(path);
      if (member === undefined) continue;
      dirs.add(member.root);
      queue.push(...member.requires);
    }
  }
  dirs.delete(info.root);
  return [...dirs].sort();
}

/** Names of the projects rooted at this module's local dependency directories. */
export async function goDependencies(project: Project, ctx: PluginContext): Promise<string[]> {
  const info = await loadModuleInfo(project, ctx);
  const dirs = await localModuleDirs(info, ctx);
  const byRoot = new Map(ctx.projects().map((p) => [posix.normalize(p.root), p.name]));
  return dirs.map((dir) => byRoot.get(dir)).filter((name): name is string => name !== undefined);
}
