/** `ant explain`: hashes the task's graph as `ant run` would, then prints manifest and diff. */
import { GraphError } from '../errors.js';
import { parseTaskId } from '../graph/task-id.js';
import { OutputState } from '../cache/output-state.js';
import { ManifestStore } from '../hash/manifest-store.js';
import { diffManifests, summarizeDiff } from '../hash/manifest-diff.js';
import { planRun } from '../scheduler/plan.js';
import type { BaseCommand } from './base-command.js';

export async function explainTask(command: BaseCommand, id: string, json: boolean): Promise<number> {
  if (!parseTaskId(id)) {
    throw new GraphError(`"${id}" is not a task id`, { code: 'ANT_USAGE_TASK_ID', hint: 'write project:task, e.g. ant explain api:build' });
  }
  const workspace = await command.workspace();
  const plan = await planRun(workspace, { targets: [id] }, command.context.env);
  const hashed = plan.hashes.get(id as never)!;
  const previous = new OutputState(workspace.dirs.state).previous(id);
  const old = previous && previous.hash !== hashed.hash ? await new ManifestStore(workspace.dirs.state).load(previous.hash) : undefined;
  const diff = old ? diffManifests(old, hashed.manifest) : undefined;
  const out = command.context.stdout;
  if (json) {
    out.write(`${JSON.stringify({ task: id, hash: hashed.hash, manifest: hashed.manifest, previous: previous ?? null, diff: diff ?? null }, null, 2)}\n`);
    return 0;
  }
  const m = hashed.manifest;
  out.write(`${id}  hash ${hashed.hash}\n`);
  out.write(`  scheme      ${m.scheme}   platform ${m.platform}\n`);
  out.write(`  command     ${m.command !== undefined ? JSON.stringify(m.command) : m.executor ? `executor ${m.executor.module}#${m.executor.export}` : '(none)'}\n`);
  out.write(`  cwd         ${m.cwd}\n`);
  out.write(`  outputs     ${m.outputs.join(', ') || '(none)'}\n`);
  out.write(`  env         ${Object.entries(m.env).map(([k, v]) => `${k}=${v === null ? '(unset)' : v}`).join(', ') || '(none)'}\n`);
  out.write(`  plugin      ${Object.entries(m.plugin).map(([k, v]) => `${k}=${v.length > 40 ? `${v.slice(0, 40)}…` : v}`).join('\n              ') || '(none)'}\n`);
  out.write(`  depends on  ${Object.entries(m.dependencies).map(([k, v]) => `${k} ${v}`).join(', ') || '(none)'}\n`);
  out.write(`  global      ${Object.keys(m.globalInputs).join(', ')}\n`);
  const inputs = Object.entries(m.inputs);
  out.write(`  inputs      ${inputs.length} files\n`);
  for (const [file, hash] of inputs.slice(0, command.verbose ? inputs.length : 20)) out.write(`    ${hash.slice(0, 12)}  ${file}\n`);
  if (!command.verbose && inputs.length > 20) out.write(`    … ${inputs.length - 20} more (--verbose lists all)\n`);
  if (!previous) out.write('\nno previous run of this task here\n');
  else if (previous.hash === hashed.hash) out.write(`\nsame hash as the previous run: a cache hit\n`);
  else if (!diff) out.write(`\nprevious run had hash ${previous.hash}; its manifest was not kept\n`);
  else {
    out.write(`\nsince the previous run (${previous.hash}): ${summarizeDiff(diff)}\n`);
    for (const f of diff.files.changed) out.write(`  changed  ${f}\n`);
    for (const f of diff.files.added) out.write(`  added    ${f}\n`);
    for (const f of diff.files.removed) out.write(`  removed  ${f}\n`);
    for (const e of diff.env) out.write(`  env      ${e.name}: ${e.before ?? '(unset)'} → ${e.after ?? '(unset)'}\n`);
    for (const d of diff.dependencies) out.write(`  dep      ${d.id}: ${d.before ?? '-'} → ${d.after ?? '-'}\n`);
    for (const p of diff.plugin) out.write(`  plugin   ${p.name}: ${p.before ?? '-'} → ${p.after ?? '-'}\n`);
    for (const f of diff.fields) out.write(`  field    ${f}\n`);
  }
  return 0;
}
