/**
 * xxhash64 (xxhash-wasm), initialised once per process. Returns 16 hex digits, like Turborepo's
 * task hashes.
 */
import xxhash from 'xxhash-wasm';

let hasher: Promise<(input: string) => string> | undefined;

export function xxh64(): Promise<(input: string) => string> {
  hasher ??= xxhash().then((api) => (input: string) => api.h64ToString(input));
  return hasher;
}
