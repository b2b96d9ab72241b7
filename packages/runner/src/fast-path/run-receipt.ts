/**
 * Run receipts: what a fully successful `ant run` worked out — its task graph and every task's
 * hash — kept together with everything that work depended on, so the next identical command can
 * prove by stat alone that none of it changed and replay the run from the cache (fast-run.ts)
 * without validating the config, loading a plugin, parsing the git index or hashing anything.
 * That is what keeps a fully cached run from doing work proportional to the repo.
 *
 * A receipt holds for a command when all of these are unchanged:
 *   - the command line and working directory (the receipt's file name is a digest of both);
 *   - ant itself (version and the file holding this code, which every build rewrites);
 *   - the config file found from the working directory, and its text;
 *   - the environment (minus variables that differ between shells of one session, unless a task
 *     declares one), the plugins' code and the toolchain binaries they asked about — the same
 *     things the workspace snapshot is keyed on (workspace-snapshot.ts);
 *   - the work tree, by its {@link TreeState} (index stat, changed and untracked files' stats).
 * Only runs that need nothing but the cache are kept: no `--affected` (it depends on refs), dry
 * runs, `--force`, `--no-cache`, `--profile` or GitHub Actions groups; every task cacheable and
 * successful. Stored in `.ant/receipts/<digest>.json` (temp + rename); anything unreadable is a miss.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRequest } from '../cli/run-action.js';
import type { AntConfig } from '../config/schema.js';
import type { TaskGraph, TaskNode } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import type { TreeState } from '../hash/tree-state.js';
import { treeStateChange } from '../hash/tree-state.js';
import type { Project, TaskSpec } from '../plugin/api.js';
import type { Plan } from '../scheduler/plan.js';
import type { TaskRecord } from '../report/events.js';
import { writeAtomic } from '../cache/local-cache.js';
import type { WorkspaceDirs } from '../workspace/dirs.js';
import type { Workspace } from '../workspace/workspace.js';
import { isVolatileEnv, pluginCodeStamp, stableEnvEntries, toolsUnchanged, type ToolStat } from '../workspace/workspace-inputs.js';
import { VERSION } from '../version.js';

const RECEIPT_VERSION = 1;

export interface RunReceipt {
  version: number;
  ant: string;
  argv: string[];
  cwd: string;
  /** Digest of {@link stableEnvEntries}, keeping `keepEnv`. */
  env: string;
  /** Session-volatile variable names the tasks declare, hence kept in the digest. */
  keepEnv: string[];
  configFile: string;
  configText: string;
  pluginEntries: string[];
  pluginStamps: string[];
  tools: ToolStat[];
  tree: TreeState;
  request: RunRequest;
  verbose: boolean;
  root: string;
  dirs: WorkspaceDirs;
  config: Pick<AntConfig, 'concurrency' | 'globalEnv' | 'globalPassThroughEnv'>;
  /** The projects of the graph's tasks. */
  projects: Project[];
  /** The graph; specs keep only what replaying reads ({@link replaySpec}). */
  graph: { order: TaskId[]; targets: TaskId[]; nodes: TaskNode[] };
  hashes: [TaskId, string][];
}

/** Where the receipt of `argv` run from `cwd` lives, in the workspace at `root`. */
export function receiptFile(root: string, argv: readonly string[], cwd: string): string {
  const digest = createHash('sha1').update(JSON.stringify([cwd, argv])).digest('hex').slice(0, 24);
  return path.join(root, '.ant', 'receipts', `${digest}.json`);
}

/** Why a run gets no receipt (undefined: it gets one). Pure. */
export function receiptRefusal(
  request: RunRequest,
  env: NodeJS.ProcessEnv,
  graph: TaskGraph,
  records: readonly TaskRecord[],
  tree: TreeState | undefined,
): string | undefined {
  if (request.affected || request.dryRun || request.force || request.noCache || request.profile) return 'options';
  if (env.GITHUB_ACTIONS === 'true') return 'GitHub Actions log groups';
  if (tree === undefined) return 'work tree not provable by stat';
  for (const node of graph.nodes.values()) {
    const runs = Boolean(node.spec.command || node.spec.executor);
    if (runs && (node.spec.cache === false || node.spec.persistent)) return `${node.id} is not cacheable`;
  }
  if (records.some((r) => r.status !== 'success' && r.status !== 'cached')) return 'not every task succeeded';
  return undefined;
}

/** After a run: keeps its receipt, or removes a stale one when this run does not qualify. */
export async function writeRunReceipt(input: {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  request: RunRequest;
  verbose: boolean;
  workspace: Workspace;
  plan: Plan;
  records: readonly TaskRecord[];
}): Promise<void> {
  const { workspace, plan } = input;
  const file = receiptFile(workspace.root, input.argv, input.cwd);
  if (receiptRefusal(input.request, input.env, plan.graph, input.records, workspace.files.tree) !== undefined) {
    rmSync(file, { force: true });
    return;
  }
  const keepEnv = declaredVolatileEnv(workspace, plan.graph, input.env);
  const inGraph = new Set([...plan.graph.nodes.values()].map((n) => n.project));
  const receipt: RunReceipt = {
    version: RECEIPT_VERSION,
    ant: antStamp(),
    argv: [...input.argv],
    cwd: input.cwd,
    env: envDigest(input.env, keepEnv),
    keepEnv,
    configFile: workspace.configFile,
    configText: workspace.origin.configText,
    pluginEntries: workspace.origin.pluginEntries,
    pluginStamps: workspace.origin.pluginEntries.map(pluginCodeStamp),
    tools: workspace.origin.tools(),
    tree: workspace.files.tree!,
    request: input.request,
    verbose: input.verbose,
    root: workspace.root,
    dirs: workspace.dirs,
    config: {
      concurrency: workspace.config.concurrency,
      globalEnv: workspace.config.globalEnv,
      globalPassThroughEnv: workspace.config.globalPassThroughEnv,
    },
    projects: workspace.projects.filter((p) => inGraph.has(p.name)),
    graph: {
      order: plan.graph.order,
      targets: plan.graph.targets,
      nodes: [...plan.graph.nodes.values()].map((n) => ({ ...n, spec: replaySpec(n.spec) })),
    },
    hashes: [...plan.hashes].map(([id, hashed]) => [id, hashed.hash]),
  };
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeAtomic(file, JSON.stringify(receipt));
  } catch {
    // An optimisation: without it the next run takes the full path.
  }
}

/** The receipt for this command, if one was kept and is readable. */
export function readRunReceipt(root: string, argv: readonly string[], cwd: string): RunReceipt | undefined {
  try {
    const receipt = JSON.parse(readFileSync(receiptFile(root, argv, cwd), 'utf8')) as RunReceipt;
    return receipt?.version === RECEIPT_VERSION ? receipt : undefined;
  } catch {
    return undefined;
  }
}

/** What changed since the receipt's run (see the module comment); undefined when nothing did. */
export async function receiptStaleness(receipt: RunReceipt, argv: readonly string[], cwd: string, configFile: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (receipt.ant !== antStamp()) return 'ant was rebuilt or upgraded';
  if (receipt.cwd !== cwd || JSON.stringify(receipt.argv) !== JSON.stringify(argv)) return 'another command';
  if (receipt.configFile !== configFile || readText(configFile) !== receipt.configText) return 'the config changed';
  if (receipt.env !== envDigest(env, receipt.keepEnv)) return 'the environment changed';
  for (let i = 0; i < receipt.pluginEntries.length; i++) {
    if (pluginCodeStamp(receipt.pluginEntries[i]) !== receipt.pluginStamps[i]) return `plugin ${receipt.pluginEntries[i]} changed`;
  }
  if (!toolsUnchanged(receipt.tools)) return 'a toolchain binary changed';
  return treeStateChange(receipt.tree);
}

/** What a cache hit reads of a spec: whether it runs and caches, and its outputs (to restore). */
export function replaySpec(spec: TaskSpec): TaskSpec {
  const { command, executor, outputs, cache, persistent } = spec;
  return {
    ...(command === undefined ? {} : { command }),
    ...(executor === undefined ? {} : { executor: { module: executor.module, export: executor.export } }),
    ...(outputs === undefined ? {} : { outputs }),
    ...(cache === undefined ? {} : { cache }),
    ...(persistent === undefined ? {} : { persistent }),
  };
}

function envDigest(env: NodeJS.ProcessEnv, keep: readonly string[]): string {
  return createHash('sha1').update(stableEnvEntries(env, new Set(keep)).join('\0')).digest('hex');
}

// Variables a task hashes or receives that the snapshot's key would leave out; a pattern keeps all.
function declaredVolatileEnv(workspace: Workspace, graph: TaskGraph, env: NodeJS.ProcessEnv): string[] {
  const names = new Set([...workspace.config.globalEnv, ...workspace.config.globalPassThroughEnv]);
  for (const node of graph.nodes.values()) for (const name of [...(node.spec.env ?? []), ...(node.spec.passThroughEnv ?? [])]) names.add(name);
  if ([...names].some((n) => /[*?]/.test(n))) return Object.keys(env).filter(isVolatileEnv).sort();
  return [...names].filter(isVolatileEnv).sort();
}

// Every build of ant rewrites both bundle entries, the full path's and the fast path's, which sit
// beside the code calling this in either bundle.
function antStamp(): string {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const stamps = ['main.js', 'fast-run.js'].map((name) => {
    const st = statSync(path.join(dir, name), { throwIfNoEntry: false });
    return st ? `${st.size}:${st.mtimeMs}` : 'none';
  });
  return `${VERSION}:${stamps.join(':')}`;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
