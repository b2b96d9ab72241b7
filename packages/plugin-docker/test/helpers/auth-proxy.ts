/**
 * A token-auth front for the real registry, as Docker Hub and most registries behave: `/v2/…`
 * without a valid Bearer token gets `401` + `WWW-Authenticate: Bearer realm=…,service=…,scope=…`;
 * the realm hands out a token for Basic `user:secret`. Everything else is proxied unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthProxy {
  host: string;
  /** Requests seen, as `METHOD path` (for asserting the flow). */
  seen: string[];
  tokenRequests: string[];
  stop(): Promise<void>;
}

/** `bearer`: token flow (default); `basic`: the registry itself asks for Basic credentials. */
export async function startAuthProxy(upstream: string, mode: 'bearer' | 'basic' = 'bearer', user = 'ant', password = 'secret'): Promise<AuthProxy> {
  const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const token = 'test-token-123';
  const seen: string[] = [];
  const tokenRequests: string[] = [];
  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    seen.push(`${req.method} ${req.url}`);
    if (req.url?.startsWith('/token')) {
      tokenRequests.push(req.url);
      if (req.headers.authorization !== basic) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: token }));
      return;
    }
    if (mode === 'basic' && req.headers.authorization !== basic) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test registry"' }).end();
      req.resume();
      return;
    }
    if (mode === 'bearer' && req.headers.authorization !== `Bearer ${token}`) {
      const repo = /^\/v2\/(.+?)\/(blobs|manifests|tags)\//.exec(req.url ?? '')?.[1];
      const scope = repo ? `,scope="repository:${repo}:pull"` : '';
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="test-registry"${scope}`, 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      req.resume();
      return;
    }
    const headers = { ...req.headers, host: upstream };
    delete headers.authorization;
    const forward = http.request({ host: upstream.split(':')[0], port: Number(upstream.split(':')[1]), method: req.method, path: req.url, headers }, (up) => {
      const out = { ...up.headers };
      // Upload locations point at the upstream; rewrite them to come back through the proxy.
      if (typeof out.location === 'string') out.location = out.location.replace(`http://${upstream}`, `http://${host}`);
      res.writeHead(up.statusCode ?? 502, out);
      up.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    tokenRequests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
