/**
 * Readiness probes: is a started process ready to serve its dependents?
 *   - http: GET the URL; a 2xx or 3xx answer within `timeoutMs` passes (redirects are not followed);
 *   - tcp:  a connection to host:port opens within `timeoutMs`;
 *   - exec: `sh -c COMMAND` in the process's cwd and env exits 0 within `timeoutMs` (killed, group
 *           and all, when it overruns);
 *   - log:  a line of the process's output matches the regex (no polling; the deadline is
 *           `initialDelayMs + periodMs · failureThreshold`).
 * Probing starts after `initialDelayMs` and repeats every `periodMs`; `failureThreshold`
 * consecutive failures fail the start. This file probes only; the supervisor decides what a
 * failure means (restart or give up).
 */
import net from 'node:net';
import { startChild } from '../scheduler/child-process.js';
import { describeProbe, type Probe, type ReadinessSpec } from './process-spec.js';

export interface ProbeResult {
  ok: boolean;
  /** Why it failed (`connect ECONNREFUSED 127.0.0.1:8080`, `HTTP 503`), or what passed. */
  detail: string;
}

export interface ProbeContext {
  cwd: string;
  env: Record<string, string>;
}

/** Runs one polled probe once. */
export async function probeOnce(probe: Exclude<Probe, { kind: 'log' }>, timeoutMs: number, ctx: ProbeContext): Promise<ProbeResult> {
  switch (probe.kind) {
    case 'http':
      return probeHttp(probe.url, timeoutMs);
    case 'tcp':
      return probeTcp(probe.host, probe.port, timeoutMs);
    case 'exec':
      return probeExec(probe.command, timeoutMs, ctx);
  }
}

async function probeHttp(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 400;
    return { ok, detail: `HTTP ${response.status}` };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError') return { ok: false, detail: `no answer within ${timeoutMs} ms` };
    return { ok: false, detail: err.cause?.message ?? err.cause?.code ?? err.message };
  }
}

/** Opens and closes a TCP connection; also used to tell whether a port is taken before a start. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, detail: `no connection within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => done({ ok: true, detail: `connected to ${host}:${port}` }));
    socket.once('error', (error) => done({ ok: false, detail: error.message }));
  });
}

async function probeExec(command: string, timeoutMs: number, ctx: ProbeContext): Promise<ProbeResult> {
  let output = '';
  const child = startChild(command, { cwd: ctx.cwd, env: ctx.env, onOutput: (chunk) => (output = (output + chunk.toString()).slice(-500)) });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.stop('SIGKILL');
  }, timeoutMs);
  const code = await child.done;
  clearTimeout(timer);
  if (timedOut) return { ok: false, detail: `still running after ${timeoutMs} ms` };
  const last = output.trim().split('\n').pop() ?? '';
  return { ok: code === 0, detail: `exit ${code}${last ? `: ${last}` : ''}` };
}

export type ReadinessOutcome =
  | { ready: true; afterMs: number; detail: string }
  | { ready: false; reason: string }
  | { ready: false; aborted: true; reason: string };

/**
 * Waits until the process is ready, or until the probe failed `failureThreshold` times in a row,
 * or until `signal` aborts (the process exited or is being stopped). `logMatched` resolves when
 * the process printed a line matching a `log` probe.
 */
export async function waitUntilReady(
  readiness: ReadinessSpec,
  ctx: ProbeContext & { signal: AbortSignal; logMatched: Promise<string> },
): Promise<ReadinessOutcome> {
  const start = Date.now();
  const { probe } = readiness;
  const aborted = (): ReadinessOutcome => ({ ready: false, aborted: true, reason: 'stopped while waiting' });
  if (probe.kind === 'log') {
    const deadlineMs = readiness.initialDelayMs + readiness.periodMs * readiness.failureThreshold;
    const result = await Promise.race([
      ctx.logMatched.then((line): ReadinessOutcome => ({ ready: true, afterMs: Date.now() - start, detail: `log line "${line.trim().slice(0, 120)}"` })),
      sleep(deadlineMs, ctx.signal).then((): ReadinessOutcome =>
        ctx.signal.aborted ? aborted() : { ready: false, reason: `no output line matched /${probe.pattern.source}/ within ${deadlineMs} ms` },
      ),
    ]);
    return result;
  }
  await sleep(readiness.initialDelayMs, ctx.signal);
  let failures = 0;
  for (;;) {
    if (ctx.signal.aborted) return aborted();
    const result = await probeOnce(probe, readiness.timeoutMs, ctx);
    if (ctx.signal.aborted) return aborted();
    if (result.ok) return { ready: true, afterMs: Date.now() - start, detail: `${describeProbe(probe)}: ${result.detail}` };
    failures++;
    if (failures >= readiness.failureThreshold) {
      return { ready: false, reason: `${describeProbe(probe)} failed ${failures} time${failures === 1 ? '' : 's'} in a row (last: ${result.detail})` };
    }
    await sleep(readiness.periodMs, ctx.signal);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
