import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolve, routesFromEnv } from './routes.js';

test('routes /api/ to the Go api and /py/ to hello-world', () => {
  const routes = routesFromEnv({});
  assert.equal(resolve(routes, '/api/hello?name=ant'), 'http://127.0.0.1:8080/hello?name=ant');
  assert.equal(resolve(routes, '/py/hello'), 'http://127.0.0.1:8081/hello');
});

test('upstreams come from the environment', () => {
  const routes = routesFromEnv({ API_URL: 'http://127.0.0.1:9000' });
  assert.equal(resolve(routes, '/api/healthz'), 'http://127.0.0.1:9000/healthz');
});

test('unknown paths have no route', () => {
  assert.equal(resolve(routesFromEnv({}), '/other'), undefined);
});
