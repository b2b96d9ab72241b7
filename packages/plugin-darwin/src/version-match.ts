/**
 * Reading versions out of `tool --version` output and matching them against a profile's prefix.
 * Pure functions.
 */

/**
 * The first dotted version in `output`: `v20.11.1` → `20.11.1`, `go version go1.22.5 linux/amd64`
 * → `1.22.5`, `uv 0.9.2 (abc 2025-01-01)` → `0.9.2`. A bare number (`jq-1.6` → `1.6`, `7`) counts
 * only when there is no dotted one.
 */
export function extractVersion(output: string): string | undefined {
  const dotted = /(?<![\d.])(\d+(?:\.\d+)+)/.exec(output);
  if (dotted) return dotted[1];
  const bare = /(?<![\d.])(\d+)(?![\d.])/.exec(output);
  return bare?.[1];
}

/**
 * True when `found` matches the prefix `wanted` component by component: `1.22` matches `1.22.5`
 * and `1.22`, not `1.2` or `1.225`; a missing `wanted` matches everything.
 */
export function versionMatches(wanted: string | undefined, found: string): boolean {
  if (wanted === undefined || wanted === '' || wanted === '*') return true;
  const want = wanted.replace(/^v/, '').split('.');
  const have = found.replace(/^v/, '').split('.');
  if (want.length > have.length) return false;
  return want.every((part, i) => part === have[i]);
}
