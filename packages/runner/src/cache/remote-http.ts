/**
 * One HTTP exchange with a remote cache, bounded in time and size: a deadline for the response
 * headers, another for reading the body, a byte cap, and a check that the body is as long as its
 * Content-Length said. Failures come back as {@link RemoteHttpFailure} with a `kind` the client
 * uses to decide between retrying, giving up and going local-only. It never retries by itself.
 */

/** Why an exchange failed. `connection` is worth a retry; the others are not. */
export type RemoteHttpFailureKind = 'timeout' | 'connection' | 'too-large' | 'aborted';

/** A failed exchange; the message is safe to show (it never includes request headers). */
export class RemoteHttpFailure extends Error {
  readonly kind: RemoteHttpFailureKind;
  constructor(kind: RemoteHttpFailureKind, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'RemoteHttpFailure';
    this.kind = kind;
  }
}

/** One request. */
export interface RemoteHttpRequest {
  method: 'GET' | 'PUT' | 'HEAD' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  /** Until the response headers arrive (for a PUT this includes sending the body). */
  headersTimeoutMs: number;
  /** For reading the whole response body, once the headers are in. */
  bodyTimeoutMs: number;
  /** Largest response body accepted. */
  maxBytes: number;
  /** Aborts the exchange from outside (e.g. `flush()` giving up on uploads). */
  signal?: AbortSignal;
}

/** A completed exchange, whatever its status code. */
export interface RemoteHttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

function describeCause(error: unknown): string {
  // fetch wraps socket errors as `TypeError: fetch failed` with the useful part in `cause`.
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code && cause.message) return `${cause.code}: ${cause.message}`;
  return cause?.message ?? cause?.code ?? (error instanceof Error ? error.message : String(error));
}

async function readBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    // Unread, the body keeps the socket (and so the process) alive for as long as the server likes.
    await response.body?.cancel().catch(() => undefined);
    throw new RemoteHttpFailure('too-large', `the response is ${declared} bytes, more than the limit of ${maxBytes}`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RemoteHttpFailure('too-large', `the response exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  if (declared !== null && total !== Number(declared)) {
    throw new RemoteHttpFailure('connection', `the response body ended after ${total} of ${declared} bytes`);
  }
  return Buffer.concat(chunks);
}

/** Performs one exchange within its deadlines. Throws {@link RemoteHttpFailure}, nothing else. */
export async function remoteHttpRequest(request: RemoteHttpRequest): Promise<RemoteHttpResponse> {
  const controller = new AbortController();
  let phase = 'no response';
  let timedOut = false;
  const arm = (ms: number) =>
    setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
  let timer = arm(request.headersTimeoutMs);
  const signal = request.signal ? AbortSignal.any([controller.signal, request.signal]) : controller.signal;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'follow',
    });
    clearTimeout(timer);
    phase = 'the response body did not finish';
    timer = arm(request.bodyTimeoutMs);
    const body = request.method === 'HEAD' ? Buffer.alloc(0) : await readBody(response, request.maxBytes);
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    if (error instanceof RemoteHttpFailure) throw error;
    if (timedOut) {
      const ms = phase === 'no response' ? request.headersTimeoutMs : request.bodyTimeoutMs;
      throw new RemoteHttpFailure('timeout', `${phase} within ${ms} ms`, { cause: error });
    }
    if (request.signal?.aborted) throw new RemoteHttpFailure('aborted', 'the request was abandoned', { cause: error });
    throw new RemoteHttpFailure('connection', describeCause(error), { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes the keep-alive connections of `fetch`'s global dispatcher (undici's Agent, published under
 * this well-known symbol) and puts a fresh Agent of the same class in its place, so later fetches
 * in the process still work. Call once the run's last exchange is done: an idle socket otherwise
 * keeps the process alive for the keep-alive timeout (about 4 s) after the run has finished.
 */
export async function closeIdleConnections(): Promise<void> {
  type Dispatcher = { close?: () => Promise<void> };
  const slot = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  const key = Symbol.for('undici.globalDispatcher.1');
  const current = slot[key];
  if (!current?.close) return;
  slot[key] = new (current.constructor as new () => Dispatcher)();
  await current.close().catch(() => undefined);
}
