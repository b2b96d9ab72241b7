/**
 * `hashInputs`: what a JS task's output depends on beyond its files and command.
 *
 * - `node`: the Node.js version (`node --version`); a different runtime may build differently.
 * - `externalDeps`: the project's own external dependency closure from the lockfile (count and
 *   sha256 of the canonical `location@version integrity` lines), so a lockfile change elsewhere
 *   keeps this task a cache hit. `rootExternalDeps`: the same for the workspace root's own
 *   dependencies, whose binaries every script finds on PATH (root `node_modules/.bin`).
 * - `lockfile`: for pnpm / yarn / bun lockfiles, which are not parsed, the whole file's sha256.
 * - `packageManager`: with `runVia: "package-manager"`, the manager that runs the script.
 *
 * Cost per call: O(1) after the first call of an invocation for a given project (memoized digests).
 */
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { resolveConfig, runViaOf } from './config.js';
import { closureDigest } from './lockfile-closure.js';
import { loadLockfile } from './lockfile-cache.js';
import { lockLocation, workspaceOf } from './js-workspace.js';

/** `hashInputs` for one task of a JS project. */
export async function hashInputs(
  project: Project,
  _taskName: string,
  _task: TaskSpec,
  ctx: PluginContext,
): Promise<Record<string, string>> {
  const ws = await workspaceOf(project, ctx);
  const node = await ctx.toolVersion('node', ['--version']);
  const out: Record<string, string> = { node: node?.trim() ?? 'not found' };

  const lockName = ws.manager.lockfile;
  const display = lockName === undefined ? '' : ws.dir === '.' ? lockName : `${ws.dir}/${lockName}`;
  const lock = loadLockfile(ws.absDir, lockName, display, ctx);
  if (lock.kind === 'npm') {
    const location = lockLocation(project, ws);
    const own = closureDigest(lock.index, location);
    out.externalDeps = `${own.count} packages sha256:${own.sha256}`;
    if (location !== '') {
      const root = closureDigest(lock.index, '');
      out.rootExternalDeps = `${root.count} packages sha256:${root.sha256}`;
    }
  } else if (lock.kind === 'opaque') {
    out.lockfile = `${lock.file} sha256:${lock.sha256}`;
  } else {
    out.externalDeps = 'no lockfile';
  }

  if (runViaOf(project.fields, resolveConfig(ctx.config), project.name) === 'package-manager') {
    const version = ws.manager.version ?? (await ctx.toolVersion(ws.manager.name, ['--version']))?.trim();
    out.packageManager = `${ws.manager.name}@${version ?? 'unknown'}`;
  }
  return out;
}
