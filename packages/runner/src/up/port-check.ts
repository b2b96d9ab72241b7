/**
 * Port conflicts, found before anything starts: a process whose tcp or http readiness target is a
 * local port will bind that port, so if something already answers there, the process would fail
 * (or, worse, the probe would pass against the stranger). We connect to each such port; an open
 * one is a conflict, reported with the listening process when Linux's /proc can tell us who it is.
 *
 * Deliberately not done: binding the port ourselves (a service binding 0.0.0.0 next to a
 * stranger's 127.0.0.1 would pass that test), and ports the config does not mention.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { ProcessSpec } from './process-spec.js';
import { probeTcp } from './readiness.js';

export interface PortConflict {
  process: string;
  host: string;
  port: number;
  /** The listening process, when /proc shows it (same user, Linux). */
  owner?: { pid: number; command: string };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/** The local port a process's readiness probe targets, if any. */
export function readinessPort(spec: Pick<ProcessSpec, 'readiness'>): { host: string; port: number } | undefined {
  const probe = spec.readiness?.probe;
  if (probe?.kind === 'tcp') return LOCAL_HOSTS.has(probe.host) ? { host: probe.host, port: probe.port } : undefined;
  if (probe?.kind === 'http') {
    const url = new URL(probe.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!LOCAL_HOSTS.has(host)) return undefined;
    return { host, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
  }
  return undefined;
}

/** Checks every process's readiness port; returns the ones something already listens on. */
export async function findPortConflicts(specs: readonly ProcessSpec[]): Promise<PortConflict[]> {
  const checks = specs.flatMap((spec) => {
    const target = readinessPort(spec);
    return target ? [{ process: spec.name, ...target }] : [];
  });
  const results = await Promise.all(
    checks.map(async (check) => {
      const host = check.host === '0.0.0.0' || check.host === '::' ? '127.0.0.1' : check.host;
      const open = await probeTcp(host, check.port, 500);
      return open.ok ? { ...check, owner: listeningProcess(check.port) } : undefined;
    }),
  );
  return results.filter((r): r is NonNullable<typeof r> => r !== undefined).map((r) => (r.owner ? r : { process: r.process, host: r.host, port: r.port }));
}

/** `port 8080 is already in use (by pid 123: python3 -m http.server 8080)`. */
export function describeConflict(conflict: PortConflict): string {
  const by = conflict.owner ? ` (by pid ${conflict.owner.pid}: ${conflict.owner.command})` : ' (by a process ant cannot see)';
  return `port ${conflict.port} is already in use${by}; "${conflict.process}" needs it (its readiness probe targets ${conflict.host}:${conflict.port})`;
}

/** Finds the process listening on `port` through /proc/net/tcp{,6} and /proc/PID/fd. Linux only. */
export function listeningProcess(port: number): { pid: number; command: string } | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
      const localPort = parseInt(cols[1].split(':')[1] ?? '', 16);
      if (localPort === port) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(link);
      if (match && inodes.has(match[1])) {
        let command = '?';
        try {
          command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
        } catch {
          // it exited meanwhile
        }
        return { pid: Number(pid), command };
      }
    }
  }
  return undefined;
}
