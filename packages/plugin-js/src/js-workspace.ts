/**
 * The JS workspace a project belongs to: the directory holding its lockfile and root manifest
 * (usually the ant root; for a configured service with its own lockfile, that service's directory),
 * the package manager, and the project's location inside the lockfile.
 *
 * Looked up once per directory per `ant` invocation: memoized on the {@link PluginContext} object,
 * which the host creates once per plugin per invocation, so a 1000-package repo pays a handful of
 * stats. Synchronous: these are a few cached stats, and an `await` per call costs more than they do.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PluginContext, Project } from '@ant/runner/plugin';
import { manifestAt, workspaceGlobs, type PackageJson } from './package-json.js';
import { detectPackageManager, findLockfile, type PackageManager } from './package-manager.js';

/** The plugin's package name; projects it discovered carry it in `discoveredBy`. */
export const PLUGIN_NAME = '@ant/plugin-js';

/** A JS workspace root as the plugin sees it. */
export interface JsWorkspace {
  /** Absolute directory. */
  absDir: string;
  /** Relative to the ant root (`.` for the root). */
  dir: string;
  /** The workspace root's `package.json`, if there is one. */
  manifest: PackageJson | undefined;
  manager: PackageManager;
  /** Yarn Plug'n'Play (`.pnp.cjs`): no `node_modules`, scripts must run through yarn. */
  pnp: boolean;
}

interface ContextState {
  workspaces: Map<string, JsWorkspace>;
  ofProject: Map<string, JsWorkspace>;
}

const states = new WeakMap<PluginContext, ContextState>();

function state(ctx: PluginContext): ContextState {
  let s = states.get(ctx);
  if (!s) {
    s = { workspaces: new Map(), ofProject: new Map() };
    states.set(ctx, s);
  }
  return s;
}

/** The workspace rooted at `absDir` (memoized per invocation). */
export function workspaceAt(absDir: string, ctx: PluginContext): JsWorkspace {
  const s = state(ctx);
  let ws = s.workspaces.get(absDir);
  if (!ws) {
    const manifest = manifestAt(path.join(absDir, 'package.json'), ctx);
    const dir = path.relative(ctx.root, absDir).split(path.sep).join('/') || '.';
    const pnp = existsSync(path.join(absDir, '.pnp.cjs'));
    ws = { absDir, dir, manifest, manager: detectPackageManager(absDir, manifest), pnp };
    s.workspaces.set(absDir, ws);
  }
  return ws;
}

/**
 * The workspace of `project`: for projects this plugin discovered, the ant root (discovery starts
 * there); otherwise the nearest directory from the project up to the ant root that has a lockfile
 * or declares workspaces, falling back to the ant root.
 */
export function workspaceOf(project: Project, ctx: PluginContext): JsWorkspace {
  const s = state(ctx);
  let ws = s.ofProject.get(project.absRoot);
  if (!ws) {
    ws = project.discoveredBy === PLUGIN_NAME ? workspaceAt(ctx.root, ctx) : findWorkspace(project, ctx);
    s.ofProject.set(project.absRoot, ws);
  }
  return ws;
}

function findWorkspace(project: Project, ctx: PluginContext): JsWorkspace {
  const rootAbs = path.resolve(ctx.root);
  let dir = path.resolve(project.absRoot);
  for (;;) {
    if (findLockfile(dir) !== undefined) return workspaceAt(dir, ctx);
    if (dir !== project.absRoot) {
      const pkg = manifestAt(path.join(dir, 'package.json'), ctx);
      if (pkg && workspaceGlobs(pkg)) return workspaceAt(dir, ctx);
    }
    const parent = path.dirname(dir);
    if (dir === rootAbs || parent === dir || !dir.startsWith(rootAbs)) return workspaceAt(rootAbs, ctx);
    dir = parent;
  }
}

/**
 * The project's location inside its workspace's lockfile: `packages/a`, or `''` for the root.
 * String arithmetic on the repo-relative roots (no `path.relative`, which resolves both sides).
 */
export function lockLocation(project: Project, ws: JsWorkspace): string {
  const root = project.root === '.' ? '' : project.root;
  if (ws.dir === '.') return root;
  if (root === ws.dir) return '';
  if (root.startsWith(`${ws.dir}/`)) return root.slice(ws.dir.length + 1);
  // Outside its workspace dir (cannot happen by construction): the general, slower answer.
  return path.relative(ws.absDir, project.absRoot).split(path.sep).join('/');
}
