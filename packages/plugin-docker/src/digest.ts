/**
 * Content digests (`sha256:<hex>`) and canonical JSON: the two things that make an image's
 * identity independent of the host that built it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** An OCI digest string, `sha256:<64 hex>`. */
export type Digest = `sha256:${string}`;

/** `sha256:<hex>` of a buffer or string. */
export function sha256(data: Uint8Array | string): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** `sha256:<hex>` and byte size of a file, streamed. */
export async function sha256File(path: string): Promise<{ digest: Digest; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/** The hex part of a digest; throws on anything that is not a sha256 digest (it becomes a file name). */
export function digestHex(digest: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!match) throw new Error(`Unsupported or malformed digest "${digest}": expected sha256:<64 lower-case hex digits>`);
  return match[1];
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, recursively) and no whitespace, so the same
 * value always has the same bytes, and so the same digest. `undefined` members are dropped.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: ${value} is not representable`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
