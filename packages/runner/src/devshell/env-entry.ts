/**
 * One devshell env entry applied to the env being built, with numtide/devshell's semantics (the
 * seed's devshells were numtide devshells):
 *   value  — set to the literal text (no `$VAR` expansion: numtide shell-escapes it);
 *            `PATH` may not use `value` (it would drop every tool; use `prefix`);
 *   eval   — set to the stdout of a shell command, run when the shell is composed, in the
 *            entry's directory with the env built so far (`git rev-parse --show-toplevel`);
 *            the numtide spelling `$(git rev-parse --show-toplevel)` is accepted too;
 *   prefix — `$VAR`s expanded, resolved against the entry's directory, and put in front of the
 *            variable, colon-separated (PATH-like); an entry already in the list moves to the front,
 *            so a nested `ant shell` or a repeated `eval "$(ant env)"` does not grow PATH;
 *   unset  — removed (and reported, so `ant env` can emit `unset NAME`).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { EnvEntry } from '../plugin/api.js';
import { DevshellError } from './devshell-error.js';

/** The env being composed and the names removed from it so far. */
export interface EnvState {
  env: Record<string, string>;
  unset: Set<string>;
}

/** Where an entry came from: its directory (for `eval` and relative `prefix`) and, for errors, its origin. */
export interface EntrySource {
  cwd: string;
  file?: string;
  /** JSON path of the entry, e.g. `devshell.env[0]`. */
  field?: string;
  plugin?: string;
  project?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Applies one entry to `state` in place; throws a {@link DevshellError} for an entry it refuses. */
export function applyEnvEntry(state: EnvState, entry: EnvEntry, source: EntrySource): void {
  const where = { file: source.file, field: source.field, plugin: source.plugin, project: source.project };
  if (!NAME.test(entry.name)) {
    throw new DevshellError('ANT_DEVSHELL_ENTRY_INVALID', `expected an environment variable name, found "${entry.name}"`, {
      ...where,
      hint: 'names are letters, digits and _, not starting with a digit',
    });
  }
  const { env, unset } = state;
  if ('value' in entry) {
    if (entry.name === 'PATH') {
      throw new DevshellError('ANT_DEVSHELL_ENTRY_INVALID', 'PATH may not be set with "value": it would hide every tool', {
        ...where,
        hint: `write { "name": "PATH", "prefix": "${entry.value}" } to put directories in front of PATH`,
      });
    }
    env[entry.name] = entry.value;
  } else if ('eval' in entry) {
    env[entry.name] = evaluate(entry.name, entry.eval, env, source, where);
  } else if ('prefix' in entry) {
    const dirs = expandVars(entry.prefix, env)
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.resolve(source.cwd, dir));
    env[entry.name] = prependList(env[entry.name], dirs);
  } else if ('unset' in entry) {
    delete env[entry.name];
    unset.add(entry.name);
    return;
  }
  unset.delete(entry.name);
}

/** `dirs` in front of the colon-separated `current`, without duplicating an entry already there. */
export function prependList(current: string | undefined, dirs: readonly string[]): string {
  const rest = (current ?? '').split(path.delimiter).filter((d) => d !== '' && !dirs.includes(d));
  return [...new Set(dirs), ...rest].join(path.delimiter);
}

function evaluate(name: string, text: string, env: Record<string, string>, source: EntrySource, where: object): string {
  const script = /^\$\((.*)\)$/s.exec(text.trim())?.[1] ?? text;
  try {
    const out = execFileSync('/bin/sh', ['-c', script], {
      cwd: source.cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    // As `$(…)` does: trailing newlines are not part of the value.
    return out.replace(/\n+$/, '');
  } catch (error) {
    const e = error as { status?: number | null; stderr?: string; message: string };
    const detail = e.stderr?.trim() ? `: ${e.stderr.trim()}` : e.status == null ? `: ${e.message}` : ' without a message on stderr';
    throw new DevshellError('ANT_DEVSHELL_EVAL_FAILED', `${name}: \`${script}\` failed (exit ${e.status ?? 'signal'})${detail}`, {
      ...where,
      hint: 'the command runs with /bin/sh in the directory that declares it; try it there by hand',
      cause: error,
    });
  }
}

/** `$NAME` and `${NAME}` from the env being built (unset names expand to nothing, as in sh). */
export function expandVars(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '');
}
