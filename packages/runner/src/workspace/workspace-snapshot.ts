/**
 * The workspace as the plugins described it last time — projects, tasks, dependencies and each
 * task's plugin hash inputs — reused when nothing a plugin could have read has changed. This is
 * what keeps a run with no changes from doing work proportional to the repo: no manifest is
 * re-read, no lockfile re-parsed, no hook called.
 *
 * The key covers everything a plugin's answers depend on (plugins are pure functions of these):
 *   - the content id of every workspace file (tracked and untracked, from the file hasher);
 *   - the config text, the plugins' code (every file of each plugin package's dist, by stat);
 *   - the environment (minus variables that change between shells of one session);
 *   - the toolchains the plugins asked about (binary path, size and mtime, verified on use).
 * Any difference is a miss, and the workspace is built from the plugins again. Stored in
 * `.ant/workspace-snapshot.json` (temp + rename); a corrupt or foreign file is a miss.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../cache/local-cache.js';
import type { AntConfig } from '../config/schema.js';
import type { Project, TaskSpec } from '../plugin/api.js';
import type { WorkspaceFiles } from '../hash/file-hasher.js';
import { xxh64 } from '../hash/xxhash.js';
import { pluginCodeStamp, stableEnvEntries, toolsUnchanged, type ToolStat } from './workspace-inputs.js';

export type { ToolStat } from './workspace-inputs.js';

const SNAPSHOT_VERSION = 1;

export interface WorkspaceSnapshot {
  version: number;
  key: string;
  tools: ToolStat[];
  config: AntConfig;
  projects: Project[];
  dependencies: [string, string[]][];
  tasks: [string, Record<string, TaskSpec>][];
  /** `plugin\0project\0task` → the plugin's hashInputs answer. */
  hashInputs: Record<string, Record<string, string>>;
}

export function snapshotFile(stateDir: string): string {
  return path.join(stateDir, 'workspace-snapshot.json');
}

/** The key of the current state; see the file comment for what it covers. */
export async function snapshotKey(input: {
  root: string;
  configText: string;
  pluginEntries: string[];
  env: NodeJS.ProcessEnv;
  files: WorkspaceFiles;
}): Promise<string> {
  const hash = await xxh64();
  const parts: string[] = [`v${SNAPSHOT_VERSION}`, input.root, input.configText];
  for (const entry of input.pluginEntries) parts.push(pluginCodeStamp(entry));
  parts.push(...stableEnvEntries(input.env));
  // Map order follows the index (sorted) then untracked files (sorted): stable for one state.
  const files: string[] = [];
  for (const [file, entry] of input.files.files) files.push(`${file}\0${entry.hash}\0${entry.mode}`);
  parts.push(hash(files.join('\n')));
  return hash(parts.join('\u0001'));
}

export function readSnapshot(stateDir: string, key: string): WorkspaceSnapshot | undefined {
  let snapshot: WorkspaceSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotFile(stateDir), 'utf8')) as WorkspaceSnapshot;
  } catch {
    return undefined;
  }
  if (snapshot?.version !== SNAPSHOT_VERSION || snapshot.key !== key) return undefined;
  return toolsUnchanged(snapshot.tools ?? []) ? snapshot : undefined;
}

export async function writeSnapshot(stateDir: string, snapshot: WorkspaceSnapshot): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeAtomic(snapshotFile(stateDir), JSON.stringify(snapshot));
}
