/**
 * `dependencies`: a JS project depends on every other JS project whose package it names in
 * `dependencies`, `devDependencies`, `peerDependencies` or `optionalDependencies`, whatever the
 * version spec (`*`, `^1.0.0`, `workspace:*`, `file:../b`). Edges name projects, which may be
 * named differently from their packages (a config service's name wins over the package name).
 *
 * The package-name → project index is built once per invocation (memoized on the projects array
 * the host hands out), so each call costs O(own dependencies).
 */
import path from 'node:path';
import type { PluginContext, Project } from '@ant/runner/plugin';
import { declaredDependencyNames, manifestAt } from './package-json.js';

/** Languages whose projects are JS packages. */
export const JS_LANGUAGES: readonly string[] = ['javascript', 'typescript'];

const indexes = new WeakMap<readonly Project[], Map<string, string>>();

/** package name → project name, over the workspace's JS projects. */
export function packageIndex(ctx: PluginContext): Map<string, string> {
  const projects = ctx.projects();
  let index = indexes.get(projects);
  if (!index) {
    index = buildIndex(projects, ctx);
    indexes.set(projects, index);
  }
  return index;
}

function buildIndex(projects: readonly Project[], ctx: PluginContext): Map<string, string> {
  const index = new Map<string, string>();
  for (const p of projects) {
    if (!JS_LANGUAGES.includes(p.language)) continue;
    const known = p.fields.packageName;
    const name = typeof known === 'string' ? known : manifestAt(path.join(p.absRoot, 'package.json'), ctx)?.name;
    if (typeof name === 'string' && !index.has(name)) index.set(name, p.name);
  }
  return index;
}

/** The names of the projects `project` depends on, sorted. */
export async function dependencies(project: Project, ctx: PluginContext): Promise<string[]> {
  const pkg = manifestAt(path.join(project.absRoot, 'package.json'), ctx);
  if (!pkg) return [];
  const index = packageIndex(ctx);
  const out = new Set<string>();
  for (const dep of declaredDependencyNames(pkg)) {
    const target = index.get(dep);
    if (target !== undefined && target !== project.name) out.add(target);
  }
  return [...out].sort();
}
