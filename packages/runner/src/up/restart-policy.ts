/**
 * Whether a process that ended is started again, and after how long. Pure, so the policy is tested
 * without processes. Semantics follow process-compose's `availability`: `no` never restarts,
 * `on_failure` restarts after a non-zero exit, `always` after any exit. The delay doubles with each
 * restart from `backoffMs` (1 s, 2 s, 4 s, …), capped at {@link MAX_BACKOFF_MS}, so a crash loop
 * neither spins nor waits for ever. Unlike process-compose, `maxRestarts: 0` means no restarts;
 * leave it out for no limit.
 */
import type { RestartPolicy } from './process-spec.js';

/** The longest wait between two restarts. */
export const MAX_BACKOFF_MS = 30_000;

export interface RestartSettings {
  restart: RestartPolicy;
  /** Restarts allowed in this session; undefined means no limit. */
  maxRestarts?: number;
  backoffMs: number;
}

export type RestartDecision =
  | { restart: true; delayMs: number; attempt: number }
  | { restart: false; reason: string };

/** The delay before restart number `attempt` (1-based): `backoffMs · 2^(attempt-1)`, capped. */
export function backoffDelay(backoffMs: number, attempt: number): number {
  const cap = Math.max(MAX_BACKOFF_MS, backoffMs);
  return Math.min(cap, backoffMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}

/**
 * Decides what follows an exit with `exitCode` after `restartsSoFar` restarts. A process killed by
 * a failed readiness probe counts as failed (its exit code is non-zero).
 */
export function decideRestart(settings: RestartSettings, exitCode: number, restartsSoFar: number): RestartDecision {
  if (settings.restart === 'no') return { restart: false, reason: 'restart is "no"' };
  if (settings.restart === 'on_failure' && exitCode === 0) return { restart: false, reason: 'restart is "on_failure" and the exit code was 0' };
  if (settings.maxRestarts !== undefined && restartsSoFar >= settings.maxRestarts) {
    return { restart: false, reason: `gave up after ${restartsSoFar} restart${restartsSoFar === 1 ? '' : 's'} (maxRestarts ${settings.maxRestarts})` };
  }
  const attempt = restartsSoFar + 1;
  return { restart: true, delayMs: backoffDelay(settings.backoffMs, attempt), attempt };
}
