/**
 * A checker for the Chrome trace-event JSON format, as `--profile` writes it: the subset of
 * https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU that Perfetto and
 * chrome://tracing read. Returns the problems found (empty: valid), so a test shows all of them.
 */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

const PHASES = new Set(['X', 'B', 'E', 'i', 'I', 'M', 'C', 'b', 'e', 'n', 's', 't', 'f']);

export function traceProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { traceEvents?: unknown }).traceEvents)) return ['no traceEvents array'];
  const events = (doc as { traceEvents: TraceEvent[] }).traceEvents;
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  events.forEach((e, i) => {
    const at = `event ${i} (${JSON.stringify(e).slice(0, 120)})`;
    if (typeof e.name !== 'string' || !e.name) problems.push(`${at}: name must be a non-empty string`);
    if (!PHASES.has(e.ph)) problems.push(`${at}: unknown ph ${e.ph}`);
    if (!isNum(e.ts) || e.ts < 0) problems.push(`${at}: ts must be a number ≥ 0`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid)) problems.push(`${at}: pid and tid must be integers`);
    if (e.ph === 'X' && (!isNum(e.dur) || e.dur! < 0)) problems.push(`${at}: X needs dur ≥ 0`);
    if (e.ph === 'M' && (typeof e.args !== 'object' || e.args === null)) problems.push(`${at}: M needs args`);
    if (e.ph === 'M' && e.name === 'thread_name' && typeof e.args?.name !== 'string') problems.push(`${at}: thread_name needs args.name`);
    if (e.ph === 'C' && (typeof e.args !== 'object' || !Object.values(e.args ?? {}).every(isNum))) problems.push(`${at}: C needs numeric args`);
  });
  // Complete events on one thread must nest (a stack), never partly overlap: that is what the viewers draw.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) if (e.ph === 'X') byThread.set(`${e.pid}/${e.tid}`, [...(byThread.get(`${e.pid}/${e.tid}`) ?? []), e]);
  for (const [thread, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: TraceEvent[] = [];
    for (const e of list) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent && e.ts + e.dur! > parent.ts + parent.dur!) problems.push(`thread ${thread}: ${e.name} [${e.ts}, ${e.ts + e.dur!}] overlaps ${parent.name} [${parent.ts}, ${parent.ts + parent.dur!}] without nesting`);
      stack.push(e);
    }
  }
  return problems;
}

/** Thread names by tid, from the `thread_name` metadata events. */
export function threadNames(doc: { traceEvents: TraceEvent[] }): Map<number, string> {
  return new Map(doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, String(e.args!.name)]));
}
