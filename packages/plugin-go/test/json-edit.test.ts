import { describe, expect, it } from 'vitest';
import { setJsonProperty } from '../src/json-edit.js';

const CONFIG = `{
  // ant's config for the platform
  "plugins": ["@ant/plugin-go"],
  "services": {
    "api": { "language": "go", "path": "services/api", "vendorHash": "sha256-old" },
    "admin": {
      "language": "go",
      "path": "services/admin"
    }
  },
  "tasks": { "build": { "outputs": ["dist/**"] } }
}
`;

describe('setJsonProperty', () => {
  it('replaces an existing value and nothing else', () => {
    const out = setJsonProperty(CONFIG, ['services', 'api', 'vendorHash'], 'sha256-new');
    expect(out).toBe(CONFIG.replace('"sha256-old"', '"sha256-new"'));
  });

  it('adds a key in the style of a multi-line object', () => {
    const out = setJsonProperty(CONFIG, ['services', 'admin', 'vendorHash'], null);
    expect(out).toContain(`"path": "services/admin",\n      "vendorHash": null\n    }`);
    expect(JSON.parse(out.replace(/\/\/.*\n/, ''))).toMatchObject({ services: { admin: { vendorHash: null } } });
  });

  it('adds a key to a one-line object on the same line', () => {
    const text = '{"services": {"api": {"language": "go"}}}';
    expect(setJsonProperty(text, ['services', 'api', 'vendorHash'], 'sha256-x')).toBe(
      '{"services": {"api": {"language": "go", "vendorHash": "sha256-x"}}}',
    );
  });

  it('adds a whole service entry, pretty-printed at the right depth', () => {
    const out = setJsonProperty(CONFIG, ['services', 'lib'], { language: 'go', path: 'libs/lib', vendorHash: 'sha256-y' });
    expect(out).toContain(`    },\n    "lib": {\n      "language": "go",\n      "path": "libs/lib",\n      "vendorHash": "sha256-y"\n    }\n  },`);
  });

  it('fills an empty object and creates missing parents', () => {
    expect(setJsonProperty('{\n  "services": {}\n}\n', ['services', 'api', 'vendorHash'], 'h')).toBe(
      '{\n  "services": {\n    "api": {\n      "vendorHash": "h"\n    }\n  }\n}\n',
    );
    expect(JSON.parse(setJsonProperty('{"plugins": []}', ['services', 'api', 'vendorHash'], 'h'))).toEqual({
      plugins: [],
      services: { api: { vendorHash: 'h' } },
    });
  });

  it('reports where the document is broken', () => {
    expect(() => setJsonProperty('{\n  "a": 1\n  "b": 2\n}', ['a'], 3, 'ant.config.json')).toThrow(
      'ant.config.json:3: expected "," or "}", found "\\""',
    );
  });
});
