/**
 * An OCI distribution API v2 client (distribution-spec `spec.md`): blob HEAD/GET/upload and
 * manifest HEAD/GET/PUT, with the token/Basic auth flow of registry-auth.ts. Plain HTTP is used for
 * loopback registries and, with `insecure`, as a fallback when HTTPS does not answer.
 */
import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { type Digest, sha256 } from './digest.js';
import { header, httpRequest, type HttpRequest, type HttpResponse } from './http-client.js';
import { copyHashed } from './layer-tar.js';
import { answerChallenge, findCredentials, type Credentials } from './registry-auth.js';
import { apiHost, isLoopback } from './registry-ref.js';
import { MEDIA_TYPES } from './oci-layout.js';

export interface RegistryClientOptions {
  registry: string;
  /** Allow plain HTTP and unverified TLS. Loopback registries always allow plain HTTP. */
  insecure?: boolean;
  /** Force a scheme (from `--registry http://…`). */
  scheme?: 'http' | 'https';
  credentials?: Credentials;
  env?: Record<string, string | undefined>;
  /** Upload blobs larger than this in PATCH chunks of this size; default: one monolithic PUT. */
  chunkSize?: number;
}

/** What a manifest GET returns. */
export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: Digest;
}

const MANIFEST_ACCEPT = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerManifestList].join(', ');

/** A client for one registry. Not safe to share between registries; cheap to create. */
export class RegistryClient {
  private base?: string;
  private readonly authorizations = new Map<string, string>();
  private credentials?: Credentials | null;

  constructor(private readonly options: RegistryClientOptions) {}

  get registry(): string {
    return this.options.registry;
  }

  /** The API base URL, found once: the first scheme on which `/v2/` answers at all. */
  private async baseUrl(): Promise<string> {
    if (this.base) return this.base;
    const host = apiHost(this.options.registry);
    const plainOk = this.options.insecure || isLoopback(host);
    const schemes = this.options.scheme ? [this.options.scheme] : isLoopback(host) ? ['http'] : plainOk ? ['https', 'http'] : ['https'];
    const errors: string[] = [];
    for (const scheme of schemes) {
      try {
        const response = await httpRequest({ method: 'GET', url: `${scheme}://${host}/v2/`, insecureTls: this.options.insecure, timeoutMs: 15_000 });
        await response.discard();
        this.base = `${scheme}://${host}`;
        return this.base;
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    throw new Error(`Registry ${this.options.registry} is not reachable: ${errors.join('; ')}${plainOk ? '' : ' (use --insecure for a plain-HTTP registry)'}`);
  }

  /** Sends a request to `/v2/…`, answering one auth challenge for `scopes` if the registry asks. */
  private async call(request: Omit<HttpRequest, 'url' | 'insecureTls'> & { path: string; scopes: string[] }): Promise<HttpResponse> {
    const url = request.path.startsWith('http') ? request.path : `${await this.baseUrl()}${request.path}`;
    const key = request.scopes.join(' ');
    const send = (authorization?: string) =>
      httpRequest({
        ...request,
        url,
        insecureTls: this.options.insecure,
        headers: { ...(request.headers ?? {}), ...(authorization ? { Authorization: authorization } : {}) },
      });
    let response = await send(this.authorizations.get(key));
    const challenge = header(response.headers, 'www-authenticate');
    if (response.status === 401 && challenge) {
      await response.discard();
      if (this.credentials === undefined) this.credentials = this.options.credentials ?? (await findCredentials(this.options.registry, this.options.env ?? {})) ?? null;
      const authorization = await answerChallenge(challenge, request.scopes, this.credentials ?? undefined, {
        registry: this.options.registry,
        insecureTls: this.options.insecure,
      });
      this.authorizations.set(key, authorization);
      response = await send(authorization);
    }
    return response;
  }

  private async fail(what: string, response: HttpResponse): Promise<never> {
    const body = (await response.text().catch(() => '')).slice(0, 500);
    const hint = response.status === 401 || response.status === 403 ? ' (check ANT_REGISTRY_USERNAME/ANT_REGISTRY_PASSWORD or `docker login`)' : '';
    throw new Error(`Registry ${this.options.registry}: ${what} failed with HTTP ${response.status}${hint}: ${body}`);
  }

  /** True when the repository already has the blob (HEAD). */
  async hasBlob(repository: string, digest: Digest): Promise<boolean> {
    const response = await this.call({ method: 'HEAD', path: `/v2/${repository}/blobs/${digest}`, scopes: [`repository:${repository}:pull`] });
    await response.discard();
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    return this.fail(`HEAD blob ${digest} in ${repository}`, response);
  }

  /** Uploads a file as a blob: POST an upload session, then one PUT, or PATCH chunks and a closing PUT. */
  async uploadBlob(repository: string, digest: Digest, size: number, file: string): Promise<void> {
    const scopes = [`repository:${repository}:pull,push`];
    const start = await this.call({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scopes, headers: { 'Content-Length': '0' } });
    if (start.status !== 202) return this.fail(`starting the upload of ${digest} to ${repository}`, start);
    await start.discard();
    let location = await this.absolute(header(start.headers, 'location'), `upload of ${digest}`);
    const chunk = this.options.chunkSize;
    if (chunk && size > chunk) {
      for (let offset = 0; offset < size; offset += chunk) {
        const end = Math.min(offset + chunk, size) - 1;
        const patch = await this.call({
          method: 'PATCH',
          path: location,
          scopes,
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `${offset}-${end}`, 'Content-Length': String(end - offset + 1) },
          body: () => createReadStream(file, { start: offset, end }),
        });
        if (patch.status !== 202) return this.fail(`uploading bytes ${offset}-${end} of ${digest}`, patch);
        await patch.discard();
        location = await this.absolute(header(patch.headers, 'location'), `upload of ${digest}`);
      }
      return this.finishUpload(location, digest, scopes, undefined, 0);
    }
    return this.finishUpload(location, digest, scopes, file, size);
  }

  private async finishUpload(location: string, digest: Digest, scopes: string[], file: string | undefined, size: number): Promise<void> {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    const put = await this.call({
      method: 'PUT',
      path: url.toString(),
      scopes,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
      ...(file ? { body: () => createReadStream(file) } : {}),
    });
    if (put.status !== 201 && put.status !== 204) return this.fail(`completing the upload of ${digest}`, put);
    await put.discard();
  }

  private async absolute(location: string | undefined, what: string): Promise<string> {
    if (!location) throw new Error(`Registry ${this.options.registry}: no Location header in the ${what}`);
    return new URL(location, await this.baseUrl()).toString();
  }

  /** The digest the registry has for `reference` (tag or digest), or undefined (HEAD). */
  async manifestDigest(repository: string, reference: string): Promise<Digest | undefined> {
    const response = await this.call({
      method: 'HEAD',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [`repository:${repository}:pull`],
      headers: { Accept: MANIFEST_ACCEPT },
    });
    await response.discard();
    if (response.status === 404) return undefined;
    if (response.status !== 200) return this.fail(`HEAD manifest ${repository}:${reference}`, response);
    return header(response.headers, 'docker-content-digest') as Digest | undefined;
  }

  /** PUTs a manifest under a tag (or its digest); returns the digest the registry reports. */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<Digest> {
    const response = await this.call({
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [`repository:${repository}:pull,push`],
      headers: { 'Content-Type': mediaType, 'Content-Length': String(bytes.length) },
      body: bytes,
    });
    if (response.status !== 201 && response.status !== 200) return this.fail(`PUT manifest ${repository}:${reference}`, response);
    await response.discard();
    return (header(response.headers, 'docker-content-digest') as Digest | undefined) ?? sha256(bytes);
  }

  /** GETs a manifest or index; checks the bytes against the digest asked for (or the one reported). */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const response = await this.call({
      method: 'GET',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [`repository:${repository}:pull`],
      headers: { Accept: MANIFEST_ACCEPT },
    });
    if (response.status !== 200) return this.fail(`GET manifest ${repository}:${reference}`, response);
    const bytes = await response.buffer();
    const digest = sha256(bytes);
    const expected = reference.startsWith('sha256:') ? reference : header(response.headers, 'docker-content-digest');
    if (expected && expected !== digest) throw new Error(`Registry ${this.options.registry}: manifest ${repository}@${reference} has digest ${digest}, expected ${expected}`);
    const mediaType = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? header(response.headers, 'content-type') ?? MEDIA_TYPES.ociManifest;
    return { bytes, mediaType, digest };
  }

  /** Downloads a blob to `dest`, verifying its digest before it lands (written to a temp name first). */
  async downloadBlob(repository: string, digest: Digest, dest: string): Promise<void> {
    const response = await this.call({ method: 'GET', path: `/v2/${repository}/blobs/${digest}`, scopes: [`repository:${repository}:pull`] });
    if (response.status !== 200) return this.fail(`GET blob ${digest} from ${repository}`, response);
    const temp = `${dest}.partial-${process.pid}`;
    const written = await copyHashed(response.stream, temp);
    if (written.digest !== digest) {
      await rm(temp, { force: true });
      throw new Error(`Registry ${this.options.registry}: blob ${digest} of ${repository} arrived with digest ${written.digest}`);
    }
    await rename(temp, dest);
  }
}
