/**
 * `narrowChange`: for `--affected`, which JS projects a change to a workspace-level file touches.
 *
 * - npm, pnpm and yarn lockfiles: the projects whose external closure (or the root's) differs between
 *   the two revisions, the same comparison `hashInputs` makes, so `--affected` and the cache agree.
 * - other lockfiles (bun) and workspace settings (`.npmrc`, `.nvmrc`,
 *   `pnpm-workspace.yaml`…): every JS project of that workspace.
 * - the workspace root `package.json`: nothing when only scripts or metadata changed, else every
 *   JS project of the workspace.
 * Files that do not belong to a JS workspace's root are not this plugin's business (`undefined`).
 */
import path from 'node:path';
import type { FileChange, PluginContext, Project } from '@ant/runner/plugin';
import { JS_LANGUAGES } from './dependencies.js';
import { lockLocation, workspaceOf, type JsWorkspace } from './js-workspace.js';
import { parseLockfile, type Lockfile } from './lockfile.js';
import { manifestAt, type PackageJson } from './package-json.js';
import { LOCKFILES } from './package-manager.js';

/** Workspace-level files whose change may alter how every package installs or runs. */
const WORKSPACE_SETTINGS = new Set(['pnpm-workspace.yaml', '.npmrc', '.nvmrc', '.node-version', '.yarnrc', '.yarnrc.yml', 'bunfig.toml']);

/** Root manifest fields that cannot change what a package's task produces. */
const INERT_MANIFEST_FIELDS = new Set([
  'scripts', 'description', 'keywords', 'author', 'contributors', 'license', 'repository', 'homepage', 'bugs', 'funding',
]);

/** `narrowChange` of the JS plugin. */
export async function narrowChange(change: FileChange, ctx: PluginContext): Promise<string[] | 'all' | undefined> {
  const name = path.posix.basename(change.path);
  const dir = path.posix.dirname(change.path);
  const isLockfile = LOCKFILES.some(([file]) => file === name);
  if (!isLockfile && !WORKSPACE_SETTINGS.has(name) && name !== 'package.json') return undefined;

  const members: { project: Project; ws: JsWorkspace }[] = [];
  for (const project of ctx.projects()) {
    if (!JS_LANGUAGES.includes(project.language)) continue;
    const ws = workspaceOf(project, ctx);
    if (ws.dir === dir) members.push({ project, ws });
  }
  const all = members.map((m) => m.project.name).sort();
  if (members.length === 0) return isLockfile || WORKSPACE_SETTINGS.has(name) ? [] : undefined;

  if (name === 'package.json') return manifestChangeMatters(change) ? all : [];
  if (!isLockfile || change.before === undefined || change.after === undefined) return all;

  let before: Lockfile | undefined;
  let after: Lockfile | undefined;
  try {
    before = parseLockfile(name, change.before, `${change.path} (before)`);
    after = parseLockfile(name, change.after, change.path);
  } catch {
    // An unreadable side (a merge conflict, npm lockfile v1): precision is impossible, be safe.
    return all;
  }
  if (!before || !after) return all;
  const b = before;
  const a = after;
  // Manifests are today's: a yarn 1 lockfile needs them to find a package's own entries.
  const differs = (location: string, manifest: PackageJson | undefined) =>
    b.closureDigest(location, manifest).sha256 !== a.closureDigest(location, manifest).sha256;
  if (differs('', members[0]!.ws.manifest)) return all;
  return members
    .filter(({ project, ws }) => differs(lockLocation(project, ws), manifestAt(path.join(project.absRoot, 'package.json'), ctx)))
    .map((m) => m.project.name)
    .sort();
}

/** Whether a root manifest change touches anything beyond scripts and metadata. Pure. */
export function manifestChangeMatters(change: FileChange): boolean {
  if (change.before === undefined || change.after === undefined) return true;
  try {
    const strip = (text: string) => {
      const doc = JSON.parse(text) as Record<string, unknown>;
      for (const key of INERT_MANIFEST_FIELDS) delete doc[key];
      return JSON.stringify(sortKeys(doc));
    };
    return strip(change.before) !== strip(change.after);
  } catch {
    return true;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
