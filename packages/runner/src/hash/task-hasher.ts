/**
 * Builds each task's manifest and hashes it, in topological order (a task's hash includes its
 * dependencies' hashes). File hashes come from the workspace file map collected once per run;
 * files are grouped by owning project once, so hashing N tasks costs O(files + N), not O(files × N).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileGlobs } from './glob-matcher.js';
import type { TaskGraph, TaskNode } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import type { Workspace } from '../workspace/workspace.js';
import { relativeTo } from '../workspace/ownership.js';
import type { FileEntry } from './file-hasher.js';
import { HASH_SCHEME, type TaskManifest } from './manifest.js';
import { sortedCopy } from './canonical-json.js';
import { xxh64 } from './xxhash.js';

export interface HashedTask {
  hash: string;
  manifest: TaskManifest;
}

/** Never inputs: ant's own state and dependency installs (substring tests: this runs per file). */
function neverInput(file: string): boolean {
  return file.includes('node_modules/') || file.startsWith('.ant/') || file.includes('/.ant/');
}

export async function hashTasks(
  workspace: Workspace,
  graph: TaskGraph,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Map<TaskId, HashedTask>> {
  const hash = await xxh64();
  const filesByProject = workspace.ownership.group(workspace.files.files.keys());
  // Sorted once per project: every manifest's inputs are then built already in canonical order.
  for (const list of filesByProject.values()) list.sort();
  const globalInputs = collectGlobalInputs(workspace);
  const platform = `${process.platform}-${process.arch}`;
  const results = new Map<TaskId, HashedTask>();

  // Plugin inputs are independent of each other: ask for all of them at once.
  const pluginInputs = new Map<TaskId, Promise<Record<string, string>>>();
  for (const id of graph.order) pluginInputs.set(id, collectPluginInputs(workspace, graph.nodes.get(id)!));

  for (const id of graph.order) {
    const node = graph.nodes.get(id)!;
    const project = workspace.projectByName.get(node.project)!;
    const spec = node.spec;
    // Keys in alphabetical order and every record built sorted: JSON.stringify of this object is
    // the canonical text, without a deep sorted copy of a thousand manifests.
    const manifest: TaskManifest = {
      command: spec.command,
      cwd: spec.cwd ?? '.',
      dependencies: Object.fromEntries(node.dependsOn.map((dep) => [dep, results.get(dep)!.hash])),
      env: envValues([...(workspace.config.globalEnv ?? []), ...(spec.env ?? [])], env),
      executor: spec.executor && (sortedCopy({
        module: stableModuleId(spec.executor.module, workspace.root),
        export: spec.executor.export,
        options: spec.executor.options,
      }) as TaskManifest['executor']),
      fields: sortedCopy(project.fields) as Record<string, unknown>,
      globalInputs,
      inputs: selectInputs(workspace, project.root, filesByProject.get(project.name) ?? [], spec.inputs, spec.outputs ?? []),
      outputs: spec.outputs ?? [],
      pathPrepend: spec.pathPrepend ?? [],
      platform,
      plugin: sortedCopy(await pluginInputs.get(id)!) as Record<string, string>,
      scheme: HASH_SCHEME,
      setEnv: sortedCopy(spec.setEnv ?? {}) as Record<string, string>,
      task: id,
    };
    results.set(id, { hash: hash(JSON.stringify(manifest)), manifest });
  }
  return results;
}

function fileValue(entry: FileEntry): string {
  if (entry.mode === 0o120000) return `${entry.hash}:l`;
  if (entry.mode === 0o100755) return `${entry.hash}:x`;
  return entry.hash;
}

function collectGlobalInputs(workspace: Workspace): Record<string, string> {
  const patterns = [...(workspace.config.globalInputs ?? [])];
  const out: Record<string, string> = {};
  if (patterns.every((p) => !/[*?[\]{}()!+@]/.test(p))) {
    // Literal paths (the usual case): look them up instead of testing every file.
    for (const file of [...patterns].sort()) {
      const entry = workspace.files.files.get(file);
      if (entry) out[file] = fileValue(entry);
    }
    return out;
  }
  const isMatch = compileGlobs(patterns);
  for (const [file, entry] of workspace.files.files) if (isMatch(file)) out[file] = fileValue(entry);
  return sortedCopy(out) as Record<string, string>;
}

/**
 * The task's input files. Without `inputs`: every file of the project minus its outputs. With
 * `inputs`: globs relative to the project root, `$root/…` relative to the workspace, `!` excludes.
 */
function selectInputs(
  workspace: Workspace,
  projectRoot: string,
  ownedFiles: readonly string[],
  inputs: readonly string[] | undefined,
  outputs: readonly string[],
): Record<string, string> {
  const files = workspace.files.files;
  const out: Record<string, string> = {};
  const isOutput = outputs.length ? compileGlobs(outputs.filter((o) => !o.startsWith('!'))) : () => false;
  if (!inputs || inputs.length === 0) {
    for (const file of ownedFiles) {
      if (neverInput(file)) continue;
      if (isOutput(relativeTo(projectRoot, file))) continue;
      out[file] = fileValue(files.get(file)!);
    }
    return out;
  }
  const local = inputs.filter((p) => !p.replace(/^!/, '').startsWith('$root/'));
  const rooted = inputs.filter((p) => p.replace(/^!/, '').startsWith('$root/'));
  const positive = local.filter((p) => !p.startsWith('!'));
  const negative = local.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  if (positive.length) {
    const isMatch = compileGlobs(positive, negative);
    for (const file of ownedFiles) {
      if (neverInput(file)) continue;
      if (isMatch(relativeTo(projectRoot, file))) out[file] = fileValue(files.get(file)!);
    }
  }
  if (rooted.length) {
    const strip = (p: string) => p.replace(/^(!?)\$root\//, '$1');
    const rootPositive = rooted.filter((p) => !p.startsWith('!')).map(strip);
    const rootNegative = rooted.filter((p) => p.startsWith('!')).map((p) => strip(p).slice(1));
    const isMatch = compileGlobs(rootPositive, rootNegative);
    for (const [file, entry] of files) if (!neverInput(file) && isMatch(file)) out[file] = fileValue(entry);
    return sortedCopy(out) as Record<string, string>;
  }
  return out;
}

/**
 * Env values by name; `PREFIX_*` takes every variable with that prefix. Values are recorded as
 * SHA-256 digests: the manifest is kept on disk and shown by `ant explain`, and a declared env var
 * may be a secret.
 */
function envValues(names: readonly string[], env: NodeJS.ProcessEnv): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const digest = (value: string | undefined) =>
    value === undefined ? null : `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
  for (const name of names) {
    if (name.endsWith('*')) {
      const prefix = name.slice(0, -1);
      for (const key of Object.keys(env)) if (key.startsWith(prefix)) out[key] = digest(env[key]);
    } else {
      out[name] = digest(env[name]);
    }
  }
  return out;
}

async function collectPluginInputs(workspace: Workspace, node: TaskNode): Promise<Record<string, string>> {
  const project = workspace.projectByName.get(node.project)!;
  const out: Record<string, string> = {};
  for (const plugin of workspace.host.pluginsFor(project.language)) {
    const values = await workspace.host.hashInputs(plugin, project, node.task, node.spec);
    for (const [key, value] of Object.entries(values)) out[`${plugin.name}:${key}`] = value;
  }
  return out;
}

const moduleIds = new Map<string, string>();

/**
 * An executor module named by absolute path is hashed as `package@version/path-in-package`, so
 * the hash is the same in every clone and on every machine.
 */
export function stableModuleId(module: string, root: string): string {
  if (!path.isAbsolute(module)) return module;
  const known = moduleIds.get(module);
  if (known) return known;
  let dir = path.dirname(module);
  let id = path.relative(root, module).split(path.sep).join('/');
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name) {
        id = `${pkg.name}@${pkg.version ?? '0'}/${path.relative(dir, module).split(path.sep).join('/')}`;
        break;
      }
    } catch {
      // no package.json here
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  moduleIds.set(module, id);
  return id;
}
