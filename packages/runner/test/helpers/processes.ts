import { execFileSync } from 'node:child_process';

/** Whether a process is running (a zombie answers kill(0) but is gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return stat !== '' && !stat.startsWith('Z');
  } catch {
    return false;
  }
}
