/**
 * Runs the plugin's commands as the ant binary would: the built plugin (dist/) in a real clipanion
 * Cli in a child Node process (`run-cli.mjs`), with a temp workspace's config. Needs
 * `npx tsc -p packages/plugin-darwin` first (`npm test` builds).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-cli.mjs');

/** A temp workspace whose ant.config.json has `config`. */
export function testWorkspace(config: Record<string, unknown>): TestWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ant-darwin-ws-'));
  const configFile = path.join(root, 'ant.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  let runs = 0;
  return {
    root,
    run(argv, options = {}) {
      const env = { ...process.env, ANT_DARWIN_PROFILE: undefined, ...options.env };
      const specFile = path.join(os.tmpdir(), `${path.basename(root)}-spec-${runs++}.json`);
      writeFileSync(specFile, JSON.stringify({ root, configFile, config, argv, env }));
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [RUNNER, specFile], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdin.end(options.stdin ?? '');
        child.on('error', reject);
        child.on('close', (code) => {
          rmSync(specFile, { force: true });
          resolve({ exitCode: code ?? 1, stdout, stderr });
        });
      });
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
