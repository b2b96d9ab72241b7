/**
 * Parsing a TOML file into a plain table, with errors that name the file and the position.
 */
import { parse, TomlError } from 'smol-toml';

/** A parsed TOML table; values are left `unknown` so every reader checks what it uses. */
export type Table = Record<string, unknown>;

/**
 * Parses TOML text.
 *
 * @param file - repo path shown in errors
 * @param hint - what the user should do when the file is broken
 */
export function parseTomlFile(text: string, file: string, hint: string): Table {
  try {
    return parse(text) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new Error(
        `${file}:${error.line}:${error.column}: invalid TOML: ${firstLine(error.message)}. Hint: ${hint}`,
      );
    }
    throw error;
  }
}

/** A sub-table, or `undefined` when absent; throws when the key holds something else. */
export function tableAt(parent: Table, key: string, file: string, where: string): Table | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (isTable(value)) return value;
  throw new Error(`${file}: ${where}${key} must be a table, found ${describe(value)}`);
}

/** A string value, or `undefined` when absent; throws when the key holds something else. */
export function stringAt(parent: Table, key: string, file: string, where: string): string | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  throw new Error(`${file}: ${where}${key} must be a string, found ${describe(value)}`);
}

/** An array of strings, or `[]` when absent; throws when the key holds something else. */
export function stringsAt(parent: Table, key: string, file: string, where: string): string[] {
  const value = parent[key];
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new Error(`${file}: ${where}${key} must be an array of strings, found ${describe(value)}`);
}

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A short description of a TOML value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\.$/, '');
}
