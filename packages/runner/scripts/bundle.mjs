#!/usr/bin/env node
/**
 * Post-build step of @ant/runner:
 *  1. bundles the CLI into dist/bundle/ (esbuild, ESM, code-split at the dynamic imports), so
 *     start-up reads a handful of files instead of ~150 modules — on Node 20, without V8's
 *     compile cache, module loading is most of a fully cached run's cost;
 *  2. writes schema.json (the config's JSON Schema, generated from the zod schema).
 * `@ant/runner/plugin` is an entry of the same build, so plugins share the CLI's zod and clipanion.
 * `fast-path.cjs` is what bin/ant.js tries first for `ant run`/`ant affected` (src/fast-path/): a build of its own,
 * one file without chunks (each module costs a resolve and a compile), reaching neither zod nor
 * clipanion. It shares no state with the CLI bundle, so duplicated code there is harmless. It is
 * CommonJS so that bin/code-cache.js can compile it from a V8 code cache.
 * tinypool stays external: it starts its workers from its own files.
 */
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const runner = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Chunk names carry content hashes: start empty so old chunks do not pile up.
await rm(path.join(runner, 'dist/bundle'), { recursive: true, force: true });

await build({
  absWorkingDir: runner,
  entryPoints: { main: 'src/cli/main.ts', plugin: 'src/plugin/api.ts', 'executor-worker': 'src/scheduler/executor-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['tinypool', 'cosmiconfig'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies (picomatch, fast-glob) call require() for Node built-ins.
  banner: { js: "import { createRequire as __antRequire } from 'node:module'; const require = __antRequire(import.meta.url);" },
});

// In the fast path, a dynamic import is code a replay never needs (restoring an artifact, running a
// task): leave it out of the file. A relative one resolves from dist/bundle/ to the tsc output,
// whose layout mirrors src/ one level down; a package one resolves from node_modules.
const dynamicImportsStayOut = {
  name: 'dynamic-imports-stay-out',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path.replace(/\.ts$/, '.js'), external: true } : undefined));
  },
};
await build({
  absWorkingDir: runner,
  entryPoints: { 'fast-path': 'src/fast-path/fast-path.ts' },
  plugins: [dynamicImportsStayOut],
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  // receipt-stamp.ts finds the bundle entries beside itself.
  define: { 'import.meta.url': '__antModuleUrl' },
  banner: {
    js: "const __antModuleUrl = require('node:url').pathToFileURL(__filename).href; const __antImport = typeof __antDynamicImport === 'function' ? __antDynamicImport : (s) => import(s);",
  },
  platform: 'node',
  target: 'node20',
  external: ['tinypool'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// bin/code-cache.js compiles this file with vm, where import() does not work on Node 20: its
// dynamic imports (all of them left out of the file, by string literal) go through __antImport.
const fastPathFile = path.join(runner, 'dist/bundle/fast-path.cjs');
const fastPath = await readFile(fastPathFile, 'utf8');
const routed = fastPath.replace(/(?<![\w$.])import\((?=")/g, '__antImport(');
const left = [...routed.matchAll(/(?<![\w$.])import\(/g)].length;
if (left !== 1) throw new Error(`fast-path.cjs: expected only the banner's import(), found ${left} import( calls`);
await writeFile(fastPathFile, routed);

const { configJsonSchema } = await import(pathToFileURL(path.join(runner, 'dist/config/schema.js')).href);
await writeFile(path.join(runner, 'schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
