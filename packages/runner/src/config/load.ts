/**
 * Finds and validates the workspace config. Search: from the working directory up to the file
 * system root, the first directory holding `ant.config.json`, `.antrc.json` or `ant.config.mjs`
 * is the workspace root. Validation failures become {@link ConfigError}s naming the file, the JSON
 * path, what was expected and what was found.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { configSchema, type AntConfig } from './schema.js';

import { findConfigFile } from './find-config.js';

export { CONFIG_FILE_NAMES, findConfigFile } from './find-config.js';

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** The workspace root: the config file's directory. */
  root: string;
  config: AntConfig;
  /** The config as written (before defaults), for plugin sections and `ant explain`. */
  raw: Record<string, unknown>;
  /** The file's text (part of the workspace snapshot's key). */
  text: string;
}


export async function loadConfig(cwd: string): Promise<LoadedConfig> {
  const file = findConfigFile(cwd);
  if (!file) {
    throw new ConfigError(`no ant.config.json found in ${cwd} or any parent directory`, {
      code: 'ANT_CONFIG_NOT_FOUND',
      hint: 'create ant.config.json at the root of your repository, e.g. {"plugins": ["@ant/plugin-js"]}',
    });
  }
  const text = readFileSync(file, 'utf8');
  const raw = await readRawConfig(file, text);
  return { file, root: path.dirname(file), config: validateConfig(raw, file), raw, text };
}

async function readRawConfig(file: string, text: string): Promise<Record<string, unknown>> {
  const display = path.basename(file);
  let value: unknown;
  if (file.endsWith('.json')) {
    // JSON is the common case and on every invocation's path: parse it directly rather than
    // loading cosmiconfig's loaders (which cost start-up time for nothing here).
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`invalid JSON: ${describeJsonError(error, text)}`, {
        code: 'ANT_CONFIG_SYNTAX',
        file: display,
        hint: 'fix the syntax (JSON allows no comments or trailing commas)',
      });
    }
  } else {
    const { cosmiconfig } = await import('cosmiconfig');
    try {
      value = (await cosmiconfig('ant').load(file))?.config;
    } catch (error) {
      throw new ConfigError(`could not load: ${(error as Error).message}`, {
        code: 'ANT_CONFIG_SYNTAX',
        file: display,
        cause: error,
      });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`expected an object at the top level, found ${describeValue(value)}`, {
      file: display,
      hint: 'the config is one JSON object: {"plugins": [...], "services": {...}}',
    });
  }
  return value as Record<string, unknown>;
}

/** Validates a raw config object; the first problem becomes a ConfigError (all are listed in it). */
export function validateConfig(raw: unknown, file: string): AntConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw zodIssueToConfigError(result.error.issues, raw, path.basename(file));
}

/** Turns zod issues into one ConfigError: the first issue's field and hint, every issue listed. */
export function zodIssueToConfigError(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  file: string,
  fieldPrefix: (string | number)[] = [],
): ConfigError {
  const described = issues.map((issue) => describeIssue(issue, raw, fieldPrefix));
  const first = described[0];
  const rest = described.slice(1).map((d) => `\n  also ${d.field}: ${d.message}`).join('');
  return new ConfigError(`${first.message}${rest}`, { file, field: first.field, hint: first.hint });
}

function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  prefix: (string | number)[],
): { field: string; message: string; hint?: string } {
  const fullPath = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const field = formatPath(fullPath) || '(top level)';
  const found = valueAt(raw, issue.path);
  const key = fullPath[fullPath.length - 1];
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'array' && /inputs|outputs|dependsOn|env|plugins|exclude/.test(String(key))
        ? 'an array of strings'
        : articled(issue.expected);
      if (found === undefined) return { field, message: `required, expected ${expected}` };
      const hint =
        issue.expected === 'array' && typeof found === 'string'
          ? `write "${String(key)}": [${JSON.stringify(found)}]`
          : undefined;
      return { field, message: `expected ${expected}, found ${describeValue(found)}`, hint };
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.join(', ');
      return {
        field: formatPath([...fullPath, issue.keys[0]]),
        message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}`,
        hint: 'remove it or check its spelling against the schema (node_modules/@ant/runner/schema.json)',
      };
    }
    case 'invalid_value':
      return {
        field,
        message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeValue(found)}`,
      };
    case 'invalid_union':
      return { field, message: `${describeUnion(key)}, found ${describeValue(found)}` };
    default:
      return { field, message: `${issue.message}, found ${describeValue(found)}` };
  }
}

function describeUnion(key: string | number | undefined): string {
  if (key === 'command') return 'expected a string or an array of strings';
  return 'expected one of the documented shapes (an entry with name and one of value, eval, prefix or unset)';
}

function articled(type: string): string {
  if (type === 'object') return 'an object';
  if (type === 'array') return 'an array';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `tasks.build.outputs`, `services["my-api"].path`, `plugins[2]`. */
export function formatPath(parts: readonly (string | number)[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function valueAt(raw: unknown, parts: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** A short, JSON-ish rendering of a found value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array (${truncate(JSON.stringify(value))})`;
  if (typeof value === 'object') return `an object (${truncate(JSON.stringify(value))})`;
  if (typeof value === 'string') return JSON.stringify(truncate(value));
  return `${typeof value} ${String(value)}`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeJsonError(error: unknown, text: string): string {
  const message = (error as Error).message;
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}
