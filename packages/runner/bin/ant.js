#!/usr/bin/env node
// The `ant` binary: a thin launcher into the bundled CLI. `ant run` and `ant affected` first try
// to answer from their receipt (src/fast-path/), which loads neither the CLI parser nor the
// config validator nor any plugin.
const argv = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
const fast = argv[0] === 'run' || argv[0] === 'affected' ? await import('../dist/bundle/fast-path.js').then((m) => m.tryFastPath(argv, io)) : undefined;
if (fast !== undefined) process.exitCode = fast;
else await import('../dist/bundle/main.js').then((m) => m.main(argv));
