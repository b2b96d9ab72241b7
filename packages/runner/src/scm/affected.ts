/**
 * Affected projects: the projects owning changed files, plus every project that depends on them,
 * each with the reason it is in. A change to a global input affects everything; a change to a file
 * no project owns is offered to the plugins (plugin-js narrows a root package-lock.json change to
 * the packages whose resolved dependencies changed).
 */
import picomatch from 'picomatch';
import type { AntConfig } from '../config/schema.js';
import type { Project } from '../plugin/api.js';
import type { PluginHost } from '../plugin/host.js';
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

/** What affected-ness needs of a workspace (a replay from a receipt builds this without plugins). */
export interface AffectedWorkspace {
  root: string;
  projects: readonly Pick<Project, 'name'>[];
  projectByName: ReadonlyMap<string, unknown>;
  dependencies: ReadonlyMap<string, readonly string[]>;
  ownership: { ownerOf(file: string): Pick<Project, 'name'> | undefined };
  config: Pick<AntConfig, 'globalInputs'>;
}

/** A plugin's answer about a file no project owns: which projects it concerns (`narrowChange`). */
export type Narrowing = { plugin: string; answer: readonly string[] | 'all' | undefined };

export async function computeAffected(
  workspace: AffectedWorkspace & { host: Pick<PluginHost, 'plugins' | 'narrowChange'> },
  options: { base?: string; head?: string },
  changes?: Promise<GitChanges>,
): Promise<AffectedResult> {
  const root = workspace.root;
  const git = await (changes ?? gitChanges(root, options));
  // Outside every project: ask the plugins who it concerns (a root lockfile, a shared config).
  const narrowings = new Map<string, Narrowing[]>();
  for (const file of unownedFiles(workspace, git.files)) {
    const change = {
      path: file,
      before: await showFile(root, git.base, file),
      after: git.headSha ? await showFile(root, git.headSha, file) : await readFile(path.join(root, file), 'utf8').catch(() => undefined),
    };
    const answers: Narrowing[] = [];
    for (const { plugin } of workspace.host.plugins) answers.push({ plugin: plugin.name, answer: await workspace.host.narrowChange(plugin, change) });
    narrowings.set(file, answers);
  }
  return affectedFrom(workspace, git, narrowings);
}

/** Changed files that are no global input and no project's: only plugins can place them. */
export function unownedFiles(workspace: AffectedWorkspace, files: readonly string[]): string[] {
  const isGlobal = globalInputMatcher(workspace);
  return files.filter((file) => !isGlobal(file) && !workspace.ownership.ownerOf(file));
}

/** Affected projects and why, from the changes and the plugins' answers about unowned files. Pure. */
export function affectedFrom(workspace: AffectedWorkspace, git: GitChanges, narrowings: ReadonlyMap<string, readonly Narrowing[]>): AffectedResult {
  const reasons = new Map<string, AffectedReason>();
  const isGlobal = globalInputMatcher(workspace);
  const everything = (reason: AffectedReason) => {
    for (const project of workspace.projects) if (!reasons.has(project.name)) reasons.set(project.name, reason);
  };

  for (const file of git.files) {
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
    for (const { plugin, answer } of narrowings.get(file) ?? []) {
      if (answer === 'all') everything({ kind: 'plugin', plugin, file });
      else if (answer) {
        for (const name of answer) {
          if (workspace.projectByName.has(name) && !reasons.has(name)) reasons.set(name, { kind: 'plugin', plugin, file });
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
    base: git.base,
    head: git.headSha ?? 'WORKTREE',
    changedFiles: git.files,
    projects,
    reasons: Object.fromEntries(projects.map((p) => [p, reasons.get(p)!])),
  };
}

function globalInputMatcher(workspace: AffectedWorkspace): (file: string) => boolean {
  return picomatch(['ant.config.json', '.antrc.json', 'ant.config.mjs', ...workspace.config.globalInputs], { dot: true });
}

/** Prints a result as `ant affected` does: names on stdout (or JSON), reasons on stderr. */
export function writeAffected(result: AffectedResult, json: boolean, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): void {
  if (json) {
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  // Names on stdout, one a line (for scripts); the reasons on stderr (for people).
  for (const name of result.projects) stdout.write(`${name}\n`);
  const width = Math.max(0, ...result.projects.map((n) => n.length));
  for (const name of result.projects) stderr.write(`  ${name.padEnd(width)}  ${describeReason(result.reasons[name])}\n`);
  stderr.write(`${result.projects.length} affected by ${result.changedFiles.length} changed files since ${result.base.slice(0, 12)}\n`);
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
