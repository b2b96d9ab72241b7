// Order statistics for a list of timed runs: median, min, max (no means: one slow outlier on a
// shared machine should not move the figure).

/** Median of a numeric list (mean of the middle two for even lengths); null when empty. */
export function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** { n, median, min, max } of a numeric list. */
export function summarize(xs) {
  return { n: xs.length, median: median(xs), min: xs.length ? Math.min(...xs) : null, max: xs.length ? Math.max(...xs) : null };
}
