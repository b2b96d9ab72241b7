#!/usr/bin/env node
'use strict';
// The `ant` binary: a thin launcher into the bundled CLI. `ant run` and `ant affected` first try
// to answer from their receipt (src/fast-path/), which loads neither the CLI parser nor the
// config validator nor any plugin.
// CommonJS on purpose (bin/package.json): Node 20 starts a CommonJS entry without setting up its
// ES module loader, and only a classic script can be compiled from a V8 code cache (code-cache.js).
const path = require('node:path');

const argv = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };

async function main() {
  if (argv[0] === 'run' || argv[0] === 'affected') {
    const { requireWithCodeCache } = require('./code-cache.js');
    const fastPath = requireWithCodeCache(path.join(__dirname, '../dist/bundle/fast-path.cjs'), process.env);
    const code = await fastPath.exports.tryFastPath(argv, io);
    fastPath.save(code !== undefined);
    if (code !== undefined) return void (process.exitCode = code);
  }
  await import('../dist/bundle/main.js').then((m) => m.main(argv));
}

main().catch((error) => {
  // Only a broken install gets here (the CLI reports its own errors): say how to fix it.
  const missing = error?.code === 'ENOENT' || error?.code === 'ERR_MODULE_NOT_FOUND';
  process.stderr.write(missing ? `ant: ${error.message}\nhint: ant is not built; run \`npm run build\` in its repository, or reinstall it\n` : `ant: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
