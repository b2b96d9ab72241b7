// One timed process: wall time by the ns clock around /usr/bin/time, whose %M is the peak RSS
// (KiB) of the largest single process of the run. Output is captured so checks can parse it.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
const rssDir = mkdtempSync(join(tmpdir(), 'ant-bench-rss-'));
let seq = 0;
const active = new Set();

// Tools run in their own process group (detached) so a timeout can kill the whole tree; on Ctrl-C
// or SIGTERM, take those groups down with us.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const pid of active) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    process.exit(130);
  });
}

/**
 * Runs `cmd args` in `cwd` with `env`, returns { ms, rssKb, code, signal, stdout, stderr, timedOut }.
 * Never throws for a failing command: a non-zero exit is a value the caller checks.
 */
export function measure(cmd, args, { cwd, env, timeoutMs = 30 * 60_000 } = {}) {
  const rssFile = join(rssDir, `${process.pid}-${seq++}`);
  return new Promise((resolve) => {
    const out = [], err = [];
    const start = process.hrtime.bigint();
    // -o keeps the tool's own stderr clean; /usr/bin/time adds ~1 ms, the same for every tool.
    const child = spawn(TIME, ['-f', '%M', '-o', rssFile, cmd, ...args], {
      cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    active.add(child.pid);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      clearTimeout(timer);
      active.delete(child.pid);
      let rssKb = null;
      try {
        // When the command fails, time writes "Command exited with non-zero status N" first.
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        rssKb = Number(lines.at(-1)) || null;
        rmSync(rssFile, { force: true });
      } catch { /* no rss file: time itself failed */ }
      resolve({
        ms, rssKb, code, signal, timedOut,
        stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** Runs a shell snippet the same way (used for the floor). */
export const measureShell = (script, opts) => measure('sh', ['-c', script], opts);

/** True when GNU time is installed where measure() expects it. */
export function hasGnuTime() {
  try { readFileSync(TIME); return true; } catch { return false; }
}
