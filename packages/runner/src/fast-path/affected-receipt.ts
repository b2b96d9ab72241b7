/**
 * The receipt of `ant affected`: the workspace's projects, ownership and dependency edges under a
 * {@link ReceiptStamp}. fast-affected.ts answers from it when the stamp holds — the changed files
 * still come from git each time (refs move without touching the work tree).
 */
import type { Project } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';
import { stampOf, writeReceipt, type ReceiptStamp } from './receipt-stamp.js';

export interface AffectedReceipt extends ReceiptStamp {
  kind: 'affected';
  options: { base?: string; head?: string; json: boolean };
  root: string;
  projects: Pick<Project, 'name' | 'root'>[];
  dependencies: [string, string[]][];
  globalInputs: string[];
}

export async function writeAffectedReceipt(input: {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  options: AffectedReceipt['options'];
  workspace: Workspace;
}): Promise<void> {
  const { workspace } = input;
  const stamp = stampOf('affected', input);
  if (stamp === undefined) return;
  const receipt: AffectedReceipt = {
    ...stamp,
    kind: 'affected',
    options: input.options,
    root: workspace.root,
    projects: workspace.projects.map((p) => ({ name: p.name, root: p.root })),
    dependencies: [...workspace.dependencies].map(([name, deps]) => [name, [...deps]]),
    globalInputs: workspace.config.globalInputs,
  };
  await writeReceipt(receipt, workspace.root);
}
