/**
 * `--dry-run`: the tasks that would run, with the cache status each would get now, without
 * running or restoring anything. The JSON shape is the run summary's `tasks` (DESIGN §5).
 */
import { existsSync } from 'node:fs';
import { LocalCache } from '../cache/local-cache.js';
import type { Plan } from '../scheduler/plan.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CacheStatus } from '../report/events.js';

export interface DryRunTask {
  id: string;
  project: string;
  task: string;
  hash: string;
  cache: CacheStatus;
  command?: string | string[];
  executor?: string;
  cwd: string;
  inputs: number;
  outputs: string[];
  dependsOn: string[];
  dependents: string[];
}

export async function dryRunTasks(workspace: Workspace, plan: Plan, options: { force: boolean; noCache: boolean }): Promise<DryRunTask[]> {
  const local = new LocalCache(workspace.dirs.cache);
  return plan.graph.order.map((id) => {
    const node = plan.graph.nodes.get(id)!;
    const hashed = plan.hashes.get(id)!;
    const cacheable = node.spec.cache !== false && !node.spec.persistent && !options.noCache && Boolean(node.spec.command || node.spec.executor);
    const cache: CacheStatus = !cacheable ? 'off' : !options.force && existsSync(local.artifactPath(hashed.hash)) ? 'local' : 'miss';
    return {
      id, project: node.project, task: node.task, hash: hashed.hash, cache,
      command: node.spec.command, executor: node.spec.executor && `${node.spec.executor.module}#${node.spec.executor.export}`,
      cwd: node.spec.cwd ?? '.', inputs: Object.keys(hashed.manifest.inputs).length, outputs: node.spec.outputs ?? [],
      dependsOn: node.dependsOn, dependents: node.dependents,
    };
  });
}
