/**
 * A PATH directory with real executables standing in for a machine's tools: the real `node`, and
 * small sh scripts that print a given version or record how they were called.
 */
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FakeBin {
  dir: string;
  /** A script `name` that prints `output` and exits with `exitCode`. */
  tool(name: string, output: string, exitCode?: number): void;
  /** A script `name` that appends its arguments to `record` (one call a line). */
  recorder(name: string, record: string, exitCode?: number): void;
  cleanup(): void;
}

export function fakeBin(): FakeBin {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ant-bin-'));
  symlinkSync(process.execPath, path.join(dir, 'node'));
  const script = (name: string, body: string) => {
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  };
  return {
    dir,
    tool: (name, output, exitCode = 0) => script(name, `printf '%s\\n' '${output.replace(/'/g, `'\\''`)}'\nexit ${exitCode}`),
    recorder: (name, record, exitCode = 0) => script(name, `echo "$*" >> '${record}'\necho "${name} ran"\nexit ${exitCode}`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
