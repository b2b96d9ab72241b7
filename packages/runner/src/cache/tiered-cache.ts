/**
 * Local first, then remote: a remote hit is written back to the local store, so the next run hits
 * locally. Writes go to the local store now and to the remote in the background; `flush` waits
 * for pending uploads at the end of the run. A remote that fails is the remote client's business
 * (it warns once and reports misses), never the run's.
 */
import type { ArtifactStore, CacheSource } from './cache.js';
import type { LocalCache } from './local-cache.js';

export interface RemoteStore extends ArtifactStore {
  /** Waits for background uploads (bounded by the client's timeouts). */
  flush?(): Promise<void>;
}

export class TieredCache {
  readonly local: LocalCache;
  readonly remote: RemoteStore | undefined;
  readonly #uploads = new Set<Promise<void>>();

  constructor(local: LocalCache, remote?: RemoteStore) {
    this.local = local;
    this.remote = remote;
  }

  async get(hash: string): Promise<{ body: Buffer; source: CacheSource } | undefined> {
    const body = await this.local.get(hash);
    if (body) return { body, source: 'local' };
    if (!this.remote) return undefined;
    const remote = await this.remote.get(hash);
    return remote ? { body: remote, source: 'remote' } : undefined;
  }

  /** Keeps a verified remote artifact locally (after its restore succeeded). */
  async keepLocally(hash: string, body: Buffer, log: Buffer): Promise<void> {
    await this.local.put(hash, body, { log });
  }

  async put(hash: string, body: Buffer, meta: { durationMs: number; log: Buffer }): Promise<void> {
    await this.local.put(hash, body, meta);
    if (this.remote) {
      const upload = this.remote.put(hash, body, meta).catch(() => undefined);
      this.#uploads.add(upload);
      upload.finally(() => this.#uploads.delete(upload));
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#uploads]);
    await this.remote?.flush?.();
  }
}
