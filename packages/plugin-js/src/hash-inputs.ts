/**
 * `hashInputs`: what a JS task's output depends on beyond its files and command.
 *
 * - `node`: the Node.js version (`node --version`); a different runtime may build differently.
 * - `externalDeps`: the project's own external dependency closure from the lockfile (the number
 *   of direct dependencies and a Merkle sha256 over every `location@version integrity` entry it
 *   reaches, see `lockfile-closure.ts`), so a lockfile change elsewhere
 *   keeps this task a cache hit. `rootExternalDeps`: the same for the workspace root's own
 *   dependencies, whose binaries every script finds on PATH (root `node_modules/.bin`).
 * - `lockfile`: for lockfiles ant does not parse (bun), the whole file's sha256.
 * - `packageManager`: with `runVia: "package-manager"`, the manager that runs the script.
 *
 * Every task of a project gets the same inputs, so they are computed once per project per
 * invocation (memoized on the context); digests are memoized per lockfile content.
 */
import path from 'node:path';
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { resolveConfig, runViaOf } from './config.js';
import { loadLockfile } from './lockfile-cache.js';
import { manifestAt } from './package-json.js';
import { lockLocation, workspaceOf } from './js-workspace.js';

const memo = new WeakMap<PluginContext, Map<string, Promise<Record<string, string>>>>();

/** `hashInputs` for one task of a JS project. */
export function hashInputs(project: Project, _taskName: string, _task: TaskSpec, ctx: PluginContext): Promise<Record<string, string>> {
  let perProject = memo.get(ctx);
  if (!perProject) {
    perProject = new Map();
    memo.set(ctx, perProject);
  }
  let inputs = perProject.get(project.absRoot);
  if (!inputs) {
    inputs = projectHashInputs(project, ctx);
    perProject.set(project.absRoot, inputs);
  }
  // A copy: the host may add to or freeze what it receives.
  return inputs.then((value) => ({ ...value }));
}

async function projectHashInputs(project: Project, ctx: PluginContext): Promise<Record<string, string>> {
  const ws = workspaceOf(project, ctx);
  const node = await ctx.toolVersion('node', ['--version']);
  const out: Record<string, string> = { node: node?.trim() ?? 'not found' };

  const lockName = ws.manager.lockfile;
  const display = lockName === undefined ? '' : ws.dir === '.' ? lockName : `${ws.dir}/${lockName}`;
  const lock = loadLockfile(ws.absDir, lockName, display, ctx);
  if (lock.kind === 'parsed') {
    const location = lockLocation(project, ws);
    const manifest = lock.lockfile.needsManifest ? manifestAt(path.join(project.absRoot, 'package.json'), ctx) : undefined;
    const own = lock.lockfile.closureDigest(location, manifest);
    out.externalDeps = `${own.count} direct, closure sha256:${own.sha256}`;
    if (location !== '') {
      const root = lock.lockfile.closureDigest('', ws.manifest);
      out.rootExternalDeps = `${root.count} direct, closure sha256:${root.sha256}`;
    }
  } else if (lock.kind === 'opaque') {
    out.lockfile = `${lock.file} sha256:${lock.sha256}`;
  } else {
    out.externalDeps = 'no lockfile';
  }

  if (runViaOf(project.fields, resolveConfig(ctx.config), project.name, ws.pnp) === 'package-manager') {
    const version = ws.manager.version ?? (await ctx.toolVersion(ws.manager.name, ['--version']))?.trim();
    out.packageManager = `${ws.manager.name}@${version ?? 'unknown'}`;
  }
  return out;
}
