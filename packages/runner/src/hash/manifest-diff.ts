/**
 * What changed between two manifests of one task: files changed/added/removed, env values,
 * dependency hashes, plugin inputs (toolchain versions, lockfile slices), command and the rest.
 * Pure; `ant explain` and `--verbose` misses print it.
 */
import type { TaskManifest } from './manifest.js';

export interface ManifestDiff {
  files: { changed: string[]; added: string[]; removed: string[] };
  globalInputs: { changed: string[]; added: string[]; removed: string[] };
  env: { name: string; before: string | null | undefined; after: string | null | undefined }[];
  dependencies: { id: string; before?: string; after?: string }[];
  plugin: { name: string; before?: string; after?: string }[];
  /** Other top-level fields that differ (command, cwd, outputs, platform, scheme …). */
  fields: string[];
}

function diffRecords(before: Record<string, string>, after: Record<string, string>) {
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (!(key in before)) added.push(key);
    else if (before[key] !== value) changed.push(key);
  }
  for (const key of Object.keys(before)) if (!(key in after)) removed.push(key);
  return { changed: changed.sort(), added: added.sort(), removed: removed.sort() };
}

export function diffManifests(before: TaskManifest, after: TaskManifest): ManifestDiff {
  const envNames = new Set([...Object.keys(before.env ?? {}), ...Object.keys(after.env ?? {})]);
  const env = [...envNames]
    .filter((name) => before.env?.[name] !== after.env?.[name])
    .sort()
    .map((name) => ({ name, before: before.env?.[name], after: after.env?.[name] }));
  const depIds = new Set([...Object.keys(before.dependencies ?? {}), ...Object.keys(after.dependencies ?? {})]);
  const dependencies = [...depIds]
    .filter((id) => before.dependencies?.[id] !== after.dependencies?.[id])
    .sort()
    .map((id) => ({ id, before: before.dependencies?.[id], after: after.dependencies?.[id] }));
  const pluginNames = new Set([...Object.keys(before.plugin ?? {}), ...Object.keys(after.plugin ?? {})]);
  const plugin = [...pluginNames]
    .filter((name) => before.plugin?.[name] !== after.plugin?.[name])
    .sort()
    .map((name) => ({ name, before: before.plugin?.[name], after: after.plugin?.[name] }));
  const simple = ['scheme', 'command', 'executor', 'cwd', 'setEnv', 'pathPrepend', 'outputs', 'platform', 'fields'] as const;
  const fields = simple.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return {
    files: diffRecords(before.inputs ?? {}, after.inputs ?? {}),
    globalInputs: diffRecords(before.globalInputs ?? {}, after.globalInputs ?? {}),
    env,
    dependencies,
    plugin,
    fields: [...fields],
  };
}

export function isEmptyDiff(diff: ManifestDiff): boolean {
  return summarizeDiff(diff) === 'nothing changed';
}

/** One line: the first few reasons. */
export function summarizeDiff(diff: ManifestDiff): string {
  const parts: string[] = [];
  const files = (label: string, list: string[]) => list.length && parts.push(`${label} ${list.slice(0, 3).join(', ')}${list.length > 3 ? ` (+${list.length - 3})` : ''}`);
  files('changed', diff.files.changed);
  files('added', diff.files.added);
  files('removed', diff.files.removed);
  files('global input changed', [...diff.globalInputs.changed, ...diff.globalInputs.added, ...diff.globalInputs.removed]);
  if (diff.env.length) parts.push(`env ${diff.env.map((e) => e.name).join(', ')}`);
  if (diff.dependencies.length) parts.push(`dependency ${diff.dependencies.map((d) => d.id).join(', ')}`);
  if (diff.plugin.length) parts.push(`plugin input ${diff.plugin.map((p) => p.name).join(', ')}`);
  if (diff.fields.length) parts.push(`${diff.fields.join(', ')} changed`);
  return parts.length ? parts.join('; ') : 'nothing changed';
}
