/**
 * A small bounded work queue for artifact file I/O. Packing and restoring touch many small files,
 * and each file costs several round trips to libuv's thread pool; overlapping a few of them
 * instead of doing one file at a time is most of the speed-up on slow file systems. The bounds
 * (jobs and bytes in flight) keep memory flat however large the artifact.
 */

/** Runs async jobs with at most `maxJobs` and about `maxBytes` in flight; the first failure wins. */
export class IoQueue {
  readonly #maxJobs: number;
  readonly #maxBytes: number;
  readonly #running = new Set<Promise<void>>();
  #bytes = 0;
  #failure: { error: unknown } | undefined;

  constructor(maxJobs = 16, maxBytes = 64 * 1024 * 1024) {
    this.#maxJobs = maxJobs;
    this.#maxBytes = maxBytes;
  }

  /** Starts `job` once there is room; resolves when it has started. Throws an earlier job's failure. */
  async add(bytes: number, job: () => Promise<void>): Promise<void> {
    while (this.#running.size > 0 && (this.#running.size >= this.#maxJobs || this.#bytes + bytes > this.#maxBytes)) {
      await Promise.race(this.#running);
    }
    if (this.#failure) throw this.#failure.error;
    this.#bytes += bytes;
    const running: Promise<void> = job()
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => {
        this.#bytes -= bytes;
        this.#running.delete(running);
      });
    this.#running.add(running);
  }

  /** Waits for every job; throws the first failure. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
    if (this.#failure) throw this.#failure.error;
  }
}
