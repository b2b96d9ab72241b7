/**
 * Canonical text and digests for hash inputs: the same data always gives the same string,
 * whatever the key order of the TOML it came from.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Hex sha256 of a string, cut to `length` characters (16 are plenty for a manifest entry). */
export function digest(text: string, length = 64): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
