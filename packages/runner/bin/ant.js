#!/usr/bin/env node
// The `ant` binary: a thin launcher so start-up loads one module and nothing else.
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2)));
