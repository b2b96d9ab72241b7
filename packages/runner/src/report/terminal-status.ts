/**
 * What the live block at the bottom of a TTY says while a run goes on: one header line with the
 * counts (done/total, cached, failed, elapsed) and the slowest task so far, then the running tasks,
 * longest-running first, with their elapsed time — cut to the lines the terminal has.
 * A pure function of the run's state, so it is tested without a terminal.
 */
import type { Colors } from './colors.js';
import { formatMs } from './format-ms.js';

/** The run as the terminal reporter tracks it. */
export interface LiveState {
  total: number;
  /** Finished tasks, of any status. */
  done: number;
  cached: number;
  failed: number;
  /** Running task id → start time (epoch ms), in start order. */
  running: ReadonlyMap<string, number>;
  /** The longest task that really ran (hits excluded: their time is the restore's). */
  slowest?: { id: string; durationMs: number };
  startedAt: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The block's lines at time `now`, at most `maxLines` (the header always included). */
export function statusLines(state: LiveState, now: number, maxLines: number, c: Colors): string[] {
  const spin = SPINNER[Math.floor(now / 100) % SPINNER.length];
  const parts = [
    `${c.bold(`${state.done}/${state.total}`)} done`,
    `${state.running.size} running`,
    state.cached ? c.green(`${state.cached} cached`) : `${state.cached} cached`,
    state.failed ? c.red(`${state.failed} failed`) : `${state.failed} failed`,
    formatMs(now - state.startedAt),
  ];
  if (state.slowest) parts.push(`slowest ${state.slowest.id} ${formatMs(state.slowest.durationMs)}`);
  const lines = [`${c.cyan(spin)} ${parts.join(c.dim(' · '))}`];
  const running = [...state.running].sort((a, b) => a[1] - b[1]);
  const room = Math.max(0, maxLines - 1);
  const shown = running.length > room ? Math.max(0, room - 1) : running.length;
  const width = Math.max(0, ...running.slice(0, shown).map(([id]) => id.length));
  for (const [id, at] of running.slice(0, shown)) lines.push(`  ${c.yellow('▸')} ${id.padEnd(width)}  ${c.dim(formatMs(now - at))}`);
  if (shown < running.length && room > 0) lines.push(c.dim(`  … ${running.length - shown} more running`));
  return lines;
}
