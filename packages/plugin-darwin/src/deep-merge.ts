/**
 * Deep merge for profile layering: plain objects merge key by key, everything else (strings,
 * numbers, arrays) is replaced by the later value. Pure; inputs are never modified.
 */

/** A JSON-ish plain object. */
export type PlainObject = Record<string, unknown>;

/** True for `{}`-style objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `layers` left to right; later layers win. `undefined` values in a later layer leave the
 * earlier value in place (an absent field is not an override).
 */
export function deepMerge(...layers: PlainObject[]): PlainObject {
  const out: PlainObject = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const current = out[key];
      out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : clone(value);
    }
  }
  return out;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) return deepMerge(value);
  return value;
}
