/**
 * Keeps the manifest of every hash that ran here (`.ant/manifests/<hash>.json`), so `ant explain`
 * can diff a task's manifest now against the one of its previous run.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../cache/local-cache.js';
import type { TaskManifest } from './manifest.js';

export class ManifestStore {
  readonly #dir: string;

  constructor(stateDir: string) {
    this.#dir = path.join(stateDir, 'manifests');
  }

  async save(hash: string, manifest: TaskManifest): Promise<void> {
    const file = path.join(this.#dir, `${hash}.json`);
    if (existsSync(file)) return;
    await mkdir(this.#dir, { recursive: true });
    await writeAtomic(file, JSON.stringify(manifest));
  }

  async load(hash: string): Promise<TaskManifest | undefined> {
    try {
      return JSON.parse(await readFile(path.join(this.#dir, `${hash}.json`), 'utf8')) as TaskManifest;
    } catch {
      return undefined;
    }
  }
}
