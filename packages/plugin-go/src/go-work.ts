/**
 * Go workspaces: finding the `go.work` that governs a module and resolving its members.
 *
 * The go command looks for `go.work` in the module's directory and each parent; ant stops at the
 * workspace root so a stray file above the repository never changes a build.
 */
import { posix } from 'node:path';
import { parseGoWork, type GoWork } from './go-mod.js';
import type { PluginContext, RepoPath } from '@ant/runner/plugin';

/** A parsed `go.work` with its members resolved to repo paths. */
export interface GoWorkspace {
  /** Repo path of the go.work file. */
  file: RepoPath;
  /** Repo path of its directory. */
  dir: RepoPath;
  work: GoWork;
  /** Member module roots as repo paths (members outside the workspace root are dropped). */
  members: RepoPath[];
}

/** Joins a repo directory and a relative path, or returns undefined when it leaves the repo. */
export function resolveRepoPath(dir: RepoPath, relative: string): RepoPath | undefined {
  if (posix.isAbsolute(relative) || /^[A-Za-z]:[/\\]/.test(relative)) return undefined;
  const joined = posix.normalize(posix.join(dir, relative.replaceAll('\\', '/')));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined.replace(/\/$/, '') || '.';
}

/** The parent directories of a repo path, nearest first, ending with the root `.`. */
function selfAndParents(dir: RepoPath): RepoPath[] {
  const out: RepoPath[] = [];
  let current = dir;
  for (;;) {
    out.push(current);
    if (current === '.') return out;
    const parent = posix.dirname(current);
    current = parent === '' ? '.' : parent;
  }
}

/** Parses the go.work at `file` (a repo path) and resolves its members. */
export function workspaceFromText(file: RepoPath, text: string): GoWorkspace {
  const work = parseGoWork(text, file);
  const dir = posix.dirname(file) || '.';
  const members = work.uses
    .map((use) => resolveRepoPath(dir, use))
    .filter((member): member is RepoPath => member !== undefined);
  return { file, dir, work, members };
}

/** The go.work governing the module at `moduleRoot`, if any, searching up to the workspace root. */
export async function findGoWork(moduleRoot: RepoPath, ctx: PluginContext): Promise<GoWorkspace | undefined> {
  for (const dir of selfAndParents(moduleRoot)) {
    const file = dir === '.' ? 'go.work' : `${dir}/go.work`;
    const text = await ctx.readFile(file);
    if (text === undefined) continue;
    const workspace = workspaceFromText(file, text);
    // The nearest go.work wins. For a module it does not list, the go command would refuse to
    // build ("not one of the workspace modules"); ant then builds the module alone (GOWORK=off).
    return workspace.members.includes(moduleRoot) ? workspace : undefined;
  }
  return undefined;
}
