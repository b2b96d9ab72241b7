'use strict';
/**
 * Loads a CommonJS bundle as `require` would, compiled from a V8 code cache when one fits, so a
 * start-up skips parsing and compiling it (Node 20 has no module.enableCompileCache; this is what
 * that does, for one file).
 *
 * The cache lives per user, in `$XDG_CACHE_HOME/ant/v8` (or `~/.cache/ant/v8`), never in a shared
 * directory: V8 runs what it finds there. Its name carries the bundle's device, inode, size and
 * mtime and Node's version, because V8 itself checks only the source's length and its own version
 * and flags; it rejects the rest (`cachedDataRejected`), and the cache is then written again.
 * Written after the bundle has run (temp + rename), so the functions it compiled lazily are in it:
 * a run that did the whole job (`save(true)`) writes the full cache, one that gave up early (the
 * first run after a rebuild always does) a partial one, used only until a full one exists.
 * Any failure only means compiling as usual.
 */
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');
const Module = require('node:module');

/** Cache files kept: one or two per bundle build and Node version a user runs, newest first. */
const KEPT = 16;

/**
 * Returns the bundle's exports, whether V8 took its code from the cache (`fromCache`), and
 * `save(didWholeJob)` to call once the bundle has done its work.
 */
function requireWithCodeCache(file, env) {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheFileOf(file, env);
  const partialFile = cacheFile && `${cacheFile}.partial`;
  let cachedData;
  let usedFile;
  for (const candidate of cacheFile ? [cacheFile, partialFile] : []) {
    try {
      cachedData = fs.readFileSync(candidate);
      usedFile = candidate;
      break;
    } catch {
      // none yet
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __antDynamicImport) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {}, filename: file };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file), dynamicImportFrom(file));
  const save = (didWholeJob) => {
    if (!cacheFile) return;
    const target = didWholeJob ? cacheFile : partialFile;
    const fits = cachedData !== undefined && !script.cachedDataRejected;
    if (fits && (usedFile === cacheFile || usedFile === target)) return;
    try {
      const dir = path.dirname(target);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, target);
      if (didWholeJob) fs.rmSync(partialFile, { force: true });
      prune(dir);
    } catch {
      // a read-only home: compile every time
    }
  };
  return { exports: module.exports, fromCache: cachedData !== undefined && !script.cachedDataRejected, save };
}

// A script compiled by vm cannot run import() itself on Node 20 (not without an experimental
// flag), so the bundle's import() calls come here (scripts/bundle.mjs renames them). Relative
// specifiers resolve from the bundle; package names from here, which shares its node_modules.
function dynamicImportFrom(file) {
  const base = pathToFileURL(file);
  return (specifier) => import(specifier.startsWith('.') ? new URL(specifier, base).href : specifier);
}

function cacheFileOf(file, env) {
  // A relative XDG_CACHE_HOME is invalid (XDG base directory spec): it would land in the project.
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  const home = xdg || (env.HOME && path.isAbsolute(env.HOME) ? path.join(env.HOME, '.cache') : undefined);
  if (!home) return undefined;
  try {
    const st = fs.statSync(file);
    const name = `${path.basename(file)}-${st.dev}-${st.ino}-${st.size}-${Math.round(st.mtimeMs)}-${process.version}-${process.arch}.v8`;
    return path.join(home, 'ant', 'v8', name);
  } catch {
    return undefined;
  }
}

function prune(dir) {
  const files = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.v8') || n.endsWith('.v8.partial'))
    .map((n) => ({ file: path.join(dir, n), mtimeMs: fs.statSync(path.join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { file } of files.slice(KEPT)) fs.rmSync(file, { force: true });
}

module.exports = { requireWithCodeCache };
