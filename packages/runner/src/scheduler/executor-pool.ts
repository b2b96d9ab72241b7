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

  /**
   * Runs one job. `onLog` gets the log as the executor writes it, every piece once, all of it by the
   * time this resolves. When `signal` aborts, the executor is asked to stop, then its worker terminated.
   */
  async run(job: Omit<ExecutorJob, 'port'>, options: { signal?: AbortSignal; onLog: (text: string) => void }): Promise<ExecutorOutcome> {
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
    const { signal, onLog } = options;
    const { port1, port2 } = new MessageChannel();
    let shown = 0;
    port1.on('message', (text: string) => {
      shown += text.length;
      onLog(text);
    });
    const terminate = new AbortController();
    let deadline: NodeJS.Timeout | undefined;
    const onAbort = () => {
      port1.postMessage('abort');
      deadline = setTimeout(() => terminate.abort(), EXECUTOR_STOP_GRACE_MS);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const task: ExecutorJob = { ...job, port: port2 };
      const outcome = (await pool.run(task, { signal: terminate.signal, transferList: [port2] })) as ExecutorOutcome;
      // The result and the log travel on different channels: lines still in flight are in the result.
      if (outcome.log.length > shown) onLog(outcome.log.slice(shown));
      return outcome;
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
