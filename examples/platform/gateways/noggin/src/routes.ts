/** Where the gateway sends a request: the first route whose prefix matches the path. */
export interface Route {
  prefix: string;
  upstream: string;
}

/** The default routes; API_URL and HELLO_URL override the upstreams (as `ant up` sets them). */
export function routesFromEnv(env: Record<string, string | undefined>): Route[] {
  return [
    { prefix: '/api/', upstream: env.API_URL ?? 'http://127.0.0.1:8080' },
    { prefix: '/py/', upstream: env.HELLO_URL ?? 'http://127.0.0.1:8081' },
  ];
}

/** The upstream URL for a request path, or undefined when no route matches. */
export function resolve(routes: readonly Route[], path: string): string | undefined {
  const route = routes.find((r) => path.startsWith(r.prefix));
  if (!route) return undefined;
  return new URL(path.slice(route.prefix.length - 1), route.upstream).toString();
}
