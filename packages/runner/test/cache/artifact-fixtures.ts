/**
 * Builders for artifact tests: temp dirs that clean themselves up, a listing of everything under a
 * dir, and hand-made (often malicious) artifacts built with tar-stream directly, bypassing
 * `packArtifact`'s own checks.
 */
import { mkdtemp, readdir, lstat, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { onTestFinished } from 'vitest';
import type { ArtifactFile } from '../../src/cache/artifact.js';

/** A fresh temp dir, removed when the test finishes (unless ANT_KEEP_TMP is set). */
export async function tempDir(prefix = 'ant-artifact-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  onTestFinished(async () => {
    if (!process.env.ANT_KEEP_TMP) await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Every path under `dir` (relative, sorted), with a type letter: `f`, `d` or `l`. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    for (const name of await readdir(path.join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      const stats = await lstat(path.join(dir, child));
      out.push(`${stats.isDirectory() ? 'd' : stats.isSymbolicLink() ? 'l' : 'f'} ${child}`);
      if (stats.isDirectory()) await walk(child);
    }
  }
  await walk('');
  return out.sort();
}

/** A raw tar entry for {@link craftTar}. */
export interface RawEntry {
  header: Partial<tar.Header> & { name: string };
  content?: Buffer;
}

/** Builds an uncompressed tar from raw entries, exactly as given. */
export async function craftTar(entries: RawEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const { header, content } of entries) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (content) pack.entry({ mode: 0o644, ...header, size: header.size ?? content.length }, content, done);
      else pack.entry({ mode: 0o755, ...header }, done);
    });
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * Builds a gzip'd artifact whose meta.json lists `files` (so the listing itself can be hostile)
 * followed by `outputs` entries (defaulting to entries that match `files`).
 */
export async function craftArtifact(files: ArtifactFile[], outputs?: RawEntry[], log = 'log\n'): Promise<Buffer> {
  const meta = { version: 1, hash: 'h1', taskId: 'p:build', durationMs: 5, exitCode: 0, createdAt: '2025-01-01T00:00:00.000Z', files };
  const entries: RawEntry[] = [
    { header: { name: 'meta.json', type: 'file' }, content: Buffer.from(JSON.stringify(meta)) },
    { header: { name: 'log', type: 'file' }, content: Buffer.from(log) },
    ...(outputs ??
      files.map((file): RawEntry => {
        const name = `outputs/${file.path}`;
        if (file.type === 'dir') return { header: { name, type: 'directory', mode: file.mode } };
        if (file.type === 'symlink') return { header: { name, type: 'symlink', linkname: file.target, mode: file.mode } };
        return { header: { name, type: 'file', mode: file.mode }, content: Buffer.alloc(file.size, 0x61) };
      })),
  ];
  return gzipSync(await craftTar(entries));
}

/** Shorthand for a meta.json file line. */
export function fileLine(p: string, size = 3, mode = 0o644): ArtifactFile {
  return { path: p, type: 'file', mode, size };
}
