/**
 * `inferTasks`: every script of a package's `package.json` becomes a task of the same name.
 *
 * - `pre<name>`/`post<name>` are folded into `<name>` (when the package manager runs them), not tasks
 *   of their own; npm's install/publish/version lifecycle scripts are never tasks.
 * - Defaults mirror the usual Turborepo setup, and config `tasks` merge over them field by field:
 *   `build` depends on `^build` and outputs `dist/**`; `test`, `lint` and type checks depend on
 *   `^build` (they import the dependencies' built output); `dev`/`start` (config `js.persistent`)
 *   are persistent and never cached.
 * - Inputs are left to the core's default (the project's files minus outputs; `node_modules` is
 *   never a project file); the lockfile slice and node version come from `hashInputs`.
 */
import path from 'node:path';
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { resolveConfig, runViaOf, type JsConfig } from './config.js';
import { workspaceOf, type JsWorkspace } from './js-workspace.js';
import { binPathChain, composeScriptCommand, portableNpmEnv, scriptPhases, userAgent } from './npm-env.js';
import { manifestAt, workspaceGlobs, type PackageJson } from './package-json.js';
import { packageManagerRunArgv, runsPrePostScripts } from './package-manager.js';

/** npm lifecycle scripts run by install/pack/publish/version, never as tasks. */
export const LIFECYCLE_SCRIPTS: ReadonlySet<string> = new Set([
  'preinstall', 'install', 'postinstall',
  'preprepare', 'prepare', 'postprepare',
  'prepublish', 'prepublishOnly', 'publish', 'postpublish',
  'prepack', 'postpack',
  'preversion', 'version', 'postversion',
  'preuninstall', 'uninstall', 'postuninstall',
  'preshrinkwrap', 'shrinkwrap', 'postshrinkwrap',
  'dependencies',
]);

/** Script names that read their dependencies' build output. */
const NEEDS_DEPENDENCY_BUILDS = new Set(['test', 'lint', 'typecheck', 'type-check', 'check-types', 'check', 'tsc']);

/** The task names a package's scripts define (hooks folded, lifecycle and ignored scripts dropped). Pure. */
export function scriptTaskNames(scripts: Readonly<Record<string, string>>, prePost: boolean, ignore: readonly string[] = []): string[] {
  const names: string[] = [];
  for (const name of Object.keys(scripts)) {
    if (LIFECYCLE_SCRIPTS.has(name) || ignore.includes(name)) continue;
    if (prePost && isHook(scripts, name)) continue;
    names.push(name);
  }
  return names.sort();
}

// `prebuild` is a hook when `build` exists; `prettier` is not a hook unless a `ttier` script exists.
function isHook(scripts: Readonly<Record<string, string>>, name: string): boolean {
  for (const prefix of ['pre', 'post']) {
    if (name.startsWith(prefix) && name.length > prefix.length && Object.hasOwn(scripts, name.slice(prefix.length))) return true;
  }
  return false;
}

/** The scheduling defaults of a script task by name (no command), as a fresh object. Pure. */
export function defaultTaskShape(name: string, config: JsConfig): TaskSpec {
  if (config.persistent.includes(name)) return { dependsOn: ['^build'], persistent: true, cache: false };
  if (name === 'build') return { dependsOn: ['^build'], outputs: ['dist/**'] };
  if (NEEDS_DEPENDENCY_BUILDS.has(name)) return { dependsOn: ['^build'] };
  return {};
}

/** `inferTasks` for one JS project. */
export async function inferTasks(project: Project, ctx: PluginContext): Promise<Record<string, TaskSpec>> {
  const config = resolveConfig(ctx.config);
  const file = path.join(project.absRoot, 'package.json');
  const pkg = manifestAt(file, ctx);
  if (!pkg) {
    throw new Error(
      `${project.root === '.' ? '' : `${project.root}/`}package.json: expected a package manifest for the ${project.language} project "${project.name}", found no file.\n` +
        `hint: run \`npm init -y\` in ${project.root}, or fix services.${project.name}.path in ant.config.json.`,
    );
  }
  const scripts = pkg.scripts ?? {};
  const ws = workspaceOf(project, ctx);
  const prePost = runsPrePostScripts(ws.manager);
  const runVia = runViaOf(project.fields, config, project.name, ws.pnp);
  const agent = runVia === 'direct' ? await agentFor(ws, ctx) : '';
  const pathPrepend = binPathChain(project.root, ws.dir);

  const tasks: Record<string, TaskSpec> = {};
  for (const name of scriptTaskNames(scripts, prePost, config.ignoreScripts)) {
    // Built by assignment, not spreads: see portableNpmEnv.
    const task = defaultTaskShape(name, config);
    task.description = oneLine(scripts[name]!);
    if (runVia === 'package-manager') {
      task.command = packageManagerRunArgv(ws.manager, name);
    } else {
      const { command, lifecycleEnv } = composeScriptCommand(scriptPhases(scripts, name, prePost));
      task.command = command;
      task.setEnv = portableNpmEnv(pkg, agent, lifecycleEnv);
      task.pathPrepend = pathPrepend;
    }
    tasks[name] = task;
  }
  return tasks;
}

const agents = new WeakMap<JsWorkspace, Promise<string>>();

// One user agent per workspace per invocation (the workspace object is memoized per context).
function agentFor(ws: JsWorkspace, ctx: PluginContext): Promise<string> {
  let agent = agents.get(ws);
  if (!agent) {
    agent = computeAgent(ws, ctx);
    agents.set(ws, agent);
  }
  return agent;
}

async function computeAgent(ws: JsWorkspace, ctx: PluginContext): Promise<string> {
  const [node, managerVersion] = await Promise.all([
    ctx.toolVersion('node', ['--version']),
    ws.manager.version ? Promise.resolve(ws.manager.version) : ctx.toolVersion(ws.manager.name, ['--version']),
  ]);
  const hasWorkspaces = ws.manifest !== undefined && workspaceGlobs(ws.manifest as PackageJson) !== undefined;
  return userAgent({ name: ws.manager.name, version: managerVersion?.trim() }, node, hasWorkspaces);
}

function oneLine(script: string): string {
  const line = script.split('\n', 1)[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
