/**
 * A small HTTP client over `node:http`/`node:https` for the registry and the Docker engine: it
 * speaks over TCP or a unix socket, streams request and response bodies (layers can be large),
 * and follows redirects for reads (registries send blob downloads to storage hosts).
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

export interface HttpRequest {
  method: string;
  url: string;
  /** Unix socket to connect to instead of the URL's host (the URL's path is still used). */
  socketPath?: string;
  headers?: Record<string, string>;
  /** A buffer, or a factory for a fresh stream (called again if the request must be resent). */
  body?: Buffer | string | (() => Readable);
  /** Accept any TLS certificate (for `--insecure`). */
  insecureTls?: boolean;
  /** Milliseconds of socket inactivity before giving up; default 120 s. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The final URL, after redirects. */
  url: string;
  stream: IncomingMessage;
  buffer(): Promise<Buffer>;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  /** Drains the body (to free the socket) without reading it. */
  discard(): Promise<void>;
}

/** One header value as a string (first of several). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends one request; resolves on the response head, follows up to 5 redirects for GET and HEAD. */
export async function httpRequest(request: HttpRequest, redirects = 0): Promise<HttpResponse> {
  const response = await send(request);
  const location = header(response.headers, 'location');
  if ((request.method === 'GET' || request.method === 'HEAD') && [301, 302, 303, 307, 308].includes(response.status) && location) {
    await response.discard();
    if (redirects >= 5) throw new Error(`Too many redirects from ${request.url}`);
    const next = new URL(location, request.url);
    const headers = { ...(request.headers ?? {}) };
    // Credentials are for the registry, never for the storage host it redirects to.
    if (next.host !== new URL(request.url).host) delete headers.Authorization;
    return httpRequest({ ...request, url: next.toString(), headers, socketPath: undefined }, redirects + 1);
  }
  return response;
}

function send(request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method,
        headers: request.headers,
        ...(request.socketPath ? { socketPath: request.socketPath } : {}),
        ...(request.insecureTls ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const collect = async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of res) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks);
        };
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          url: url.toString(),
          stream: res,
          buffer: collect,
          text: async () => (await collect()).toString('utf8'),
          json: async <T>() => JSON.parse((await collect()).toString('utf8')) as T,
          discard: async () => {
            res.resume();
            if (!res.complete) await new Promise((done) => res.once('end', done).once('close', done));
          },
        });
      },
    );
    req.setTimeout(request.timeoutMs ?? 120_000, () => req.destroy(new Error(`${request.method} ${request.url}: no response within ${request.timeoutMs ?? 120_000} ms`)));
    req.on('error', (err) => reject(new Error(`${request.method} ${redact(url)}${request.socketPath ? ` via ${request.socketPath}` : ''}: ${err.message}`)));
    const body = request.body;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else {
      const stream = body();
      stream.on('error', (err) => req.destroy(err));
      stream.pipe(req);
    }
  });
}

/** The URL without credentials or query (query strings of upload URLs may carry tokens). */
export function redact(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
