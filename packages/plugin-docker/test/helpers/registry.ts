/**
 * A real Debian `docker-registry` (distribution 2.8) on 127.0.0.1:<free port>, with filesystem
 * storage in a temp dir and a config file written here (the system config listens on :5000 with auth).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { hasTool } from './exec.js';
import { tempDir } from './fixtures.js';

export interface TestRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  stop(): Promise<void>;
}

export const registryMissing = hasTool('docker-registry') ? undefined : 'docker-registry is not installed (apt-get install docker-registry)';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startRegistry(): Promise<TestRegistry> {
  const dir = await tempDir('ant-registry-');
  const port = await freePort();
  const config = join(dir.path, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${join(dir.path, 'storage')} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port}, secret: ant-test-secret }`,
      '',
    ].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const host = `127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`http://${host}/v2/`)).status === 200, `docker-registry on ${host}`);
  } catch (err) {
    await stopProcess(child);
    await dir.dispose();
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    host,
    stop: async () => {
      await stopProcess(child);
      await dir.dispose();
    },
  };
}
