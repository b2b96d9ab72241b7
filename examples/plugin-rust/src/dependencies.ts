/**
 * Edges between crates: a project depends on the projects at the directories of its path
 * dependencies (`{ path = "…" }`, directly or through `[workspace.dependencies]` with
 * `workspace = true`), in normal, dev, build and target-specific dependency tables.
 */
import type { PluginContext, Project } from '@ant/runner/plugin';
import { crateInfo } from './crate-info.js';

export async function rustDependencies(project: Project, ctx: PluginContext): Promise<string[]> {
  const { pathDependencyDirs } = await crateInfo(project, ctx);
  const byRoot = new Map(ctx.projects().map((p) => [p.root, p.name]));
  return pathDependencyDirs.flatMap((dir) => {
    const name = byRoot.get(dir);
    return name === undefined || name === project.name ? [] : [name];
  });
}
