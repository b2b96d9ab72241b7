/**
 * Sets one property in a JSON (or JSONC) document by editing its text, so comments, key order,
 * indentation and one-line objects survive: `ant go vendor-hash --write` changes only the
 * `vendorHash` it owns in ant.config.json.
 */

interface Member {
  key: string;
  keyStart: number;
  value: JsonNode;
}

type JsonNode =
  | { kind: 'object'; start: number; end: number; members: Member[] }
  | { kind: 'array'; start: number; end: number }
  | { kind: 'scalar'; start: number; end: number };

/** A small recursive-descent JSONC reader that keeps every node's text span. */
class Reader {
  pos = 0;
  constructor(private readonly text: string, private readonly file: string) {}

  fail(expected: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    const found = this.pos < this.text.length ? JSON.stringify(this.text[this.pos]) : 'end of file';
    throw new Error(`${this.file}:${line}: expected ${expected}, found ${found}`);
  }

  skip(): void {
    for (;;) {
      const ws = /^\s*/.exec(this.text.slice(this.pos))![0];
      this.pos += ws.length;
      if (this.text.startsWith('//', this.pos)) {
        const nl = this.text.indexOf('\n', this.pos);
        this.pos = nl === -1 ? this.text.length : nl;
      } else if (this.text.startsWith('/*', this.pos)) {
        const close = this.text.indexOf('*/', this.pos + 2);
        if (close === -1) this.fail('"*/" closing the comment');
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  string(): string {
    const match = /^"(?:[^"\\\n]|\\.)*"/.exec(this.text.slice(this.pos));
    if (match === null) this.fail('a string');
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  value(): JsonNode {
    this.skip();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === '{') return this.object();
    if (ch === '[') {
      this.pos++;
      this.skip();
      while (this.text[this.pos] !== ']') {
        this.value();
        this.skip();
        if (this.text[this.pos] === ',') this.pos++;
        else if (this.text[this.pos] !== ']') this.fail('"," or "]"');
        this.skip();
      }
      this.pos++;
      return { kind: 'array', start, end: this.pos };
    }
    if (ch === '"') {
      this.string();
      return { kind: 'scalar', start, end: this.pos };
    }
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos));
    if (literal === null) this.fail('a JSON value');
    this.pos += literal[0].length;
    return { kind: 'scalar', start, end: this.pos };
  }

  object(): JsonNode {
    const start = this.pos;
    this.pos++;
    const members: Member[] = [];
    this.skip();
    while (this.text[this.pos] !== '}') {
      const keyStart = this.pos;
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ':') this.fail('":"');
      this.pos++;
      members.push({ key, keyStart, value: this.value() });
      this.skip();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') this.fail('"," or "}"');
      this.skip();
    }
    this.pos++;
    return { kind: 'object', start, end: this.pos, members };
  }
}

/** The whitespace that starts the line holding `offset`, and whether only whitespace precedes it. */
function lineIndent(text: string, offset: number): { indent: string; alone: boolean } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return { indent: /^[ \t]*/.exec(before)![0], alone: /^[ \t]*$/.test(before) };
}

/** JSON text of `value` on one line, in the `{ "a": 1, "b": [1, 2] }` style of hand-written configs. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** JSON text of `value`: pretty-printed with continuation lines indented by `indent`, or inline. */
function render(value: unknown, indent: string, pretty: boolean): string {
  if (!pretty) return inline(value);
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

/**
 * Returns `text` with `path` set to `value`. Existing values are replaced in place; missing keys
 * are added after the last member of their object, in that object's style (one member per line,
 * or all on one line). `file` names the document in errors.
 */
export function setJsonProperty(text: string, path: string[], value: unknown, file = 'ant.config.json'): string {
  const reader = new Reader(text, file);
  let node = reader.value();
  for (let i = 0; i < path.length; i++) {
    if (node.kind !== 'object') {
      throw new Error(`${file}: expected an object at ${path.slice(0, i).join('.') || 'the top level'}, found ${text.slice(node.start, node.end).slice(0, 40)}`);
    }
    const member = node.members.find((m) => m.key === path[i]);
    if (member === undefined) {
      // Build what is missing below this object, e.g. {"vendorHash": "…"} or {"api": {…}}.
      let inserted: unknown = value;
      for (let j = path.length - 1; j > i; j--) inserted = { [path[j]!]: inserted };
      return insertMember(text, node, path[i]!, inserted);
    }
    if (i === path.length - 1) {
      const { indent } = lineIndent(text, member.keyStart);
      return text.slice(0, member.value.start) + render(value, indent, true) + text.slice(member.value.end);
    }
    node = member.value;
  }
  return text;
}

function insertMember(text: string, object: Extract<JsonNode, { kind: 'object' }>, key: string, value: unknown): string {
  const last = object.members.at(-1);
  if (last === undefined) {
    const { indent } = lineIndent(text, object.start);
    const inner = `${indent}  `;
    const body = `\n${inner}${JSON.stringify(key)}: ${render(value, inner, true)}\n${indent}`;
    return text.slice(0, object.start + 1) + body + text.slice(object.end - 1);
  }
  const { indent, alone } = lineIndent(text, last.keyStart);
  const addition = alone
    ? `,\n${indent}${JSON.stringify(key)}: ${render(value, indent, true)}`
    : `, ${JSON.stringify(key)}: ${render(value, indent, false)}`;
  return text.slice(0, last.value.end) + addition + text.slice(last.value.end);
}
