// What the figures were measured on: machine, OS, toolchain versions.
import os from 'node:os';
import { execFileSync } from 'node:child_process';

const tryRun = (cmd, args) => {
  try { return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return null; }
};

/** Machine and toolchain description for RESULTS.md and results.json. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    docker: tryRun('test', ['-e', '/.dockerenv']) !== null,
    node: process.version,
    npm: tryRun('npm', ['--version']),
    git: tryRun('git', ['--version'])?.replace('git version ', ''),
  };
}
