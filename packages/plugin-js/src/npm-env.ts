/**
 * What npm gives a script, reproduced so ant can spawn the script itself (`sh -c` in the package
 * directory) instead of paying `npm run`'s 0.4–1 s start-up per task (reference/performance.md).
 *
 * Observed with npm 11.19.1 (`npm run` of a script that prints its environment):
 *   - PATH: `node_modules/.bin` of the package dir and of every parent dir, then npm's node-gyp-bin;
 *   - `npm_lifecycle_event` (`prebuild`, `build`, `postbuild` per phase), `npm_lifecycle_script`,
 *     `npm_package_name`, `npm_package_version`, `npm_package_json`, `npm_config_user_agent`,
 *     `npm_node_execpath`, `NODE`, `INIT_CWD`, `npm_command=run`, `npm_execpath`, and the
 *     resolved `npm_config_*` settings.
 * ant sets all of these except `npm_execpath`, node-gyp-bin and the `npm_config_*` settings (scripts
 * that need them can use `js.runVia: "package-manager"`), and stops PATH at the workspace root.
 *
 * Portability: values that are absolute paths (`INIT_CWD`, `npm_package_json`, `NODE`) would make
 * the task hash differ between checkouts, so they are computed by the shell at run time in a short
 * prelude of the command (the command text is the same everywhere) instead of in `setEnv`.
 */
import type { RepoPath } from '@ant/runner/plugin';
import type { PackageJson } from './package-json.js';

/** One phase of a script run: `prebuild`, `build` or `postbuild`. */
export interface ScriptPhase {
  event: string;
  script: string;
}

/** The phases npm runs for `npm run <name>`, in order; pre/post only when `prePost`. Pure. */
export function scriptPhases(scripts: Readonly<Record<string, string>>, name: string, prePost: boolean): ScriptPhase[] {
  const phases: ScriptPhase[] = [];
  const add = (event: string) => {
    const script = scripts[event];
    if (typeof script === 'string') phases.push({ event, script });
  };
  if (prePost) add(`pre${name}`);
  add(name);
  if (prePost) add(`post${name}`);
  return phases;
}

/**
 * `node_modules/.bin` of the project and of each parent up to (and including) the workspace root,
 * nearest first, relative to the ant root. Pure.
 */
export function binPathChain(projectRoot: RepoPath, workspaceDir: RepoPath): RepoPath[] {
  const join = (dir: string) => (dir === '.' || dir === '' ? 'node_modules/.bin' : `${dir}/node_modules/.bin`);
  const chain = [join(projectRoot)];
  const stop = workspaceDir === '' ? '.' : workspaceDir;
  let dir = projectRoot === '' ? '.' : projectRoot;
  while (dir !== stop && dir !== '.') {
    const cut = dir.lastIndexOf('/');
    dir = cut < 0 ? '.' : dir.slice(0, cut);
    chain.push(join(dir));
  }
  return chain;
}

/** `npm_config_user_agent` as npm 11 formats it (`npm/11.1.0 node/v20.20.2 linux x64 workspaces/true`). */
export function userAgent(manager: { name: string; version?: string }, nodeVersion: string | undefined, workspaces: boolean): string {
  const node = nodeVersion ? `node/${nodeVersion.trim()}` : 'node/unknown';
  const self = `${manager.name}/${manager.version ?? 'unknown'}`;
  return `${self} ${node} ${process.platform} ${process.arch} workspaces/${workspaces}`;
}

/**
 * The `npm_*` variables that are the same on every machine (they go into `setEnv`, hashed), plus
 * `extra` (the lifecycle variables of a one-phase run). A fresh object built by assignment: object
 * spreads here measured ~15 µs a task in V8, a tenth of `inferTasks`' budget at 1000 packages.
 */
export function portableNpmEnv(pkg: PackageJson, agent: string, extra?: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = { npm_command: 'run', npm_config_user_agent: agent };
  if (typeof pkg.name === 'string') env.npm_package_name = pkg.name;
  if (typeof pkg.version === 'string') env.npm_package_version = pkg.version;
  if (extra) for (const key of Object.keys(extra)) env[key] = extra[key]!;
  return env;
}

/** The shell prelude that sets the path-valued variables from the task's cwd (the package dir). */
export const PATH_VALUED_PRELUDE =
  'export INIT_CWD="$PWD" npm_package_json="$PWD/package.json" NODE="$(command -v node)"; export npm_node_execpath="$NODE"';

/** Quotes `text` for a POSIX shell. Pure. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command and lifecycle env of a script run. One phase: the prelude, then the script text itself
 * in the same shell (exactly npm's `sh -c <script>`), with `npm_lifecycle_*` in `setEnv`. Several
 * phases: each runs in its own `sh -c` with its own `npm_lifecycle_event`, chained with `&&` so the
 * first failure stops the run with its exit code, as npm does. Pure.
 */
export function composeScriptCommand(phases: readonly ScriptPhase[]): { command: string; lifecycleEnv: Record<string, string> } {
  if (phases.length === 1) {
    const [only] = phases as [ScriptPhase];
    return {
      command: `${PATH_VALUED_PRELUDE}\n${only.script}`,
      lifecycleEnv: { npm_lifecycle_event: only.event, npm_lifecycle_script: only.script },
    };
  }
  const chain = phases.map(
    (p) =>
      `npm_lifecycle_event=${shellQuote(p.event)} npm_lifecycle_script=${shellQuote(p.script)} sh -c ${shellQuote(p.script)}`,
  );
  return { command: `${PATH_VALUED_PRELUDE}\n${chain.join(' &&\n')}`, lifecycleEnv: {} };
}
