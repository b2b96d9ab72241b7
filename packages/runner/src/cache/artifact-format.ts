/**
 * The cache artifact format: one gzip'd tar per task run, shared by the local store and the remote
 * cache. Entries, in this order:
 *
 *   meta.json                 {@link ArtifactMeta} as JSON
 *   log                       the task's captured output bytes
 *   outputs/<repo-relative>   the outputs, sorted, one entry per {@link ArtifactFile}
 *
 * Every tar header has uid/gid 0, empty owner names and mtime 0, so the same outputs always give
 * the same bytes. Packing lives in `artifact-pack.ts`, reading in `artifact-unpack.ts`.
 */
import { z } from 'zod';
import { CacheError } from '../errors.js';

/** One output in an artifact, as recorded in `meta.json`. */
export interface ArtifactFile {
  /** Repo-relative posix path, without `.`/`..` segments or a trailing slash. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits only (`mode & 0o777`): setuid/setgid/sticky are never stored or restored. */
  mode: number;
  /** Bytes of content; 0 for dirs and symlinks. */
  size: number;
  /** The symlink's target exactly as `readlink` returned it; only for `type: 'symlink'`. */
  target?: string;
}

/** The metadata of an artifact (`meta.json`). Only successful runs are cached, so `exitCode` is 0. */
export interface ArtifactMeta {
  version: 1;
  /** The task hash the artifact is stored under. */
  hash: string;
  /** `project:task`. */
  taskId: string;
  /** How long the task took when it ran, for "time saved". */
  durationMs: number;
  exitCode: 0;
  /** ISO 8601 time of the run; the caller passes it in, so packing stays deterministic. */
  createdAt: string;
  /** Every output, in the order of the tar entries that follow `log`. */
  files: ArtifactFile[];
}

/** What the caller gives `packArtifact`: the meta without what packing computes. */
export type ArtifactMetaInput = Omit<ArtifactMeta, 'version' | 'exitCode' | 'files'>;

/** An artifact that is corrupt, truncated, too large or hostile; treat it as a cache miss. */
export class ArtifactRejected extends CacheError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, {
      code: 'ANT_CACHE_ARTIFACT_REJECTED',
      hint: 'the cache entry was not restored; the task runs instead. Delete the entry if this repeats.',
      cause: options.cause,
    });
    this.name = 'ArtifactRejected';
  }
}

/** Tests a value by name as well as class, since errors cross worker threads as plain objects. */
export function isArtifactRejected(value: unknown): value is ArtifactRejected {
  return value instanceof ArtifactRejected || (value as { name?: unknown } | null)?.name === 'ArtifactRejected';
}

export const META_ENTRY = 'meta.json';
export const LOG_ENTRY = 'log';
export const OUTPUTS_PREFIX = 'outputs/';
/** The first two bytes of every gzip stream: a cheap check that a downloaded body is an artifact. */
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
/** Default cap on the decompressed size of an artifact (all tar bytes, headers included). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
/** Default cap on the number of outputs in an artifact. */
export const DEFAULT_MAX_FILES = 1_000_000;
/** `meta.json` is parsed in memory, so it gets a tighter cap than the outputs. */
export const MAX_META_BYTES = 256 * 1024 ** 2;
/** The log is replayed from memory too: without its own cap, a 2 GiB log would be held (twice) in RAM. */
export const MAX_LOG_BYTES = 256 * 1024 ** 2;

const artifactFileSchema = z.strictObject({
  path: z.string().min(1),
  type: z.enum(['file', 'dir', 'symlink']),
  mode: z.number().int().min(0).max(0o777),
  size: z.number().int().min(0),
  target: z.string().min(1).optional(),
});

const artifactMetaSchema = z.strictObject({
  version: z.literal(1),
  hash: z.string().min(1),
  taskId: z.string(),
  durationMs: z.number().min(0),
  exitCode: z.literal(0),
  createdAt: z.string(),
  files: z.array(artifactFileSchema),
});

/** Parses and validates `meta.json`; throws {@link ArtifactRejected} naming the first problem. */
export function parseArtifactMeta(bytes: Buffer): ArtifactMeta {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new ArtifactRejected('artifact meta.json is not valid JSON', { cause });
  }
  const result = artifactMetaSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new ArtifactRejected(`artifact meta.json: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const meta = result.data as ArtifactMeta;
  for (const file of meta.files) {
    if ((file.type === 'symlink') !== (file.target !== undefined)) {
      throw new ArtifactRejected(`artifact meta.json: ${file.path}: only symlinks carry a target`);
    }
    if (file.type !== 'file' && file.size !== 0) {
      throw new ArtifactRejected(`artifact meta.json: ${file.path}: a ${file.type} must have size 0`);
    }
  }
  return meta;
}
