/**
 * Runs the plugin's commands through a real clipanion Cli with an ant command context whose
 * `loadWorkspace()` returns a temp workspace's config (the core is not needed for that).
 */
import { Cli } from 'clipanion';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import plugin from '../../src/index.js';
import type { DarwinCommandContext } from '../../src/commands/darwin/darwin-command.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface TestWorkspace {
  root: string;
  run(argv: string[], options?: { env?: Record<string, string | undefined>; stdin?: string }): Promise<CliResult>;
  cleanup(): void;
}

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** A temp workspace whose ant.config.json has `config`. */
export function testWorkspace(config: Record<string, unknown>): TestWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ant-darwin-ws-'));
  const configFile = path.join(root, 'ant.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return {
    root,
    async run(argv, options = {}) {
      const cli = new Cli<DarwinCommandContext>({ binaryName: 'ant' });
      for (const command of plugin.commands ?? []) cli.register(command as never);
      const stdout = collector();
      const stderr = collector();
      const context: DarwinCommandContext = {
        stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
        stdout: stdout.stream,
        stderr: stderr.stream,
        colorDepth: 1,
        cwd: root,
        env: { ...process.env, ANT_DARWIN_PROFILE: undefined, ...options.env },
        loadWorkspace: async () => ({
          root,
          configFile,
          config,
          projects: [],
          tasks: () => ({}),
          taskHash: async () => '',
        }),
        runTasks: async () => 0,
      };
      const exitCode = await cli.run(argv, context);
      return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
