/**
 * Temporary directories built from inline trees, removed after the test (set ANT_KEEP_TMP=1 to
 * keep them for debugging).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** File path → contents; objects are written as pretty JSON. */
export type Tree = Record<string, string | object>;

/** Writes `tree` under `root`. */
export function writeTree(root: string, tree: Tree): void {
  for (const [file, content] of Object.entries(tree)) {
    const abs = path.join(root, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

/** A new temp dir holding `tree`; `dispose()` removes it. */
export function tempDir(tree: Tree = {}): { root: string; dispose(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'ant-plugin-js-'));
  writeTree(root, tree);
  return {
    root,
    dispose() {
      if (process.env.ANT_KEEP_TMP !== '1') rmSync(root, { recursive: true, force: true });
    },
  };
}
