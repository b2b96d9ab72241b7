/**
 * The few pieces of Nix syntax the generated files need, escaped correctly. Pure.
 */

/** A Nix double-quoted string literal: `\`, `"` and `${` are escaped. */
export function nixString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\$\{/g, '\\${')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_'-]*$/;
// Nix keywords cannot be bare attribute names.
const KEYWORDS = new Set(['if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit', 'or']);

/** An attribute name: bare when it is an identifier, quoted otherwise (`"zig-0.13"`). */
export function nixAttrName(name: string): string {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name) ? name : nixString(name);
}

/** `pkgs.go_1_22`, `pkgs.python312Packages.ruff`, `pkgs."zig-0.13"` from an attribute path. */
export function nixAttrPath(root: string, path: string): string {
  return [root, ...path.split('.').map(nixAttrName)].join('.');
}

/** A `# …` comment line; newlines in `text` would end the comment, so they become spaces. */
export function nixComment(text: string): string {
  return `# ${text.replace(/[\r\n]+/g, ' ')}`;
}
