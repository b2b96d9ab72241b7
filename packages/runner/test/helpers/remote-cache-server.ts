/**
 * Starts the real `turborepo-remote-cache` server (DESIGN §6) on 127.0.0.1 with local storage in a
 * fresh temp dir, and waits until it answers. Each call is one server process.
 *
 * @example
 * const server = await startRemoteCacheServer({ signatures: true });
 * onTestFinished(() => server.stop());
 * const client = new RemoteCache({ url: server.url, token: server.token, slug: 'team_x' });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** How to start the server. */
export interface RemoteCacheServerOptions {
  /** Accepted bearer token (default: a random one). */
  token?: string;
  /** Signature mode (`TURBO_REMOTE_CACHE_SIGNATURE_KEY` set): the server stores and returns `x-artifact-tag`. */
  signatures?: boolean;
  /** `READ_ONLY`: the server refuses uploads with 403. */
  readOnly?: boolean;
}

/** A running server. */
export interface RemoteCacheServer {
  url: string;
  token: string;
  /** Where artifacts land: `<storageDir>/<team>/<hash>` (+ `.tag`). */
  storageDir: string;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Kills the server (SIGKILL by default, as a crash would) without removing its storage. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the server and removes its storage (kept when ANT_KEEP_TMP is set). */
  stop(): Promise<void>;
}

/** A port that was free a moment ago; the server may still lose the race, so start() retries. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function serverScript(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('turborepo-remote-cache/package.json')), 'dist', 'cli.js');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, deadlineMs: number): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(`${url}/v8/artifacts/status`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`turborepo-remote-cache did not become ready within ${deadlineMs} ms:\n${output()}`);
}

/** Starts a server; see {@link RemoteCacheServerOptions}. */
export async function startRemoteCacheServer(options: RemoteCacheServerOptions = {}): Promise<RemoteCacheServer> {
  const token = options.token ?? `test-token-${Math.random().toString(36).slice(2)}`;
  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'ant-trc-'));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(port),
      STORAGE_PROVIDER: 'local',
      STORAGE_PATH: storageDir,
      STORAGE_PATH_USE_TMP_FOLDER: 'false',
      TURBO_TOKEN: token,
      LOG_LEVEL: 'warn',
    };
    if (options.signatures) env.TURBO_REMOTE_CACHE_SIGNATURE_KEY = 'server-side-switch-only';
    if (options.readOnly) env.READ_ONLY = 'true';
    const child = spawn(process.execPath, [serverScript()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const output = () => log;
    if (!(await waitUntilReady(url, child, output, 20_000))) continue; // lost the port race
    const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
      child.kill(signal);
      await exited(child);
    };
    return {
      url,
      token,
      storageDir,
      process: child,
      output,
      kill,
      stop: async () => {
        await kill('SIGTERM');
        if (!process.env.ANT_KEEP_TMP) await rm(storageDir, { recursive: true, force: true });
      },
    };
  }
  throw new Error('turborepo-remote-cache exited three times at start-up (port races?)');
}
