/**
 * The ready queue: starts a task as soon as all of its dependencies succeeded, highest critical
 * path first, with at most `concurrency` running at once. It knows nothing of caches or
 * processes; `execute` does the work and says whether the task succeeded.
 *
 * A failed task's dependents are skipped. Without `continueOnError`, nothing new starts after a
 * failure (running tasks finish); with it, independent branches go on.
 */
import type { TaskGraph } from '../graph/task-graph.js';
import type { TaskId } from '../graph/task-id.js';
import { criticalPathPriorities } from '../graph/critical-path.js';
import { ReadyQueue } from './ready-queue.js';

export type Outcome = 'ok' | 'failed' | 'interrupted';

export interface ScheduleOptions {
  concurrency: number;
  continueOnError: boolean;
  /** Expected duration of a task (from the previous run); default 1. */
  weight?(id: TaskId): number;
  /** Runs one task on a worker slot (0…concurrency-1). */
  execute(id: TaskId, worker: number): Promise<Outcome>;
  /** A task that will not run because a dependency failed or the run stopped. */
  skip(id: TaskId, reason: 'dependency-failed' | 'stopped'): void;
  /** Set to true to start nothing more (Ctrl-C). */
  stopped(): boolean;
}

export async function schedule(graph: TaskGraph, options: ScheduleOptions): Promise<Map<TaskId, Outcome | 'skipped'>> {
  const ids = [...graph.nodes.keys()];
  const priority = criticalPathPriorities(
    ids,
    (id) => graph.nodes.get(id)!.dependents,
    (id) => options.weight?.(id) ?? 1,
  );
  const waiting = new Map<TaskId, number>();
  for (const node of graph.nodes.values()) waiting.set(node.id, node.dependsOn.length);
  const ready = new ReadyQueue<TaskId>();
  for (const id of graph.order) if (waiting.get(id) === 0) ready.push(id, priority.get(id)!);
  const results = new Map<TaskId, Outcome | 'skipped'>();
  const freeWorkers = Array.from({ length: Math.max(1, options.concurrency) }, (_, i) => i).reverse();
  let failed = false;
  let running = 0;

  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (running > 0) return;
      if (ready.size > 0 && !shouldStop()) return;
      for (const id of graph.order) {
        if (!results.has(id)) {
          results.set(id, 'skipped');
          options.skip(id, failed ? 'dependency-failed' : 'stopped');
        }
      }
      resolve(results);
    };
    const shouldStop = () => options.stopped() || (failed && !options.continueOnError);

    const pump = () => {
      while (freeWorkers.length > 0 && ready.size > 0 && !shouldStop()) {
        // Highest critical-path priority first; ties keep topological (stable) order.
        const id = ready.pop()!;
        const worker = freeWorkers.pop()!;
        running++;
        options.execute(id, worker).then(
          (outcome) => done(id, worker, outcome),
          () => done(id, worker, 'failed'),
        );
      }
      finishIfDone();
    };

    const done = (id: TaskId, worker: number, outcome: Outcome) => {
      running--;
      freeWorkers.push(worker);
      results.set(id, outcome);
      if (outcome === 'ok') {
        for (const dependent of graph.nodes.get(id)!.dependents) {
          const left = waiting.get(dependent)! - 1;
          waiting.set(dependent, left);
          if (left === 0) ready.push(dependent, priority.get(dependent)!);
        }
      } else {
        failed = true;
        skipDependents(id);
      }
      pump();
    };

    const skipDependents = (id: TaskId) => {
      const stack = [...graph.nodes.get(id)!.dependents];
      while (stack.length > 0) {
        const dependent = stack.pop()!;
        if (results.has(dependent)) continue;
        results.set(dependent, 'skipped');
        options.skip(dependent, 'dependency-failed');
        stack.push(...graph.nodes.get(dependent)!.dependents);
      }
    };

    pump();
  });
}
