/**
 * Affected projects: the projects owning changed files, plus every project that depends on them,
 * each with the reason it is in. A change to a global input affects everything; a change to a file
 * no project owns is offered to the plugins (plugin-js narrows a root package-lock.json change to
 * the packages whose resolved dependencies changed).
 */
import picomatch from 'picomatch';
import type { Workspace } from '../workspace/workspace.js';
import { changedFiles, defaultBase, mergeBase, revParse, showFile } from './git.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export type AffectedReason =
  | { kind: 'changed'; files: string[] }
  | { kind: 'dependency'; of: string }
  | { kind: 'global'; file: string }
  | { kind: 'plugin'; plugin: string; file: string };

export interface AffectedResult {
  base: string;
  head: string;
  changedFiles: string[];
  projects: string[];
  reasons: Record<string, AffectedReason>;
}

/** What git says changed: the merge-base, the head, and the files between them. */
export interface GitChanges {
  base: string;
  headSha: string | undefined;
  files: string[];
}

/**
 * The git half of `--affected`, which needs only the workspace root: callers start it while the
 * workspace loads, so the two costs overlap.
 */
export async function gitChanges(root: string, options: { base?: string; head?: string }): Promise<GitChanges> {
  const baseRef = options.base ?? (await defaultBase(root));
  const headSha = options.head ? await revParse(root, options.head) : undefined;
  if (options.head && !headSha) {
    const { ScmError } = await import('../errors.js');
    throw new ScmError(`head "${options.head}" is not a known revision`, { code: 'ANT_SCM_NO_HEAD', hint: 'pass an existing branch, tag or commit to --head' });
  }
  const base = await mergeBase(root, baseRef, headSha ?? 'HEAD');
  return { base, headSha, files: await changedFiles(root, base, headSha) };
}

export async function computeAffected(
  workspace: Workspace,
  options: { base?: string; head?: string },
  changes?: Promise<GitChanges>,
): Promise<AffectedResult> {
  const root = workspace.root;
  const { base, headSha, files } = await (changes ?? gitChanges(root, options));
  const reasons = new Map<string, AffectedReason>();

  const globalPatterns = ['ant.config.json', '.antrc.json', 'ant.config.mjs', ...workspace.config.globalInputs];
  const isGlobal = picomatch(globalPatterns, { dot: true });
  const everything = (reason: AffectedReason) => {
    for (const project of workspace.projects) if (!reasons.has(project.name)) reasons.set(project.name, reason);
  };

  for (const file of files) {
    if (isGlobal(file)) {
      everything({ kind: 'global', file });
      continue;
    }
    const owner = workspace.ownership.ownerOf(file);
    if (owner) {
      const reason = reasons.get(owner.name);
      if (reason?.kind === 'changed') reason.files.push(file);
      else if (!reason || reason.kind === 'dependency') reasons.set(owner.name, { kind: 'changed', files: [file] });
      continue;
    }
    // Outside every project: ask the plugins who it concerns (a root lockfile, a shared config).
    const change = {
      path: file,
      before: await showFile(root, base, file),
      after: headSha ? await showFile(root, headSha, file) : await readFile(path.join(root, file), 'utf8').catch(() => undefined),
    };
    for (const { plugin } of workspace.host.plugins) {
      const narrowed = await workspace.host.narrowChange(plugin, change);
      if (narrowed === 'all') everything({ kind: 'plugin', plugin: plugin.name, file });
      else if (narrowed) {
        for (const name of narrowed) {
          if (workspace.projectByName.has(name) && !reasons.has(name)) reasons.set(name, { kind: 'plugin', plugin: plugin.name, file });
        }
      }
    }
  }

  // Transitive dependents.
  const dependents = new Map<string, string[]>();
  for (const [name, deps] of workspace.dependencies) {
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), name]);
  }
  const queue = [...reasons.keys()];
  for (let i = 0; i < queue.length; i++) {
    for (const dependent of dependents.get(queue[i]) ?? []) {
      if (reasons.has(dependent)) continue;
      reasons.set(dependent, { kind: 'dependency', of: queue[i] });
      queue.push(dependent);
    }
  }
  const projects = [...reasons.keys()].sort();
  return {
    base,
    head: headSha ?? 'WORKTREE',
    changedFiles: files,
    projects,
    reasons: Object.fromEntries(projects.map((p) => [p, reasons.get(p)!])),
  };
}

export function describeReason(reason: AffectedReason): string {
  switch (reason.kind) {
    case 'changed':
      return `changed: ${reason.files.slice(0, 3).join(', ')}${reason.files.length > 3 ? ` and ${reason.files.length - 3} more` : ''}`;
    case 'dependency':
      return `depends on ${reason.of}`;
    case 'global':
      return `global input changed: ${reason.file}`;
    case 'plugin':
      return `${reason.file} changed (${reason.plugin})`;
  }
}
