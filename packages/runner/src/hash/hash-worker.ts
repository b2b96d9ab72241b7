/**
 * Hashes many files in parallel: worker threads and the main thread take batches from one queue, so
 * a slow-starting worker never leaves the main thread idle. Used only past a threshold (the caller's
 * choice): a worker costs ~15–40 ms to start, and on a 2-core machine one worker plus the main thread
 * is all the parallelism there is.
 *
 * Why an inline `eval` worker rather than tinypool and a `hash-worker.js` file: the worker is 20 lines
 * of node built-ins, and an inline script runs unchanged from `dist/`, under vitest (which runs the
 * `.ts` sources) and from a single bundled entry point, with no file to locate at run time. The
 * script and `file-blob.ts` compute the same ids; the tests check both against `git hash-object`.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { blobIdOfFile, type HashAlgorithm } from './file-blob.js';
import type { Stats } from 'node:fs';

/** A file to hash: absolute path and its lstat. */
export interface HashJob {
  absPath: string;
  st: Stats;
}

const BATCH = 128;

// CommonJS (an eval worker without --input-type=module is a script). Protocol: the worker posts `null` when ready and then one
// array of ids (null for a file that vanished) per batch it is sent; `null` sent to it means stop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const algo = workerData.algo;
function blobId(content) {
  return createHash(algo).update('blob ' + content.length + '\\0').update(content).digest('hex');
}
function hashOne(job) {
  try {
    return blobId(job[1] ? fs.readlinkSync(job[0], { encoding: 'buffer' }) : fs.readFileSync(job[0]));
  } catch (error) {
    if (['ENOENT', 'EISDIR', 'ENOTDIR', 'EINVAL'].includes(error.code)) return null;
    throw error;
  }
}
parentPort.on('message', (batch) => {
  if (batch === null) return parentPort.close();
  parentPort.postMessage(batch.map(hashOne));
});
parentPort.postMessage(null);
`;

/**
 * Blob ids for `jobs`, in order (undefined where the file vanished), using up to `workers` worker
 * threads (default: cores − 1) beside the main thread.
 */
export async function hashInParallel(
  jobs: HashJob[],
  algo: HashAlgorithm,
  workers = Math.max(1, os.availableParallelism() - 1),
): Promise<(string | undefined)[]> {
  const results: (string | undefined)[] = new Array(jobs.length);
  let next = 0;
  const take = (): [number, number] | undefined => {
    if (next >= jobs.length) return undefined;
    const start = next;
    next = Math.min(jobs.length, next + BATCH);
    return [start, next];
  };

  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      // execArgv []: the parent's flags (e.g. --input-type=module) would otherwise turn the eval'd
      // CommonJS source into an ES module, and nothing else in them concerns this worker.
      const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { algo } });
      let current: [number, number] | undefined;
      const feed = () => {
        current = take();
        if (current === undefined) {
          worker.postMessage(null);
          return;
        }
        const [start, end] = current;
        worker.postMessage(jobs.slice(start, end).map((job) => [job.absPath, job.st.isSymbolicLink()]));
      };
      worker.on('message', (ids: (string | null)[] | null) => {
        if (ids !== null && current !== undefined) {
          for (let i = 0; i < ids.length; i++) results[current[0] + i] = ids[i] ?? undefined;
        }
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', () => resolve());
    });

  // The main thread hashes too, one batch per macrotask so worker messages are handled in between.
  const runMain = async () => {
    for (let range = take(); range !== undefined; range = take()) {
      for (let i = range[0]; i < range[1]; i++) results[i] = blobIdOfFile(jobs[i].absPath, jobs[i].st, algo);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  await Promise.all([runMain(), ...Array.from({ length: workers }, runWorker)]);
  return results;
}
