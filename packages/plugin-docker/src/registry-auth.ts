/**
 * Registry authentication as the distribution spec's token flow and Docker's clients do it:
 * a `401` carries `WWW-Authenticate: Bearer realm=…,service=…,scope=…` (fetch a token from the
 * realm, with Basic credentials when there are some) or `Basic realm=…` (send the credentials).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { httpRequest } from './http-client.js';

/** One parsed challenge. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` value (RFC 7235): `Bearer realm="https://a/token",service="reg",
 * scope="repository:x:pull,push"`. Quoted values may hold commas and `\"`; several challenges may
 * follow each other. Scheme names are lower-cased.
 */
export function parseWwwAuthenticate(value: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const isTokenChar = (ch: string) => /[\w!#$%&'*+.^`|~-]/.test(ch);
  let i = 0;
  const readToken = () => {
    const start = i;
    while (i < value.length && isTokenChar(value[i])) i++;
    return value.slice(start, i);
  };
  const skipSpace = () => {
    while (i < value.length && /\s/.test(value[i])) i++;
  };
  let current: AuthChallenge | undefined;
  while (i < value.length) {
    skipSpace();
    if (value[i] === ',') {
      i++;
      continue;
    }
    const name = readToken();
    if (!name) break; // malformed: keep what was parsed so far
    skipSpace();
    if (value[i] !== '=') {
      current = { scheme: name.toLowerCase(), params: {} };
      challenges.push(current);
      continue;
    }
    i++;
    skipSpace();
    let param = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        param += value[i++];
      }
      i++;
    } else {
      // Lenient: unquoted values up to the next comma or space (some registries leave URLs unquoted).
      const start = i;
      while (i < value.length && value[i] !== ',' && !/\s/.test(value[i])) i++;
      param = value.slice(start, i);
    }
    if (current) current.params[name.toLowerCase()] = param;
  }
  return challenges;
}

/** Registry credentials. */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * Finds credentials for a registry: `ANT_REGISTRY_USERNAME`/`ANT_REGISTRY_PASSWORD`, else the
 * `auths` of Docker's `config.json` (`$DOCKER_CONFIG` or `~/.docker`). Credential helpers are not run.
 */
export async function findCredentials(registry: string, env: Record<string, string | undefined>): Promise<Credentials | undefined> {
  if (env.ANT_REGISTRY_USERNAME && env.ANT_REGISTRY_PASSWORD !== undefined) {
    return { username: env.ANT_REGISTRY_USERNAME, password: env.ANT_REGISTRY_PASSWORD };
  }
  const file = join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker'), 'config.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const auths = (JSON.parse(text) as { auths?: Record<string, { auth?: string; username?: string; password?: string }> }).auths ?? {};
  const keys = [registry, `https://${registry}`, `http://${registry}`, ...(registry === 'docker.io' ? ['https://index.docker.io/v1/'] : [])];
  for (const key of keys) {
    const entry = auths[key];
    if (entry?.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry?.username && entry.password !== undefined) return { username: entry.username, password: entry.password };
  }
  return undefined;
}

/** `Basic <base64(user:password)>`. */
export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * Answers a challenge: returns the `Authorization` header value to retry with, or throws naming
 * the registry and what to set. Bearer tokens are fetched from the realm (GET, as Docker does).
 */
export async function answerChallenge(
  header: string,
  scopes: readonly string[],
  credentials: Credentials | undefined,
  options: { registry: string; insecureTls?: boolean },
): Promise<string> {
  const challenges = parseWwwAuthenticate(header);
  const bearer = challenges.find((c) => c.scheme === 'bearer');
  if (bearer) {
    const realm = bearer.params.realm;
    if (!realm) throw new Error(`Registry ${options.registry}: Bearer challenge without a realm: ${header}`);
    const url = new URL(realm);
    if (bearer.params.service) url.searchParams.set('service', bearer.params.service);
    const wanted = new Set([...scopes, ...(bearer.params.scope ? bearer.params.scope.split(' ') : [])]);
    for (const scope of wanted) url.searchParams.append('scope', scope);
    const response = await httpRequest({
      method: 'GET',
      url: url.toString(),
      headers: credentials ? { Authorization: basicAuthorization(credentials) } : {},
      insecureTls: options.insecureTls,
    });
    if (response.status !== 200) {
      const body = (await response.text()).slice(0, 300);
      throw new Error(
        `Registry ${options.registry}: token request to ${url.origin}${url.pathname} failed with HTTP ${response.status} ${body}` +
          (credentials ? '' : '. Set ANT_REGISTRY_USERNAME/ANT_REGISTRY_PASSWORD or log in with `docker login`.'),
      );
    }
    const body = await response.json<{ token?: string; access_token?: string }>();
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`Registry ${options.registry}: the token endpoint ${url.origin}${url.pathname} returned no token`);
    return `Bearer ${token}`;
  }
  if (challenges.some((c) => c.scheme === 'basic')) {
    if (!credentials) {
      throw new Error(`Registry ${options.registry} asks for a user name and password. Set ANT_REGISTRY_USERNAME/ANT_REGISTRY_PASSWORD or log in with \`docker login ${options.registry}\`.`);
    }
    return basicAuthorization(credentials);
  }
  throw new Error(`Registry ${options.registry}: unsupported authentication challenge "${header}"`);
}
