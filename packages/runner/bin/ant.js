#!/usr/bin/env node
// The `ant` binary: a thin launcher into the bundled CLI (one module graph, read at once).
import('../dist/bundle/main.js').then((m) => m.main(process.argv.slice(2)));
