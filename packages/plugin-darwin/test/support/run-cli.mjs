// Runs the built plugin's commands in a clipanion Cli, the way the ant binary hosts them, with an
// ant command context whose loadWorkspace() returns the spec's config. Usage: node run-cli.mjs SPEC.json
// (Plain Node, not vitest. Cli comes from @ant/runner/plugin: the same clipanion the commands extend.)
import { readFileSync } from 'node:fs';
import { Cli } from '@ant/runner/plugin';
import plugin from '../../dist/index.js';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const cli = new Cli({ binaryName: 'ant' });
for (const command of plugin.commands) cli.register(command);
const context = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  colorDepth: 1,
  cwd: spec.root,
  env: spec.env,
  loadWorkspace: async () => ({
    root: spec.root,
    configFile: spec.configFile,
    config: spec.config,
    projects: [],
    tasks: () => ({}),
    taskHash: async () => '',
  }),
  runTasks: async () => 0,
};
process.exitCode = await cli.run(spec.argv, context);
