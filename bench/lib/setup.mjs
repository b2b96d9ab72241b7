// Makes the bench runnable on a fresh machine: its own node_modules (turbo, nx at the pinned
// versions; bench/ is not a workspace of the root) and GNU time for peak RSS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { hasGnuTime } from './measure.mjs';

/** Installs bench/node_modules with `npm ci` when missing or not matching package.json's pins. */
export function ensureDependencies(bench, log) {
  const pins = JSON.parse(readFileSync(join(bench, 'package.json'), 'utf8')).devDependencies;
  const stale = Object.entries(pins).filter(([name, version]) => {
    const f = join(bench, 'node_modules', name, 'package.json');
    return !existsSync(f) || JSON.parse(readFileSync(f, 'utf8')).version !== version;
  });
  if (!stale.length) return;
  log(`installing bench dependencies (npm ci --prefix bench): ${stale.map(([n, v]) => `${n}@${v}`).join(', ')}`);
  execFileSync('npm', ['ci', '--prefix', bench, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

/** Throws with the fix when /usr/bin/time is missing. */
export function ensureGnuTime() {
  if (!hasGnuTime()) {
    throw new Error('/usr/bin/time (GNU time) is missing; install it: apt-get install -y time');
  }
}
