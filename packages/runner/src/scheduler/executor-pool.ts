/**
 * The worker pool for in-process executor tasks (tinypool). Created on first use: runs without
 * executor tasks never pay for starting threads.
 */
import type { ExecutorJob, ExecutorOutcome } from './executor-worker.js';

export class ExecutorPool {
  readonly #maxThreads: number;
  #pool: Promise<import('tinypool').default> | undefined;

  constructor(maxThreads: number) {
    this.#maxThreads = Math.max(1, maxThreads);
  }

  async run(job: ExecutorJob, signal?: AbortSignal): Promise<ExecutorOutcome> {
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
    return (await pool.run(job, { signal })) as ExecutorOutcome;
  }

  async close(): Promise<void> {
    if (this.#pool) await (await this.#pool).destroy();
  }
}
