/** noggin: a small HTTP gateway in front of the platform's services (listens on $PORT, default 8082). */
import http from 'node:http';
import { resolve, routesFromEnv } from './routes.js';

const routes = routesFromEnv(process.env);
const port = Number(process.env.PORT ?? 8082);

const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const target = resolve(routes, req.url ?? '/');
  if (!target) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no route"}');
    return;
  }
  try {
    const upstream = await fetch(target, { method: req.method });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (error) {
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
  }
});

server.listen(port, '127.0.0.1', () => console.log(`noggin listening on http://127.0.0.1:${port}`));
