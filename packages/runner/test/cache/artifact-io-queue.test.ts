import { describe, expect, it } from 'vitest';
import { IoQueue } from '../../src/cache/artifact-io-queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('IoQueue', () => {
  it('keeps at most maxJobs running and runs them all', async () => {
    const queue = new IoQueue(3, Number.MAX_SAFE_INTEGER);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 10; i++) {
      await queue.add(1, async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        done.push(i);
      });
    }
    await queue.drain();
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('bounds the bytes in flight, but always lets one job run', async () => {
    const queue = new IoQueue(100, 10);
    let inFlight = 0;
    let peak = 0;
    for (const bytes of [6, 6, 6, 50]) {
      await queue.add(bytes, async () => {
        inFlight += bytes;
        peak = Math.max(peak, inFlight);
        await sleep(5);
        inFlight -= bytes;
      });
    }
    await queue.drain();
    expect(peak).toBe(50);
  });

  it('reports the first failure from add() or drain(), after every job has settled', async () => {
    const queue = new IoQueue(2);
    let settled = 0;
    await queue.add(1, async () => {
      await sleep(5);
      throw new Error('first');
    });
    await queue.add(1, async () => {
      await sleep(20);
      settled++;
    });
    await sleep(10);
    await expect(queue.add(1, async () => undefined)).rejects.toThrow('first');
    await expect(queue.drain()).rejects.toThrow('first');
    expect(settled).toBe(1);
  });
});
