/**
 * The receipt of `ant affected`: the workspace's projects, ownership and dependency edges under a
 * {@link ReceiptStamp}. fast-affected.ts answers from it when the stamp holds — the changed files
 * still come from git each time (refs move without touching the work tree) — and also when only the
 * work tree changed but none of the files the plugins' project and dependency answers depend on
 * (`structure`, from the plugins' `structureFiles` and `projectFiles`; null when a plugin with
 * those hooks does not declare them).
 */
import { runGit } from '../hash/git-repo.js';
import { statFingerprint } from '../hash/git-tracked.js';
import type { AntPlugin, Project } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';
import { stampOf, writeReceipt, type ReceiptStamp } from './receipt-stamp.js';

export interface AffectedReceipt extends ReceiptStamp {
  kind: 'affected';
  options: { base?: string; head?: string; json: boolean };
  root: string;
  projects: Pick<Project, 'name' | 'root'>[];
  dependencies: [string, string[]][];
  globalInputs: string[];
  /** HEAD when the tree state was taken: changes since are `git diff <head>` plus the state's files. */
  head: string;
  /** Globs of the files projects and dependency edges depend on; null: every file. */
  structure: string[] | null;
}

/** The globs the plugins' projects and dependency edges depend on; null when one cannot say. */
export function structureGlobs(plugins: readonly Pick<AntPlugin, 'structureFiles' | 'projectFiles' | 'createProjects' | 'dependencies'>[]): string[] | null {
  const globs: string[] = [];
  for (const plugin of plugins) {
    const asks = Boolean(plugin.createProjects || plugin.dependencies);
    if (asks && plugin.structureFiles === undefined) return null;
    globs.push(...(plugin.structureFiles ?? []), ...(plugin.projectFiles ?? []));
  }
  return [...new Set(globs)].sort();
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
  let head: string;
  try {
    head = (await runGit(workspace.root, ['rev-parse', '--verify', 'HEAD'])).toString().trim();
  } catch {
    return; // no commit yet
  }
  // A commit between the tree state and this rev-parse would make `head` newer than the state.
  if (statFingerprint(`${stamp.tree.repo.gitDir}/index`) !== stamp.tree.index) return;
  const receipt: AffectedReceipt = {
    ...stamp,
    kind: 'affected',
    options: input.options,
    root: workspace.root,
    projects: workspace.projects.map((p) => ({ name: p.name, root: p.root })),
    dependencies: [...workspace.dependencies].map(([name, deps]) => [name, [...deps]]),
    globalInputs: workspace.config.globalInputs,
    head,
    structure: structureGlobs(workspace.host.plugins.map((p) => p.plugin)),
  };
  await writeReceipt(receipt, workspace.root);
}
