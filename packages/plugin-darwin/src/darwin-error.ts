/**
 * The plugin's error type. A plugin may import only `@ant/runner/plugin`, so it cannot throw the
 * core's `AntError`; this class has the same shape (`code` starting with `ANT_`, `hint`, `file`,
 * `field`, `exitCode`, `format()`), which is what the core's `isAntError` checks, so the CLI prints
 * it like its own errors.
 */

/** Stable error codes of this plugin. */
export type DarwinErrorCode =
  | 'ANT_CONFIG_INVALID'
  | 'ANT_DARWIN_UNKNOWN_PROFILE'
  | 'ANT_DARWIN_PROFILE_CYCLE'
  | 'ANT_DARWIN_NO_PROFILE'
  | 'ANT_DARWIN_NOT_MACOS'
  | 'ANT_DARWIN_NO_BUILDER'
  | 'ANT_DARWIN_BUILDER_FAILED'
  | 'ANT_DARWIN_APPLY_FAILED'
  | 'ANT_USAGE_INVALID';

export interface DarwinErrorOptions {
  hint?: string;
  /** The config file, e.g. `ant.config.json`. */
  file?: string;
  /** The JSON path inside it, e.g. `darwin.profiles.beefy.extends`. */
  field?: string;
  /** Exit code the CLI should use; 2 (usage or config) unless said otherwise. */
  exitCode?: number;
  cause?: unknown;
}

/** An expected failure the user can fix; `format()` gives the text the CLI prints. */
export class DarwinError extends Error {
  readonly code: DarwinErrorCode;
  readonly hint?: string;
  readonly file?: string;
  readonly field?: string;
  readonly plugin = '@ant/plugin-darwin';
  readonly exitCode: number;

  constructor(code: DarwinErrorCode, message: string, options: DarwinErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DarwinError';
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.field = options.field;
    this.exitCode = options.exitCode ?? 2;
  }

  /** `file: field: message` then `hint: …`, as the core formats its own errors. */
  format(): string {
    const where = [this.file, this.field].filter(Boolean).join(': ');
    let text = where ? `${where}: ${this.message}` : this.message;
    if (this.hint) text += `\nhint: ${this.hint}`;
    return text;
  }
}

/** True for errors of this plugin (also across module copies, by shape). */
export function isDarwinError(value: unknown): value is DarwinError {
  return (
    value instanceof DarwinError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'DarwinError' &&
      typeof (value as { format?: unknown }).format === 'function')
  );
}
