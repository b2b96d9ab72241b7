/**
 * Renders {@link EnvChange}s for a consumer of `ant env`:
 *   sh   — `export NAME='value'` / `unset NAME`, for `eval "$(ant env api)"`, direnv and CI;
 *   fish — `set -gx NAME 'value'` / `set -e NAME`, for `ant env --format fish | source`;
 *   json — `{"NAME": "value", "GONE": null}`: the full new value, `null` for a removed variable.
 */
import type { EnvChange } from './env-diff.js';

/** Output formats of `ant env`. */
export const ENV_FORMATS = ['sh', 'json', 'fish'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

/** The text `ant env --format <format>` prints (ends with a newline unless empty). */
export function formatEnv(changes: readonly EnvChange[], format: EnvFormat): string {
  if (format === 'json') {
    const object: Record<string, string | null> = {};
    for (const change of changes) object[change.name] = change.kind === 'unset' ? null : change.value;
    return `${JSON.stringify(object, null, 2)}\n`;
  }
  const lines = changes.map((change) => (format === 'fish' ? fishLine(change) : shLine(change)));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function shLine(change: EnvChange): string {
  switch (change.kind) {
    case 'unset':
      return `unset ${change.name}`;
    case 'prefix':
      return `export ${change.name}=${shQuote(change.prefix)}:"$${change.name}"`;
    case 'set':
      return `export ${change.name}=${shQuote(change.value)}`;
  }
}

function fishLine(change: EnvChange): string {
  switch (change.kind) {
    case 'unset':
      return `set -e ${change.name}`;
    case 'prefix':
      // fish keeps *PATH variables as lists and splits a colon-joined element when it sets them;
      // any other list would be exported space-joined, so it gets the whole value instead.
      if (change.name.endsWith('PATH')) return `set -gx ${change.name} ${fishQuote(change.prefix)} $${change.name}`;
      return `set -gx ${change.name} ${fishQuote(change.value)}`;
    case 'set':
      return `set -gx ${change.name} ${fishQuote(change.value)}`;
  }
}

/** POSIX sh single-quoting: nothing inside is special except the quote itself. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish single-quoting: only `\\` and `\'` are escapes inside. */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}
