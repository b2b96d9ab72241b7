import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRestart, MAX_BACKOFF_MS } from '../../src/up/restart-policy.js';

describe('restart policy', () => {
  it('doubles the delay from backoffMs and caps it', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(200, n))).toEqual([200, 400, 800, 1600]);
    expect(backoffDelay(1000, 20)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelay(60_000, 3)).toBe(60_000); // a base above the cap is kept, not cut
  });

  it('follows no / on_failure / always', () => {
    expect(decideRestart({ restart: 'no', backoffMs: 100 }, 1, 0)).toEqual({ restart: false, reason: 'restart is "no"' });
    expect(decideRestart({ restart: 'on_failure', backoffMs: 100 }, 0, 0)).toMatchObject({ restart: false });
    expect(decideRestart({ restart: 'on_failure', backoffMs: 100 }, 2, 0)).toEqual({ restart: true, delayMs: 100, attempt: 1 });
    expect(decideRestart({ restart: 'always', backoffMs: 100 }, 0, 2)).toEqual({ restart: true, delayMs: 400, attempt: 3 });
  });

  it('gives up after maxRestarts; 0 means none, absent means no limit', () => {
    expect(decideRestart({ restart: 'always', maxRestarts: 2, backoffMs: 100 }, 1, 2)).toEqual({
      restart: false,
      reason: 'gave up after 2 restarts (maxRestarts 2)',
    });
    expect(decideRestart({ restart: 'always', maxRestarts: 0, backoffMs: 100 }, 1, 0)).toMatchObject({ restart: false });
    expect(decideRestart({ restart: 'always', backoffMs: 100 }, 1, 1000)).toMatchObject({ restart: true, delayMs: MAX_BACKOFF_MS });
  });
});
