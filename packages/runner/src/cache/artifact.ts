/**
 * The cache artifact: the one format both the local store and the remote cache keep per task run
 * (a gzip'd tar of `meta.json`, `log`, then `outputs/…`). This file is the public face; the
 * format lives in `artifact-format.ts`, packing in `artifact-pack.ts`, reading and restoring in
 * `artifact-unpack.ts`, and the checks that make untrusted artifacts safe in `artifact-safety.ts`.
 *
 * @example
 * const body = await packArtifact(repoRoot, ['services/api/dist', 'services/api/dist/app'],
 *   { hash, taskId: 'api:build', durationMs: 812, createdAt: new Date().toISOString() }, log);
 * const { meta, log } = await unpackArtifact(body, repoRoot, { allowedRoots: ['services/api'], hash });
 */
export type { ArtifactFile, ArtifactMeta, ArtifactMetaInput } from './artifact-format.js';
export type { ArtifactHead, UnpackOptions } from './artifact-unpack.js';
export {
  ArtifactRejected,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_FILES,
  GZIP_MAGIC,
  isArtifactRejected,
} from './artifact-format.js';
export { packArtifact } from './artifact-pack.js';
export { readArtifactHead, unpackArtifact, validateArtifact } from './artifact-unpack.js';
