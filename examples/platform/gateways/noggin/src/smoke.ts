/**
 * Smoke test of the running platform through the gateway: `ant up --run noggin:smoke` starts
 * dynamodb, api, hello-world and noggin, runs this once every process is ready, then stops them.
 */
import { isDeepStrictEqual } from 'node:util';

const base = process.env.NOGGIN_URL ?? 'http://127.0.0.1:8082';

const checks: [path: string, expected: unknown][] = [
  ['/api/hello?name=smoke', { message: 'hello, smoke' }],
  ['/py/hello?name=smoke', { message: 'hello from python, smoke' }],
  ['/api/healthz', { status: 'ok', dynamodb: 'http://127.0.0.1:8000' }],
];

let failed = 0;
for (const [path, expected] of checks) {
  const response = await fetch(new URL(path, base));
  const body: unknown = await response.json();
  const ok = response.ok && isDeepStrictEqual(body, expected);
  console.log(`${ok ? 'ok  ' : 'FAIL'} GET ${path} → ${response.status} ${JSON.stringify(body)}`);
  if (!ok) failed++;
}
process.exitCode = failed ? 1 : 0;
