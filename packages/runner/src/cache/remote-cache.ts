/**
 * The remote cache client: Turborepo's v8 artifacts API (`GET`/`PUT /v8/artifacts/:hash`,
 * `GET /v8/artifacts/status`), so turborepo-remote-cache, Vercel and other compatible servers work.
 *
 * A remote that is down, slow, broken or rejects the token never fails a run: each call resolves
 * to a miss (or a no-op), the client warns once and switches itself off for the rest of the run.
 * A bad or missing signature is a miss with a warning, but leaves the client on, since one
 * tampered artifact says nothing about the next.
 *
 * It does not: unpack or trust artifact contents (that is `unpackArtifact`, which the tiered cache
 * calls with the task's project roots), use `HEAD` or the batch query (ducktors lacks the latter),
 * or send analytics events.
 *
 * @example
 * const remote = new RemoteCache({ url, token, slug: 'platform', warn: (m) => reporter.warn(m) });
 * const body = await remote.get(hash);           // Buffer | undefined
 * void remote.put(hash, artifact, durationMs);   // never rejects
 * await remote.flush(30_000);                    // at the end of the run
 */
import { GZIP_MAGIC } from './artifact-format.js';
import { RemoteHttpFailure, remoteHttpRequest, type RemoteHttpResponse } from './remote-http.js';
import { signArtifact, verifyArtifact } from './signature.js';

/** Options for {@link RemoteCache}; `resolveRemoteCacheOptions` (remote-config.ts) builds them from config and env. */
export interface RemoteCacheOptions {
  /** Base URL; `/v8/artifacts/…` is appended to its path. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`; never printed. */
  token?: string;
  /** Sent as the `teamId` query parameter; also the team in the signature. */
  teamId?: string;
  /** Sent as the `slug` query parameter. */
  slug?: string;
  /** When set, uploads carry an `x-artifact-tag` and downloads without a valid one are misses. */
  signatureKey?: string;
  /** Download only; `put` does nothing. */
  readOnly?: boolean;
  /** Deadline for response headers, in ms (default 10 s). */
  timeoutMs?: number;
  /** Deadline for reading a response body, in ms (default 30 s). */
  bodyTimeoutMs?: number;
  /** Deadline for a whole upload, in ms (default 60 s). */
  uploadTimeoutMs?: number;
  /** Retries after a connection error or a 5xx (default 2), with a short backoff. */
  retries?: number;
  /** Largest artifact downloaded, in bytes (default 1 GiB). */
  maxBytes?: number;
  /** Where warnings go (default: nowhere). Each kind of warning is given at most once per client. */
  warn?: (message: string) => void;
}

/** What `ant cache status` shows. */
export interface RemoteCacheStatus {
  /** True when the server answered, reports itself enabled, and did not reject the token. */
  ok: boolean;
  /** The server's own word (`enabled`, `disabled`, `over_limit`, `paused`), when it gave one. */
  status?: string;
  /** One human line. */
  message: string;
  /** Whether an authenticated request was accepted; undefined when the server was unreachable. */
  tokenAccepted?: boolean;
}

/** Counters for the run summary. */
export interface RemoteCacheStats {
  hits: number;
  misses: number;
  rejected: number;
  uploads: number;
  uploadFailures: number;
  /** Uploads still running when `flush()` gave up on them. */
  abandoned: number;
}

type WarningKind = 'unavailable' | 'signature' | 'upload' | 'artifact' | 'flush';

const DEFAULTS = { timeoutMs: 10_000, bodyTimeoutMs: 30_000, uploadTimeoutMs: 60_000, retries: 2, maxBytes: 1024 ** 3 };
// A hash nobody stores: `status()` asks for it to learn whether the token is accepted.
const PROBE_HASH = '0000000000000000';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the server's error message from `{message}` or `{error:{message}}`, shortened. */
function serverMessage(response: RemoteHttpResponse): string {
  const text = response.body.toString('utf8', 0, Math.min(response.body.length, 2048));
  let message = text;
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } | string };
    const candidate = json.message ?? (typeof json.error === 'object' ? json.error?.message : json.error);
    if (typeof candidate === 'string') message = candidate;
  } catch {
    // Not JSON: show the start of the text as it is.
  }
  message = message.replace(/\s+/g, ' ').trim();
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/** A Turborepo-v8 remote cache client for one run. See the file comment for its failure rules. */
export class RemoteCache {
  readonly #options: Required<Pick<RemoteCacheOptions, keyof typeof DEFAULTS>> & RemoteCacheOptions;
  readonly #base: URL;
  readonly #displayUrl: string;
  readonly #warned = new Set<WarningKind>();
  readonly #pending = new Set<Promise<void>>();
  readonly #abandon = new AbortController();
  #disabled = false;
  #uploadsDisabled = false;
  readonly #stats: RemoteCacheStats = { hits: 0, misses: 0, rejected: 0, uploads: 0, uploadFailures: 0, abandoned: 0 };

  constructor(options: RemoteCacheOptions) {
    this.#options = { ...DEFAULTS, ...stripUndefined(options), url: options.url };
    this.#base = new URL(options.url);
    this.#displayUrl = `${this.#base.origin}${this.#base.pathname.replace(/\/$/, '')}`;
  }

  /** False once the client has switched itself off for this run. */
  get enabled(): boolean {
    return !this.#disabled;
  }

  /** Counters so far, for the run summary. */
  get stats(): Readonly<RemoteCacheStats> {
    return { ...this.#stats };
  }

  /**
   * Downloads the artifact for `hash`. Resolves to undefined on a miss (404), on any failure, and,
   * with a signature key, when the tag is missing or wrong. Never rejects.
   */
  async get(hash: string): Promise<Buffer | undefined> {
    if (this.#disabled) return undefined;
    let response: RemoteHttpResponse;
    try {
      response = await this.#send('GET', hash, {});
    } catch (error) {
      if (error instanceof RemoteHttpFailure && error.kind === 'too-large') {
        this.#stats.rejected++;
        this.#warn('artifact', `remote cache artifact ${hash} is too large (${error.message}); running the task instead`);
        return undefined;
      }
      this.#fail(error);
      return undefined;
    }
    if (response.status === 404) {
      this.#stats.misses++;
      return undefined;
    }
    if (response.status !== 200) {
      this.#failStatus(response, 'download');
      return undefined;
    }
    const body = response.body;
    if (body.length < 2 || !body.subarray(0, 2).equals(GZIP_MAGIC)) {
      this.#fail(new Error(`it answered ${hash} with ${body.length} bytes that are not an ant artifact`));
      return undefined;
    }
    const key = this.#options.signatureKey;
    if (key) {
      const tag = response.headers.get('x-artifact-tag');
      if (!verifyArtifact(key, hash, this.#options.teamId ?? '', body, tag)) {
        this.#stats.rejected++;
        this.#warn(
          'signature',
          `remote cache artifact ${hash} has ${tag ? 'an invalid' : 'no'} signature (x-artifact-tag); ` +
            'treating it as a miss. Was it tampered with, or uploaded with another key or team? ' +
            '(Further signature failures in this run are not reported.)',
        );
        return undefined;
      }
    }
    this.#stats.hits++;
    return body;
  }

  /**
   * Uploads an artifact in the background. The returned promise never rejects; `flush()` awaits
   * every upload still in flight. A no-op when read-only or switched off.
   */
  put(hash: string, body: Buffer, durationMs: number): Promise<void> {
    if (this.#disabled || this.#uploadsDisabled || this.#options.readOnly) return Promise.resolve();
    const upload = this.#upload(hash, body, durationMs).finally(() => this.#pending.delete(upload));
    this.#pending.add(upload);
    return upload;
  }

  async #upload(hash: string, body: Buffer, durationMs: number): Promise<void> {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'x-artifact-duration': String(Math.max(0, Math.round(durationMs))),
    };
    if (this.#options.signatureKey) {
      headers['x-artifact-tag'] = signArtifact(this.#options.signatureKey, hash, this.#options.teamId ?? '', body);
    }
    try {
      const response = await this.#send('PUT', hash, headers, body);
      if (response.status >= 200 && response.status < 300) {
        this.#stats.uploads++;
        return;
      }
      this.#stats.uploadFailures++;
      if (response.status === 401 || response.status >= 500) this.#failStatus(response, 'upload');
      else {
        // 403 (read-only server), 413 (too large)…: downloads may still work, so only stop uploading.
        this.#uploadsDisabled = true;
        this.#warn('upload', `remote cache ${this.#displayUrl} refused an upload (HTTP ${response.status}: ${serverMessage(response)}); not uploading for the rest of this run`);
      }
    } catch (error) {
      this.#stats.uploadFailures++;
      if (error instanceof RemoteHttpFailure && error.kind === 'aborted') return;
      this.#fail(error);
    }
  }

  /**
   * Waits for uploads still in flight, at most `timeoutMs`; the rest are abandoned with a warning
   * and counted in `stats.abandoned`. Never rejects.
   */
  async flush(timeoutMs = 30_000): Promise<void> {
    const pending = [...this.#pending];
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([Promise.all(pending).then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'done') return;
    const abandoned = this.#pending.size;
    this.#stats.abandoned += abandoned;
    this.#abandon.abort();
    await Promise.all([...this.#pending]);
    this.#warn('flush', `remote cache: ${abandoned} upload(s) did not finish within ${timeoutMs} ms and were abandoned`);
  }

  /** Asks the server how it is, and whether it accepts the token. For `ant cache status`; never rejects. */
  async status(): Promise<RemoteCacheStatus> {
    let statusResponse: RemoteHttpResponse;
    try {
      statusResponse = await this.#send('GET', 'status', { accept: 'application/json' });
    } catch (error) {
      return { ok: false, message: this.#redact(`remote cache ${this.#displayUrl} is unreachable: ${(error as Error).message}`) };
    }
    let status: string | undefined;
    try {
      const json = JSON.parse(statusResponse.body.toString('utf8')) as { status?: unknown };
      if (typeof json.status === 'string') status = json.status;
    } catch {
      // A status endpoint that answers something else than JSON is reported as such below.
    }
    let tokenAccepted: boolean | undefined;
    let tokenNote: string;
    try {
      const probe = await this.#send('GET', PROBE_HASH, {});
      tokenAccepted = ![400, 401, 403].includes(probe.status);
      tokenNote = tokenAccepted
        ? 'token accepted'
        : this.#options.token
          ? `token rejected (HTTP ${probe.status}: ${serverMessage(probe)})`
          : `no token configured (HTTP ${probe.status}: ${serverMessage(probe)})`;
    } catch (error) {
      tokenNote = `token not checked: ${(error as Error).message}`;
    }
    const ok = statusResponse.status === 200 && status === 'enabled' && tokenAccepted === true;
    const head = statusResponse.status === 200 ? `status ${status ?? 'unknown (not JSON)'}` : `status endpoint answered HTTP ${statusResponse.status}`;
    return { ok, status, tokenAccepted, message: this.#redact(`remote cache ${this.#displayUrl}: ${head}; ${tokenNote}`) };
  }

  /** Sends with retries on connection errors and 5xx; the last response or failure wins. */
  async #send(method: 'GET' | 'PUT', hash: string, headers: Record<string, string>, body?: Buffer): Promise<RemoteHttpResponse> {
    const url = new URL(this.#base);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/v8/artifacts/${encodeURIComponent(hash)}`;
    if (this.#options.teamId) url.searchParams.set('teamId', this.#options.teamId);
    if (this.#options.slug) url.searchParams.set('slug', this.#options.slug);
    const allHeaders: Record<string, string> = { 'user-agent': 'ant-remote-cache', ...headers };
    if (this.#options.token) allHeaders.authorization = `Bearer ${this.#options.token}`;
    const { retries, timeoutMs, bodyTimeoutMs, uploadTimeoutMs, maxBytes } = this.#options;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await remoteHttpRequest({
          method,
          url,
          headers: allHeaders,
          body,
          headersTimeoutMs: method === 'PUT' ? uploadTimeoutMs : timeoutMs,
          bodyTimeoutMs,
          maxBytes,
          signal: method === 'PUT' ? this.#abandon.signal : undefined,
        });
        if (response.status < 500 || attempt >= retries || this.#disabled) return response;
      } catch (error) {
        const retryable = error instanceof RemoteHttpFailure && error.kind === 'connection';
        if (!retryable || attempt >= retries || this.#disabled) throw error;
      }
      await sleep(100 * 2 ** attempt);
    }
  }

  #failStatus(response: RemoteHttpResponse, what: 'download' | 'upload'): void {
    const detail = serverMessage(response);
    if (response.status === 401 || response.status === 403) {
      this.#fail(new Error(`it rejected the token (HTTP ${response.status}${detail ? `: ${detail}` : ''}); check ANT_REMOTE_CACHE_TOKEN or remoteCache.tokenEnv`));
    } else {
      this.#fail(new Error(`it answered a ${what} with HTTP ${response.status}${detail ? `: ${detail}` : ''}`));
    }
  }

  /** Switches the client off for the run, with the one "unavailable" warning. */
  #fail(error: unknown): void {
    this.#disabled = true;
    const reason = error instanceof RemoteHttpFailure ? `unreachable or too slow (${error.message})` : (error as Error).message;
    this.#warn('unavailable', `remote cache ${this.#displayUrl} is not usable: ${reason}. Continuing with the local cache only for this run.`);
  }

  #warn(kind: WarningKind, message: string): void {
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    try {
      this.#options.warn?.(this.#redact(message));
    } catch {
      // A reporter that throws must not turn a cache miss into a failed task.
    }
  }

  /** Removes the token and the signature key from any text, whatever echoed them. */
  #redact(text: string): string {
    let out = text;
    for (const secret of [this.#options.token, this.#options.signatureKey]) {
      if (secret) out = out.split(secret).join('[redacted]');
    }
    return out;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
