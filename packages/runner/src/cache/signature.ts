/**
 * Remote-cache artifact signatures, Turborepo's v2 scheme, so one key verifies artifacts made by
 * turbo and by ant alike:
 *
 *   tag = base64(HMAC-SHA256(key, LP("artifact-signature:v2") ‖ LP(hash) ‖ LP(teamId) ‖ LP(body)))
 *
 * where LP(x) is x's byte length as a little-endian u64 followed by x. The length prefixes are the
 * point of v2: v1 hashed `hash ‖ teamId ‖ body`, so a team id that prefixes another could forge
 * its tags. `teamId` is empty when only a slug is configured, as turbo does.
 *
 * What a signature proves: the artifact was made by someone holding the key and was not changed in
 * storage or transit. It does not protect against a writer who holds the key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const DOMAIN = Buffer.from('artifact-signature:v2');

function lengthPrefix(bytes: Uint8Array): Buffer {
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(bytes.byteLength));
  return prefix;
}

function digest(key: string, hash: string, teamId: string, body: Uint8Array): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of [DOMAIN, Buffer.from(hash), Buffer.from(teamId), body]) {
    hmac.update(lengthPrefix(part));
    hmac.update(part);
  }
  return hmac.digest();
}

/** Computes the `x-artifact-tag` for an artifact body (standard, padded base64). */
export function signArtifact(key: string, hash: string, teamId: string, body: Uint8Array): string {
  return digest(key, hash, teamId, body).toString('base64');
}

/**
 * Checks an `x-artifact-tag` in constant time. False for a missing, malformed, old-scheme (v0/v1)
 * or wrong tag; never throws.
 */
export function verifyArtifact(key: string, hash: string, teamId: string, body: Uint8Array, tag: string | undefined | null): boolean {
  if (!tag) return false;
  const expected = digest(key, hash, teamId, body);
  const given = Buffer.from(tag.trim(), 'base64');
  // Lengths are public (always 32 bytes for a real tag); only the contents need a constant-time compare.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Keys shorter than this draw a warning: turbo warns under 32 bytes and plans to refuse them. */
export const MIN_SIGNATURE_KEY_BYTES = 32;
