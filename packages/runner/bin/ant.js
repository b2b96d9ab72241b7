#!/usr/bin/env node
// The `ant` binary: a thin launcher into the bundled CLI. `ant run` first tries the replay of its
// receipt (src/fast-path/), which loads neither the CLI parser nor the config validator.
const argv = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
const fast = argv[0] === 'run' ? await import('../dist/bundle/fast-run.js').then((m) => m.tryFastRun(argv, io)) : undefined;
if (fast !== undefined) process.exitCode = fast;
else await import('../dist/bundle/main.js').then((m) => m.main(argv));
