/**
 * The cache contract: stores of task artifacts addressed by task hash. The local store and the
 * remote client both fit it; `tiered-cache.ts` composes them. An artifact's bytes are the same in
 * every store (see `artifact.ts`), so moving an entry between stores is a copy.
 */
export interface ArtifactStore {
  /** The artifact's bytes, or undefined on a miss (a store that fails reports a miss). */
  get(hash: string): Promise<Buffer | undefined>;
  /** Stores an artifact; must be atomic (a reader never sees half an entry). */
  put(hash: string, body: Buffer, meta: { durationMs: number; log: Buffer }): Promise<void>;
}

/** Where a hit came from, as the run summary reports it. */
export type CacheSource = 'local' | 'remote';
