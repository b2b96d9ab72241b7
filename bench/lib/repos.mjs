// The generated repos: one identical copy per tool (gen-monorepo.mjs is deterministic), the tool
// linked into the copy's node_modules as a user's install would put it, and the edits scenarios make.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The generator the reference figures were measured with (shared/bench/gen-monorepo.mjs), kept
// beside the harness so `npm run bench` works in any clone.
export const GENERATOR = fileURLToPath(new URL('../gen-monorepo.mjs', import.meta.url));
const FIXED_DATE = { GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' };

/** Runs git in `dir` and returns trimmed stdout; throws on failure (harness bugs, not tool results). */
export function git(dir, ...args) {
  return execFileSync('git', args, {
    cwd: dir, env: { ...process.env, ...FIXED_DATE }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28,
  }).toString().trim();
}

/**
 * Generates a fresh repo at `dir` and returns the generator's meta (root, leaf, rootDependents…).
 * variant "noop" has one source file a package and `build` = `true` (scheduler overhead, scenario e).
 */
export function generate(dir, packages, variant = 'std') {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  const metaFile = `${dir}.meta.json`;
  const files = variant === 'noop' ? 1 : 20;
  execFileSync(process.execPath, [GENERATOR, dir, '--packages', String(packages), '--files', String(files), '--meta', metaFile], { stdio: 'ignore' });
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  let changed = ensureAntConfig(dir);
  if (variant === 'noop') {
    for (const p of readdirSync(join(dir, 'packages'))) {
      const f = join(dir, 'packages', p, 'package.json');
      const pkg = JSON.parse(readFileSync(f, 'utf8'));
      pkg.scripts = { ...pkg.scripts, build: 'true' };
      writeFileSync(f, JSON.stringify(pkg, null, 2) + '\n');
    }
    changed = true;
  }
  if (changed) {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', variant === 'noop' ? 'no-op build tasks' : 'ant.config.json');
  }
  meta.commit = git(dir, 'rev-parse', 'HEAD');
  meta.variant = variant;
  // Refresh the index's stat data once, so no tool pays for git's racy-clean entries.
  git(dir, 'status', '--porcelain');
  return meta;
}

// ant.config.json mirrors turbo.json's build task; older generators did not write it.
function ensureAntConfig(dir) {
  const f = join(dir, 'ant.config.json');
  if (existsSync(f)) return false;
  const turbo = JSON.parse(readFileSync(join(dir, 'turbo.json'), 'utf8'));
  writeFileSync(f, JSON.stringify({ plugins: ['@ant/plugin-js'], tasks: { build: turbo.tasks.build } }, null, 2) + '\n');
  return true;
}

/** Symlinks `links` ({ 'node_modules/x': target }) into the repo; node_modules is gitignored there. */
export function link(dir, links) {
  for (const [rel, target] of Object.entries(links)) {
    const at = join(dir, rel);
    mkdirSync(dirname(at), { recursive: true });
    rmSync(at, { force: true });
    symlinkSync(target, at);
  }
}

/** Removes build outputs and in-repo caches (.turbo, .nx, .ant, dist), keeping node_modules. */
export function cleanOutputs(dir) {
  git(dir, 'clean', '-fdxq', '-e', 'node_modules');
}

/** Appends a unique comment to a package's first source file: a content change, one file. */
export function editSource(dir, pkg, tag) {
  const src = join(dir, 'packages', pkg, 'src');
  const file = readdirSync(src).sort()[0];
  appendFileSync(join(src, file), `// bench edit ${tag}\n`);
  return `packages/${pkg}/src/${file}`;
}

/** Restores every tracked file to HEAD (outputs and caches are left alone). */
export function restore(dir) {
  git(dir, 'checkout', '-q', '--', '.');
}

/** Commits the working tree with the fixed date (scenario d's one-file change). */
export function commitAll(dir, message) {
  git(dir, 'commit', '-q', '-a', '-m', message);
}

/** Drops the last commit and its changes (undoes commitAll). */
export function dropLastCommit(dir) {
  git(dir, 'reset', '-q', '--hard', 'HEAD~1');
}
