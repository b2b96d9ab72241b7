/**
 * `devshell`: the Nix flake's "npm shell" (`nix develop .#npm`) as an ant devshell contribution.
 * The repo-wide shell puts the workspace root's `node_modules/.bin` on PATH; a project's shell puts
 * every `node_modules/.bin` from the project up to its workspace root there, as `npm run` would.
 * Node and the package manager are listed with their versions in the motd.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DevshellSpec, PluginContext, Project } from '@ant/runner/plugin';
import { workspaceAt, workspaceOf, type JsWorkspace } from './js-workspace.js';
import { binPathChain } from './npm-env.js';

/** `devshell` of the JS plugin, for one project or (with `null`) the whole repo. */
export async function devshell(project: Project | null, ctx: PluginContext): Promise<DevshellSpec> {
  let ws: JsWorkspace;
  let pathEntries: string[];
  if (project) {
    ws = workspaceOf(project, ctx);
    pathEntries = binPathChain(project.root, ws.dir);
  } else {
    ws = workspaceAt(ctx.root, ctx);
    // No root manifest: not a JS repo at its root; say nothing rather than list tools nobody uses.
    if (!ws.manifest && !existsSync(path.join(ctx.root, 'node_modules'))) return {};
    pathEntries = binPathChain('.', '.');
  }
  const [node, manager] = await Promise.all([
    ctx.toolVersion('node', ['--version']),
    ws.manager.version ? Promise.resolve(ws.manager.version) : ctx.toolVersion(ws.manager.name, ['--version']),
  ]);
  const tools: { name: string; version?: string }[] = [{ name: 'node', version: node?.trim().replace(/^v/, '') }];
  tools.push({ name: ws.manager.name, version: manager?.trim() });
  const motd: string[] = [];
  if (!node) motd.push('node: not found on PATH; install Node.js 20 or newer.');
  return { path: pathEntries, tools, motd };
}
