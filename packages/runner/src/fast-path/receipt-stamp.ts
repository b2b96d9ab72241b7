/**
 * Receipts: what a command worked out from the workspace, kept with everything that work depended
 * on, so the next identical command can prove by stat alone that none of it changed and answer
 * from the receipt without validating the config, loading a plugin, parsing the git index or
 * hashing anything (fast-run.ts, fast-affected.ts). That is what keeps a command on an unchanged
 * repo from doing work proportional to the repo.
 *
 * A receipt's stamp holds for a command when all of these are unchanged:
 *   - the command line and working directory (the receipt's file name is a digest of both);
 *   - ant itself (version, and both bundle entries, which every build rewrites);
 *   - the config file found from the working directory, and its text;
 *   - the environment (minus variables that differ between shells of one session, unless a task
 *     declares one), the plugins' code and the toolchain binaries they asked about — the same
 *     things the workspace snapshot is keyed on (workspace-inputs.ts);
 *   - the work tree, by its {@link TreeState} (index stat, changed and untracked files' stats).
 * Stored in `.ant/receipts/<digest>.json` (temp + rename); anything unreadable is a miss.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from '../cache/local-cache.js';
import type { TreeState } from '../hash/tree-state.js';
import type { Workspace } from '../workspace/workspace.js';
import { pluginCodeStamp, stableEnvEntries, toolsUnchanged, type ToolStat } from '../workspace/workspace-inputs.js';
import { VERSION } from '../version.js';

const RECEIPT_VERSION = 2;

export interface ReceiptStamp {
  version: number;
  /** Which command wrote it. */
  kind: 'run' | 'affected';
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
}

/** Where the receipt of `argv` run from `cwd` lives, in the workspace at `root`. */
export function receiptFile(root: string, argv: readonly string[], cwd: string): string {
  const digest = createHash('sha1').update(JSON.stringify([cwd, argv])).digest('hex').slice(0, 24);
  return path.join(root, '.ant', 'receipts', `${digest}.json`);
}

/** The stamp of the workspace as this command saw it; undefined when the tree is not provable by stat. */
export function stampOf(kind: ReceiptStamp['kind'], input: { argv: readonly string[]; cwd: string; env: NodeJS.ProcessEnv; keepEnv?: string[]; workspace: Workspace }): ReceiptStamp | undefined {
  const { workspace } = input;
  if (workspace.files.tree === undefined) return undefined;
  const keepEnv = input.keepEnv ?? [];
  return {
    version: RECEIPT_VERSION,
    kind,
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
    tree: workspace.files.tree,
  };
}

/**
 * What changed since the stamp was taken (see the module comment), leaving out the work tree
 * (hash/tree-state.ts checks that: `ant run` wants it unchanged, `ant affected` less); undefined
 * when nothing did.
 */
export function stalenessBesidesTree(stamp: ReceiptStamp, argv: readonly string[], cwd: string, configFile: string, env: NodeJS.ProcessEnv): string | undefined {
  if (stamp.ant !== antStamp()) return 'ant was rebuilt or upgraded';
  if (stamp.cwd !== cwd || JSON.stringify(stamp.argv) !== JSON.stringify(argv)) return 'another command';
  if (stamp.configFile !== configFile || readText(configFile) !== stamp.configText) return 'the config changed';
  if (stamp.env !== envDigest(env, stamp.keepEnv)) return 'the environment changed';
  for (let i = 0; i < stamp.pluginEntries.length; i++) {
    if (pluginCodeStamp(stamp.pluginEntries[i]) !== stamp.pluginStamps[i]) return `plugin ${stamp.pluginEntries[i]} changed`;
  }
  if (!toolsUnchanged(stamp.tools)) return 'a toolchain binary changed';
  return undefined;
}

/** The receipt of this kind for this command, if one was kept and is readable. */
export function readReceipt<R extends ReceiptStamp>(kind: ReceiptStamp['kind'], root: string, argv: readonly string[], cwd: string): R | undefined {
  try {
    const receipt = JSON.parse(readFileSync(receiptFile(root, argv, cwd), 'utf8')) as R;
    return receipt?.version === RECEIPT_VERSION && receipt.kind === kind ? receipt : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a receipt (temp + rename), and only the most recently written {@link KEPT_RECEIPTS}. */
export async function writeReceipt(receipt: ReceiptStamp, root: string): Promise<void> {
  const file = receiptFile(root, receipt.argv, receipt.cwd);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeAtomic(file, JSON.stringify(receipt));
    pruneReceipts(path.dirname(file));
  } catch {
    // An optimisation: without it the next command takes the full path.
  }
}

// One receipt per distinct command line: scripts that vary an argument (a --summarize file per
// run) would otherwise add one file a run.
const KEPT_RECEIPTS = 64;

function pruneReceipts(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= KEPT_RECEIPTS) return;
  const byAge = names
    .map((n) => ({ file: path.join(dir, n), mtimeMs: statSync(path.join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { file } of byAge.slice(KEPT_RECEIPTS)) rmSync(file, { force: true });
}

function envDigest(env: NodeJS.ProcessEnv, keep: readonly string[]): string {
  return createHash('sha1').update(stableEnvEntries(env, new Set(keep)).join('\0')).digest('hex');
}

// Every build of ant rewrites both bundle entries, the full path's and the fast path's, which sit
// beside the code calling this in either bundle.
function antStamp(): string {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const stamps = ['main.js', 'fast-path.cjs'].map((name) => {
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
