/**
 * A fast reader for the machine-written YAML of lockfiles (`pnpm-lock.yaml`, yarn 2+ `yarn.lock`).
 *
 * The general `yaml` package takes ~1–2 s on a 900 KB pnpm lockfile, which would blow a cached
 * run's whole budget; lockfiles only use a small subset, which this reads line by line in tens of
 * milliseconds: block mappings by indentation, plain / single- / double-quoted scalars, one-line
 * flow mappings (`{integrity: sha512-…}`), and `{}` / `[]`. Block sequences (`- x`) and flow
 * sequences are skipped (no lockfile field the plugin reads uses them). Anything else — block
 * scalars, anchors, tags, tabs — throws {@link UnsupportedYaml}, and the caller falls back to `yaml`.
 */

/** Thrown when the text uses YAML this reader does not handle. */
export class UnsupportedYaml extends Error {
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'UnsupportedYaml';
  }
}

type Node = Record<string, unknown>;

/** Parses the lockfile subset of YAML into plain objects (scalars stay strings). Pure. */
export function parseBlockYaml(text: string): Node {
  const root: Node = {};
  // Open mappings, the deepest last, each with the indentation of the key that owns it: a line
  // belongs to the deepest mapping whose owner is indented less than the line.
  const stack: { indent: number; node: Node }[] = [{ indent: -1, node: root }];
  let pending: { indent: number; parent: Node; key: string } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    const first = line[indent]!;
    if (first === '#') continue;
    if (first === '\t') throw new UnsupportedYaml(i + 1, 'tab indentation');
    if (first === '-' && (line[indent + 1] === ' ' || indent + 1 === line.length)) {
      // A sequence item: its items are not read, but the key that owns it holds a list.
      if (pending && indent >= pending.indent) set(pending.parent, pending.key, []);
      pending = undefined;
      continue;
    }
    if (pending) {
      // The previous key had no value: it opens a mapping if this line is deeper.
      if (indent > pending.indent) {
        const child: Node = {};
        set(pending.parent, pending.key, child);
        stack.push({ indent: pending.indent, node: child });
      } else set(pending.parent, pending.key, null);
      pending = undefined;
    }
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const top = stack[stack.length - 1]!;
    const { key, rest } = splitKey(line, indent, i + 1);
    if (rest === '') {
      pending = { indent, parent: top.node, key };
      continue;
    }
    set(top.node, key, scalarOrFlow(rest, i + 1));
  }
  if (pending) set(pending.parent, pending.key, null);
  return root;
}

// An own property even for `__proto__`: a lockfile key must never reach an object's prototype.
function set(node: Node, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  else node[key] = value;
}

function splitKey(line: string, at: number, lineNo: number): { key: string; rest: string } {
  let key: string;
  let end: number;
  const q = line[at];
  if (q === '"' || q === "'") {
    const close = closingQuote(line, at);
    if (close < 0) throw new UnsupportedYaml(lineNo, 'unterminated quoted key');
    key = unquote(line.slice(at, close + 1), lineNo);
    end = close + 1;
    if (line[end] !== ':') throw new UnsupportedYaml(lineNo, 'expected ":" after a quoted key');
  } else {
    end = line.indexOf(': ', at);
    if (end < 0) {
      if (!line.endsWith(':')) throw new UnsupportedYaml(lineNo, 'expected "key: value"');
      end = line.length - 1;
    }
    key = line.slice(at, end);
  }
  return { key, rest: line.slice(end + 1).trim() };
}

function closingQuote(line: string, open: number): number {
  const q = line[open]!;
  for (let i = open + 1; i < line.length; i++) {
    if (q === '"' && line[i] === '\\') i++;
    else if (line[i] === q) {
      if (q === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function unquote(text: string, lineNo: number): string {
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new UnsupportedYaml(lineNo, 'escape sequence outside JSON');
    }
  }
  return text;
}

function scalarOrFlow(rest: string, lineNo: number): unknown {
  const c = rest[0]!;
  if (c === '|' || c === '>' || c === '&' || c === '*' || c === '!') throw new UnsupportedYaml(lineNo, `"${c}" value`);
  if (c === '"' || c === "'") {
    const close = closingQuote(rest, 0);
    if (close !== rest.length - 1) throw new UnsupportedYaml(lineNo, 'text after a quoted value');
    return unquote(rest, lineNo);
  }
  if (c === '[') {
    if (!rest.endsWith(']')) throw new UnsupportedYaml(lineNo, 'multi-line flow sequence');
    return [];
  }
  if (c === '{') {
    if (!rest.endsWith('}')) throw new UnsupportedYaml(lineNo, 'multi-line flow mapping');
    const body = rest.slice(1, -1).trim();
    const out: Node = {};
    if (body === '') return out;
    // Flow mappings in lockfiles hold plain or quoted scalars without commas inside them.
    for (const part of body.split(', ')) {
      const colon = part.indexOf(': ');
      if (colon < 0) throw new UnsupportedYaml(lineNo, 'flow mapping entry without ": "');
      const k = part.slice(0, colon).trim();
      const v = part.slice(colon + 2).trim();
      if (v.startsWith('{') || v.startsWith('[')) throw new UnsupportedYaml(lineNo, 'nested flow collection');
      set(out, unquote(k, lineNo), unquote(v, lineNo));
    }
    return out;
  }
  // A plain scalar; strip a trailing comment.
  const hash = rest.indexOf(' #');
  return hash >= 0 ? rest.slice(0, hash).trimEnd() : rest;
}
