/** Stable text of a flat record (sorted keys), for comparing lock slices. */
export function canonical(record: Record<string, string> | undefined): string {
  if (record === undefined) return 'undefined';
  return JSON.stringify(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
