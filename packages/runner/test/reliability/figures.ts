/**
 * The figures the suite reports (runs killed, faults injected, hostile cases tried, entries found
 * corrupt): each test adds to them and they are printed once per file, so a run of the suite ends
 * with the numbers issue #15 asks for. Set ANT_RELIABILITY_SEED to replay a random schedule.
 */
import { afterAll } from 'vitest';

export interface Figures {
  runsKilled: number;
  faultsInjected: number;
  hostileCases: number;
  entriesChecked: number;
  entriesCorrupt: number;
}

const figures: Figures = { runsKilled: 0, faultsInjected: 0, hostileCases: 0, entriesChecked: 0, entriesCorrupt: 0 };

/** Adds to this file's figures; they are printed after its tests. */
export function count(delta: Partial<Figures>): void {
  for (const [key, value] of Object.entries(delta) as [keyof Figures, number][]) figures[key] += value;
}

/** Prints the figures of the calling test file when it ends. Call once at the top of a file. */
export function reportFigures(file: string): void {
  afterAll(() => {
    const shown = Object.entries(figures).filter(([, v]) => v > 0).map(([k, v]) => `${k}=${v}`);
    if (shown.length) console.log(`[reliability] ${file}: ${shown.join(' ')}`);
  });
}

/** A small seeded PRNG (mulberry32), so a failing random schedule can be replayed. */
export function seededRandom(label: string): { seed: number; next: () => number; int: (n: number) => number } {
  const seed = Number(process.env.ANT_RELIABILITY_SEED) || (Date.now() ^ (label.length * 2654435761)) >>> 0;
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (n) => Math.floor(next() * n) };
}
