/**
 * `go version`, `uv --version` … cost 5–40 ms each; on a fully cached run that is most of the
 * budget. Versions are cached on disk keyed by the resolved binary's path, size and mtime, so a
 * toolchain upgrade (a new binary) is noticed without running it again when nothing changed.
 */
import { statSync, readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { execCapture } from './exec-capture.js';

interface Entry {
  key: string;
  version: string | null;
}

export class ToolVersionCache {
  readonly #file: string | undefined;
  readonly #pathEnv: string;
  #disk: Record<string, Entry> | undefined;
  readonly #pending = new Map<string, Promise<string | undefined>>();
  #dirty = false;
  readonly #used = new Map<string, { path: string; size: number; mtimeMs: number }>();

  constructor(stateDir: string | undefined, pathEnv = process.env.PATH ?? '') {
    this.#file = stateDir ? path.join(stateDir, 'tool-versions.json') : undefined;
    this.#pathEnv = pathEnv;
  }

  get(command: string, args: string[]): Promise<string | undefined> {
    const id = `${command}\0${args.join('\0')}`;
    let pending = this.#pending.get(id);
    if (!pending) {
      pending = this.#probe(id, command, args);
      this.#pending.set(id, pending);
    }
    return pending;
  }

  async #probe(id: string, command: string, args: string[]): Promise<string | undefined> {
    if (command === 'node' && args.length === 1 && args[0] === '--version') return process.version;
    const binary = resolveOnPath(command, this.#pathEnv);
    if (!binary) return undefined;
    const stat = statSync(binary);
    this.#used.set(binary, { path: binary, size: stat.size, mtimeMs: stat.mtimeMs });
    const key = `${binary}:${stat.size}:${stat.mtimeMs}`;
    const disk = this.#load();
    const cached = disk[id];
    // A version manager's shim (pyenv, asdf, mise, rustup's proxies) stays the same file when the
    // toolchain behind it changes: ask it every time.
    if (cached && cached.key === key && !isShim(binary)) return cached.version ?? undefined;
    const result = await execCapture(binary, args, { timeoutMs: 20_000 });
    const version = result.exitCode === 0 ? (result.stdout || result.stderr).trim() : null;
    disk[id] = { key, version };
    this.#dirty = true;
    return version ?? undefined;
  }

  #load(): Record<string, Entry> {
    if (this.#disk) return this.#disk;
    this.#disk = {};
    if (this.#file) {
      try {
        const parsed = JSON.parse(readFileSync(this.#file, 'utf8'));
        if (parsed && typeof parsed === 'object') this.#disk = parsed;
      } catch {
        // absent or corrupt: start empty
      }
    }
    return this.#disk!;
  }

  /** The binaries probed in this invocation (the workspace snapshot re-checks them). */
  usedTools(): { path: string; size: number; mtimeMs: number }[] {
    return [...this.#used.values()];
  }

  /** Writes new probes back (temp + rename, so a concurrent reader never sees half a file). */
  save(): void {
    if (!this.#dirty || !this.#file || !this.#disk) return;
    try {
      mkdirSync(path.dirname(this.#file), { recursive: true });
      const temp = `${this.#file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.#disk));
      renameSync(temp, this.#file);
      this.#dirty = false;
    } catch {
      // a cache; losing it only costs time
    }
  }
}

function isShim(binary: string): boolean {
  return /\/(shims|\.asdf|mise)\/|\/\.cargo\/bin\//.test(binary);
}

/** The absolute path `command` resolves to on PATH, or undefined. */
export function resolveOnPath(command: string, pathEnv: string): string | undefined {
  if (command.includes('/')) {
    try {
      return statSync(command).isFile() ? path.resolve(command) : undefined;
    } catch {
      return undefined;
    }
  }
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
