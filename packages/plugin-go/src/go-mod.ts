/**
 * A parser for `go.mod` and `go.work`, which share one line-oriented syntax
 * (golang.org/x/mod/modfile): `verb args…` lines, `verb ( … )` blocks, `//` comments and
 * double-quoted or back-quoted strings. Only what ant needs is kept: the module path, the go and
 * toolchain versions, requirements, replacements and (for go.work) `use` directives.
 */

/** One `require` line. */
export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
}

/** One `replace` line; `newVersion` is absent for a local directory replacement. */
export interface GoReplace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
}

/** The parts of a `go.mod` ant uses. */
export interface GoMod {
  module: string | undefined;
  go: string | undefined;
  toolchain: string | undefined;
  requires: GoRequire[];
  replaces: GoReplace[];
}

/** The parts of a `go.work` ant uses. */
export interface GoWork {
  go: string | undefined;
  toolchain: string | undefined;
  /** Module directories, relative to the go.work's directory, as written. */
  uses: string[];
  replaces: GoReplace[];
}

/** A directive: its verb, its arguments, and whether a `// indirect` comment followed it. */
interface Directive {
  verb: string;
  args: string[];
  comment: string;
  line: number;
}

/** Splits one line into tokens and its trailing comment. Throws on an unterminated string. */
function tokenize(text: string, file: string, line: number): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    // Any white space, not only Go's three: the word scan below stops at \s, so a BOM or a
    // no-break space left to it would yield an empty token forever.
    if (/\s/.test(ch)) {
      i++;
    } else if (text.startsWith('//', i)) {
      return { tokens, comment: text.slice(i + 2).trim() };
    } else if (ch === '"' || ch === '`') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== ch) {
        // Double-quoted strings use Go escapes; module paths only ever need \" and \\.
        if (ch === '"' && text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new Error(`${file}:${line}: unterminated string ${text.slice(i)}`);
      tokens.push(value);
      i = j + 1;
    } else if (ch === '(' || ch === ')' || text.startsWith('=>', i)) {
      const punct = ch === '=' ? '=>' : ch;
      tokens.push(punct);
      i += punct.length;
    } else {
      let j = i;
      while (j < text.length && !/[\s"`()]/.test(text[j]!) && !text.startsWith('//', j) && !text.startsWith('=>', j)) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return { tokens, comment: '' };
}

/** Flattens blocks: `require ( a v1 \n b v2 )` becomes two `require` directives. */
function directives(text: string, file: string): Directive[] {
  const out: Directive[] = [];
  let block: string | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const { tokens, comment } = tokenize(lines[n]!, file, n + 1);
    if (tokens.length === 0) continue;
    if (block !== undefined) {
      if (tokens.length === 1 && tokens[0] === ')') block = undefined;
      else out.push({ verb: block, args: tokens, comment, line: n + 1 });
      continue;
    }
    const [verb, ...args] = tokens as [string, ...string[]];
    if (args.length === 1 && args[0] === '(') block = verb;
    else out.push({ verb, args, comment, line: n + 1 });
  }
  if (block !== undefined) throw new Error(`${file}: the "${block} (" block is never closed with ")"`);
  return out;
}

function parseReplace(d: Directive, file: string): GoReplace {
  const arrow = d.args.indexOf('=>');
  const left = d.args.slice(0, arrow);
  const right = d.args.slice(arrow + 1);
  if (arrow < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
    throw new Error(
      `${file}:${d.line}: malformed replace "${d.args.join(' ')}": expected "module [version] => path [version]"`,
    );
  }
  return {
    oldPath: left[0]!,
    ...(left[1] !== undefined ? { oldVersion: left[1] } : {}),
    newPath: right[0]!,
    ...(right[1] !== undefined ? { newVersion: right[1] } : {}),
  };
}

/** Parses a `go.mod`. `file` names it in error messages. */
export function parseGoMod(text: string, file = 'go.mod'): GoMod {
  const mod: GoMod = { module: undefined, go: undefined, toolchain: undefined, requires: [], replaces: [] };
  for (const d of directives(text, file)) {
    switch (d.verb) {
      case 'module':
        mod.module = d.args[0];
        break;
      case 'go':
        mod.go = d.args[0];
        break;
      case 'toolchain':
        mod.toolchain = d.args[0];
        break;
      case 'require':
        if (d.args.length !== 2) {
          throw new Error(`${file}:${d.line}: malformed require "${d.args.join(' ')}": expected "module version"`);
        }
        mod.requires.push({ path: d.args[0]!, version: d.args[1]!, indirect: /^indirect\b/.test(d.comment) });
        break;
      case 'replace':
        mod.replaces.push(parseReplace(d, file));
        break;
      default:
        // exclude, retract, godebug, tool, ignore: nothing ant acts on.
        break;
    }
  }
  return mod;
}

/** Parses a `go.work`. `file` names it in error messages. */
export function parseGoWork(text: string, file = 'go.work'): GoWork {
  const work: GoWork = { go: undefined, toolchain: undefined, uses: [], replaces: [] };
  for (const d of directives(text, file)) {
    if (d.verb === 'go') work.go = d.args[0];
    else if (d.verb === 'toolchain') work.toolchain = d.args[0];
    else if (d.verb === 'use' && d.args[0] !== undefined) work.uses.push(d.args[0]);
    else if (d.verb === 'replace') work.replaces.push(parseReplace(d, file));
  }
  return work;
}

/**
 * Whether a replacement points at a local directory rather than a module version. The go command
 * treats a target as a directory when it has no version and starts with `./`, `../` or `/`
 * (or a drive letter on Windows).
 */
export function isLocalReplace(replace: GoReplace): boolean {
  if (replace.newVersion !== undefined) return false;
  const target = replace.newPath;
  return target === '.' || target === '..' || /^(\.\.?[/\\]|\/|[A-Za-z]:[/\\])/.test(target);
}
