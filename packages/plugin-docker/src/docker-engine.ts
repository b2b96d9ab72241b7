/**
 * A Docker Engine API client over a unix socket (or loopback TCP), for `ant docker load` and for
 * running images: no docker CLI needed. Works with dockerd and with podman's compatible service.
 * Paths are unversioned, so the engine answers with its own default API version.
 */
import { createReadStream, existsSync } from 'node:fs';
import { header, httpRequest, type HttpResponse } from './http-client.js';

/** Where the engine listens: a unix socket path or a TCP base URL. */
export type EngineEndpoint = { socketPath: string; url?: undefined } | { url: string; socketPath?: undefined };

/** Resolves `DOCKER_HOST` (`unix://…`, `tcp://…`), else `/var/run/docker.sock` if it exists. */
export function engineEndpoint(env: Record<string, string | undefined>): EngineEndpoint | undefined {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host?.startsWith('tcp://') || host?.startsWith('http://')) return { url: host.replace(/^tcp:/, 'http:').replace(/\/+$/, '') };
  if (host) throw new Error(`DOCKER_HOST="${host}" is not supported: use unix:///path/to/docker.sock or tcp://127.0.0.1:2375`);
  return existsSync('/var/run/docker.sock') ? { socketPath: '/var/run/docker.sock' } : undefined;
}

/** Describes an endpoint for messages. */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  return endpoint.socketPath !== undefined ? `unix://${endpoint.socketPath}` : endpoint.url;
}

/** The result of running a container to completion. */
export interface ContainerRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class DockerEngine {
  constructor(readonly endpoint: EngineEndpoint) {}

  private request(method: string, path: string, init: { headers?: Record<string, string>; body?: Buffer | string | (() => NodeJS.ReadableStream); timeoutMs?: number } = {}): Promise<HttpResponse> {
    const base = this.endpoint.url ?? 'http://docker';
    return httpRequest({
      method,
      url: `${base}${path}`,
      ...(this.endpoint.socketPath ? { socketPath: this.endpoint.socketPath } : {}),
      headers: init.headers,
      body: init.body as never,
      timeoutMs: init.timeoutMs,
    });
  }

  private async expect(response: HttpResponse, ok: number[], what: string): Promise<HttpResponse> {
    if (ok.includes(response.status)) return response;
    const body = (await response.text().catch(() => '')).slice(0, 500);
    throw new Error(`Docker engine at ${describeEndpoint(this.endpoint)}: ${what} failed with HTTP ${response.status}: ${body}`);
  }

  /** True when `GET /_ping` answers OK. */
  async ping(): Promise<boolean> {
    try {
      const response = await this.request('GET', '/_ping', { timeoutMs: 5000 });
      return response.status === 200 && (await response.text()).trim() === 'OK';
    } catch {
      return false;
    }
  }

  /** The engine's image ID (`sha256:<config digest>`) for a reference, or undefined if absent. */
  async imageId(reference: string): Promise<string | undefined> {
    const response = await this.request('GET', `/images/${encodeURIComponent(reference)}/json`);
    if (response.status === 404) {
      await response.discard();
      return undefined;
    }
    await this.expect(response, [200], `GET /images/${reference}/json`);
    return (await response.json<{ Id: string }>()).Id;
  }

  /** `POST /images/load` with a docker-archive; returns the engine's messages, throws on an error line. */
  async load(archive: string): Promise<string[]> {
    const response = await this.request('POST', '/images/load?quiet=1', {
      headers: { 'Content-Type': 'application/x-tar' },
      body: () => createReadStream(archive),
      timeoutMs: 600_000,
    });
    await this.expect(response, [200], `loading ${archive}`);
    const text = await response.text();
    const messages: string[] = [];
    // The body is a stream of JSON objects (one per line for dockerd, one object for podman).
    for (const line of text.split('\n').filter((l) => l.trim())) {
      let parsed: { stream?: string; status?: string; error?: string; errorDetail?: { message?: string } };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        messages.push(line.trim());
        continue;
      }
      const error = parsed.errorDetail?.message ?? parsed.error;
      if (error) throw new Error(`Docker engine at ${describeEndpoint(this.endpoint)} refused ${archive}: ${error}`);
      const message = (parsed.stream ?? parsed.status ?? '').trim();
      if (message) messages.push(message);
    }
    return messages;
  }

  /** Tags `source` as `repo:tag`. */
  async tag(source: string, repo: string, tag: string): Promise<void> {
    const query = new URLSearchParams({ repo, tag });
    const response = await this.request('POST', `/images/${encodeURIComponent(source)}/tag?${query}`);
    await (await this.expect(response, [200, 201], `tagging ${source} as ${repo}:${tag}`)).discard();
  }

  /** Removes an image (and its tags with `force`). */
  async removeImage(reference: string, force = true): Promise<void> {
    const response = await this.request('DELETE', `/images/${encodeURIComponent(reference)}?force=${force}`);
    await (await this.expect(response, [200, 404], `removing ${reference}`)).discard();
  }

  /**
   * Runs an image to completion without a network (create, start, wait, logs, remove) and returns
   * its exit code and output. Not `AutoRemove`: podman's API loses the exit code with it.
   */
  async run(image: string, options: { cmd?: string[]; env?: string[] } = {}): Promise<ContainerRun> {
    const create = await this.request('POST', '/containers/create', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Image: image, ...(options.cmd ? { Cmd: options.cmd } : {}), ...(options.env ? { Env: options.env } : {}), HostConfig: { NetworkMode: 'none' } }),
    });
    const { Id: id } = await (await this.expect(create, [201], `creating a container from ${image}`)).json<{ Id: string }>();
    try {
      await (await this.expect(await this.request('POST', `/containers/${id}/start`), [204, 304], `starting ${id}`)).discard();
      const wait = await this.expect(await this.request('POST', `/containers/${id}/wait`, { timeoutMs: 600_000 }), [200], `waiting for ${id}`);
      const { StatusCode: exitCode } = await wait.json<{ StatusCode: number }>();
      const logs = await this.expect(await this.request('GET', `/containers/${id}/logs?stdout=1&stderr=1`), [200], `reading the logs of ${id}`);
      const raw = await logs.buffer();
      return { exitCode, ...demuxLogs(raw, header(logs.headers, 'content-type')) };
    } finally {
      await (await this.request('DELETE', `/containers/${id}?force=1`)).discard();
    }
  }
}

/**
 * Splits a non-TTY log stream: frames of `[stream, 0, 0, 0, size(4 bytes BE)]` + payload, where
 * stream 1 is stdout and 2 stderr. A raw stream (TTY) is returned as stdout.
 */
export function demuxLogs(raw: Buffer, contentType?: string): { stdout: string; stderr: string } {
  const framed = contentType !== 'application/vnd.docker.raw-stream' && raw.length >= 8 && raw[0] <= 2 && raw[1] === 0 && raw[2] === 0 && raw[3] === 0;
  if (!framed) return { stdout: raw.toString('utf8'), stderr: '' };
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (let offset = 0; offset + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(offset + 4);
    const payload = raw.subarray(offset + 8, offset + 8 + size);
    (raw[offset] === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
