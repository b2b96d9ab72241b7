/**
 * The worker pool for in-process executor tasks (tinypool). Created on first use: runs without
 * executor tasks never pay for starting threads.
 */
import { MessageChannel } from 'node:worker_threads';
import type { ExecutorJob, ExecutorOutcome } from './executor-worker.js';

/**
 * How long an interrupted executor gets to stop (its context's signal is aborted) before its
 * worker is terminated: enough to stop its processes, short of CI runners' own kill deadline.
 */
export const EXECUTOR_STOP_GRACE_MS = 3000;

export class ExecutorPool {
  readonly #maxThreads: number;
  #pool: Promise<import('tinypool').default> | undefined;

  constructor(maxThreads: number) {
    this.#maxThreads = Math.max(1, maxThreads);
  }

  /** Runs one job; when `signal` aborts, the executor is asked to stop, then its worker terminated. */
  async run(job: Omit<ExecutorJob, 'abortPort'>, signal?: AbortSignal): Promise<ExecutorOutcome> {
    this.#pool ??= import('tinypool').then(
      ({ default: Tinypool }) =>
        new Tinypool({
          filename: new URL('./executor-worker.js', import.meta.url).href,
          minThreads: 0,
          maxThreads: this.#maxThreads,
          idleTimeout: 1000,
        }),
    );
    const pool = await this.#pool;
    const { port1, port2 } = new MessageChannel();
    const terminate = new AbortController();
    let deadline: NodeJS.Timeout | undefined;
    const onAbort = () => {
      port1.postMessage('abort');
      deadline = setTimeout(() => terminate.abort(), EXECUTOR_STOP_GRACE_MS);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const task: ExecutorJob = { ...job, abortPort: port2 };
      return (await pool.run(task, { signal: terminate.signal, transferList: [port2] })) as ExecutorOutcome;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(deadline);
      port1.close();
    }
  }

  async close(): Promise<void> {
    if (this.#pool) await (await this.#pool).destroy();
  }
}
