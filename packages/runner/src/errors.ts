/**
 * AntError and its families. Every expected failure the user can fix is an AntError: it names the
 * file and field (a JSON path) when there is one, says what was expected and what was found, and
 * carries a hint with the fix. The CLI boundary (`cli/base-command.ts`) prints it without a stack
 * trace (unless `--verbose`) and exits with `exitCode`.
 *
 * Codes are stable and never reused:
 *   ANT_CONFIG_*   config file or schema problems            exit 2
 *   ANT_PLUGIN_*   a plugin failed or returned bad data      exit 2
 *   ANT_GRAPH_*    unknown task/project, cycles              exit 2
 *   ANT_WORKSPACE_* duplicate or overlapping projects        exit 2
 *   ANT_SCM_*      git problems (no merge-base, shallow)     exit 2
 *   ANT_CACHE_*    cache store problems                      exit 1
 *   ANT_USAGE_*    bad arguments                             exit 2
 *   ANT_INTERNAL   a bug                                     exit 1
 */
export interface AntErrorOptions {
  hint?: string;
  file?: string;
  field?: string;
  plugin?: string;
  project?: string;
  cause?: unknown;
  exitCode?: number;
}

export class AntError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly file?: string;
  readonly field?: string;
  readonly plugin?: string;
  readonly project?: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: AntErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AntError';
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.field = options.field;
    this.plugin = options.plugin;
    this.project = options.project;
    this.exitCode = options.exitCode ?? 2;
  }

  /** The one-paragraph text the CLI prints: `file: field: message` then `hint: …`. */
  format(): string {
    const where = [this.file, this.field].filter(Boolean).join(': ');
    const who = [this.plugin && `plugin ${this.plugin}`, this.project && `project ${this.project}`]
      .filter(Boolean)
      .join(', ');
    let text = where ? `${where}: ${this.message}` : this.message;
    if (who) text = `${text} (${who})`;
    if (this.hint) text += `\nhint: ${this.hint}`;
    return text;
  }
}

export class ConfigError extends AntError {
  constructor(message: string, options: AntErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ANT_CONFIG_INVALID', message, { ...options, exitCode: 2 });
    this.name = 'ConfigError';
  }
}

export class PluginError extends AntError {
  constructor(message: string, options: AntErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ANT_PLUGIN_FAILED', message, { ...options, exitCode: 2 });
    this.name = 'PluginError';
  }
}

export class GraphError extends AntError {
  constructor(message: string, options: AntErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ANT_GRAPH_INVALID', message, { ...options, exitCode: 2 });
    this.name = 'GraphError';
  }
}

export class WorkspaceError extends AntError {
  constructor(message: string, options: AntErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ANT_WORKSPACE_INVALID', message, { ...options, exitCode: 2 });
    this.name = 'WorkspaceError';
  }
}

export class ScmError extends AntError {
  constructor(message: string, options: AntErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ANT_SCM_FAILED', message, { ...options, exitCode: 2 });
    this.name = 'ScmError';
  }
}

export class CacheError extends AntError {
  constructor(message: string, options: AntErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ANT_CACHE_FAILED', message, { ...options, exitCode: 1 });
    this.name = 'CacheError';
  }
}

/** Errors cross worker threads as plain objects, so test by `name`/`code` as well as instanceof. */
export function isAntError(value: unknown): value is AntError {
  return (
    value instanceof AntError ||
    (typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' &&
      String((value as { code: string }).code).startsWith('ANT_') && typeof (value as AntError).format === 'function')
  );
}
