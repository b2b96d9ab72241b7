/**
 * Discovery: every `go.mod` is a project, and so is every module a `go.work` lists.
 *
 * Projects are named after their directory (`services/api` → `api`); the root module takes the
 * last element of its module path; when two directories share a basename both keep their full
 * repo path as the name. A configured service at the same root keeps its own name and fields.
 */
import { posix } from 'node:path';
import type { PluginContext, ProjectSpec, RepoPath } from '@ant/runner/plugin';
import { parseGoMod } from './go-mod.js';
import { workspaceFromText } from './go-work.js';
import { inProject } from './module-info.js';

/** Globs (from the workspace root) of the files that mark Go projects. */
export const GO_PROJECT_FILES = ['**/go.mod', '**/go.work'];

/** The go command ignores directories named testdata or starting with `.` or `_`; so does ant. */
function ignoredByGo(root: RepoPath): boolean {
  return root !== '.' && root.split('/').some((part) => part === 'testdata' || part.startsWith('.') || part.startsWith('_'));
}

function dirOf(file: RepoPath): RepoPath {
  const dir = posix.dirname(file);
  return dir === '' ? '.' : dir;
}

/** Module roots from the matched files: go.mod directories plus go.work members that have a go.mod. */
async function moduleRoots(files: RepoPath[], ctx: PluginContext): Promise<Map<RepoPath, string | undefined>> {
  const roots = new Map<RepoPath, string | undefined>();
  const add = async (root: RepoPath): Promise<void> => {
    if (roots.has(root) || ignoredByGo(root)) return;
    const text = await ctx.readFile(inProject(root, 'go.mod'));
    if (text === undefined) return;
    let modulePath: string | undefined;
    try {
      modulePath = parseGoMod(text, inProject(root, 'go.mod')).module;
    } catch (error) {
      // Still create the project: inferTasks reports the parse error against it.
      ctx.logger.warn(`${(error as Error).message}`);
    }
    roots.set(root, modulePath);
  };
  for (const file of files.filter((f) => posix.basename(f) === 'go.mod').sort()) await add(dirOf(file));
  for (const file of files.filter((f) => posix.basename(f) === 'go.work').sort()) {
    const text = await ctx.readFile(file);
    if (text === undefined) continue;
    try {
      for (const member of workspaceFromText(file, text).members) await add(member);
    } catch (error) {
      ctx.logger.warn(`${(error as Error).message}`);
    }
  }
  return roots;
}

/** Name for a module root: its directory's basename, or the module path's last element at the root. */
function baseName(root: RepoPath, modulePath: string | undefined): string {
  if (root !== '.') return posix.basename(root);
  const last = modulePath?.split('/').filter(Boolean).pop();
  return last ?? 'go';
}

/** Turns the matched go.mod/go.work files into projects (one call for the whole workspace). */
export async function createGoProjects(files: RepoPath[], ctx: PluginContext): Promise<ProjectSpec[]> {
  const roots = await moduleRoots(files, ctx);
  const counts = new Map<string, number>();
  for (const [root, modulePath] of roots) {
    const name = baseName(root, modulePath);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const specs: ProjectSpec[] = [];
  for (const [root, modulePath] of [...roots].sort(([a], [b]) => a.localeCompare(b))) {
    const short = baseName(root, modulePath);
    specs.push({
      name: counts.get(short)! > 1 && root !== '.' ? root : short,
      root,
      language: 'go',
      fields: modulePath === undefined ? {} : { module: modulePath },
    });
  }
  return specs;
}
