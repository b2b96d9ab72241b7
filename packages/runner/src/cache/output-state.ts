/**
 * What ant last wrote to each task's outputs: the task hash and each output's stat. On a cache hit
 * whose outputs on disk still match (same hash, same size/mtime/inode/mode for every file), the
 * restore is skipped entirely: a fully cached run rewrites nothing.
 *
 * One JSON file for the workspace, read once and written once per run (temp + rename). It is only
 * an optimisation checked against the disk, so a lost write between two concurrent runs costs one
 * extra restore, never a wrong output.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from './local-cache.js';

/** path → [size, mtimeMs, ino, mode] */
type StatRecord = [number, number, number, number];

interface TaskOutputState {
  hash: string;
  /** How long the task took when it last really ran (restores keep the original figure). */
  durationMs: number;
  files: Record<string, StatRecord>;
}

export class OutputState {
  readonly #file: string;
  #state: Record<string, TaskOutputState> | undefined;
  #dirty = false;

  constructor(stateDir: string) {
    this.#file = path.join(stateDir, 'output-state.json');
  }

  #load(): Record<string, TaskOutputState> {
    if (!this.#state) {
      try {
        this.#state = JSON.parse(readFileSync(this.#file, 'utf8'));
      } catch {
        this.#state = {};
      }
    }
    return this.#state!;
  }

  /** The last recorded state of a task: its hash and duration (critical-path weights, explain). */
  previous(taskId: string): { hash: string; durationMs: number } | undefined {
    const entry = this.#load()[taskId];
    return entry && { hash: entry.hash, durationMs: entry.durationMs ?? 0 };
  }

  /** True when the outputs on disk are exactly what ant last wrote for this hash. */
  matches(taskId: string, hash: string, root: string): boolean {
    const entry = this.#load()[taskId];
    if (!entry || entry.hash !== hash) return false;
    for (const [file, record] of Object.entries(entry.files)) {
      try {
        const st = lstatSync(`${root}/${file}`); // recorded paths are normalised and relative
        if (st.size !== record[0] || st.mtimeMs !== record[1] || st.ino !== record[2] || st.mode !== record[3]) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Records the outputs as they are on disk now (after a run or a restore). */
  record(taskId: string, hash: string, root: string, files: readonly string[], durationMs: number): void {
    const out: Record<string, StatRecord> = {};
    for (const file of files) {
      try {
        const st = lstatSync(path.join(root, file));
        if (st.isDirectory()) continue;
        out[file] = [st.size, st.mtimeMs, st.ino, st.mode];
      } catch {
        // vanished: leave it out, the next run restores
      }
    }
    this.#load()[taskId] = { hash, durationMs, files: out };
    this.#dirty = true;
  }

  forget(taskId: string): void {
    const state = this.#load();
    if (state[taskId]) {
      delete state[taskId];
      this.#dirty = true;
    }
  }

  async save(): Promise<void> {
    if (!this.#dirty) return;
    await mkdir(path.dirname(this.#file), { recursive: true });
    await writeAtomic(this.#file, JSON.stringify(this.#state));
    this.#dirty = false;
  }
}
