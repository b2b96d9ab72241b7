/**
 * A real container engine: Debian podman + runc serving the Docker Engine API on a unix socket
 * (`podman system service`), configured as in reference/peers.md §2.4: runc (crun cannot run here),
 * capped ulimits (root lacks CAP_SYS_RESOURCE), netns "none" (never podman's default bridge).
 * Storage is private to the test (own root/runroot), so nothing leaks into the machine's images.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasTool, run } from './exec.js';
import { tempDir } from './fixtures.js';
import { stopProcess, waitFor } from './registry.js';

export interface TestPodman {
  socket: string;
  /** Env for podman commands and for code under test (`DOCKER_HOST`, `CONTAINERS_CONF` …). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Why podman cannot be used here, or undefined when it can (checked by actually running it). */
export async function podmanUnavailable(): Promise<string | undefined> {
  if (!hasTool('podman')) return 'podman is not installed (apt-get install podman runc)';
  if (!hasTool('runc')) return 'runc is not installed (apt-get install runc); crun cannot run containers on this kernel';
  return undefined;
}

export async function startPodman(): Promise<TestPodman> {
  const dir = await tempDir('ant-podman-');
  const conf = join(dir.path, 'containers.conf');
  const storage = join(dir.path, 'storage.conf');
  await writeFile(
    conf,
    [
      '[containers]',
      'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
      'netns = "none"',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `events_logfile_path = "${join(dir.path, 'events.log')}"`,
      '',
    ].join('\n'),
  );
  await writeFile(
    storage,
    ['[storage]', 'driver = "overlay"', `graphroot = "${join(dir.path, 'graph')}"`, `runroot = "${join(dir.path, 'run')}"`, ''].join('\n'),
  );
  await writeFile(join(dir.path, 'registries.conf'), 'unqualified-search-registries = []\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONTAINERS_CONF: conf,
    CONTAINERS_STORAGE_CONF: storage,
    CONTAINERS_REGISTRIES_CONF: join(dir.path, 'registries.conf'),
  };
  const socket = join(dir.path, 'podman.sock');
  const child = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitFor(async () => (await run('curl', ['-s', '--unix-socket', socket, 'http://d/_ping'])).stdout === 'OK', 'podman system service');
  } catch (err) {
    await stopProcess(child);
    await dir.dispose();
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    socket,
    env: { ...env, DOCKER_HOST: `unix://${socket}` },
    stop: async () => {
      await stopProcess(child);
      // Containers and images live in this test's own storage (storage.conf above); remove them so
      // overlay mounts are released before the directory goes. No `system reset`: it reaches further.
      await run('podman', ['rm', '--all', '--force'], { env });
      await run('podman', ['rmi', '--all', '--force'], { env });
      await dir.dispose();
    },
  };
}
