/**
 * The parts of a `pyproject.toml` ant reads: the `[project]` identity, requirement names,
 * `[tool.uv.sources]`, `[tool.uv.workspace]` and whether uv builds the project (is "packaged").
 */
import type { RepoPath } from '@ant/runner/plugin';
import { isTable, parseTomlFile, stringAt, stringsAt, tableAt, type Table } from './toml-file.js';

/** Where a `[tool.uv.sources]` entry points (only the kinds that create edges are kept apart). */
export type UvSource =
  | { kind: 'workspace' }
  | { kind: 'path'; path: string }
  | { kind: 'other' };

/** A parsed `pyproject.toml`. Names are PEP 503-normalised. */
export interface PyProject {
  /** Repo path of the file. */
  file: RepoPath;
  /** `[project].name`, normalised; `undefined` for a workspace root without `[project]`. */
  name?: string;
  version?: string;
  requiresPython?: string;
  /** Names required by `dependencies`, `optional-dependencies`, `dependency-groups` and uv's `dev-dependencies`. */
  requirementNames: string[];
  /** `[tool.uv.sources]`, by normalised package name (several entries with markers collapse to a list). */
  sources: Record<string, UvSource[]>;
  /** `[tool.uv.workspace]`, when this file is a workspace root. */
  workspace?: { members: string[]; exclude: string[] };
  /** uv builds and installs the project itself (a `[build-system]`, or `tool.uv.package = true`). */
  packaged: boolean;
  /** `[tool.pytest.ini_options]` is present. */
  pytestConfigured: boolean;
  /** `[tool.ruff]` is present. */
  ruffConfigured: boolean;
}

/** PEP 503 name normalisation, which uv applies to every name in `uv.lock`. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The distribution name at the start of a PEP 508 requirement (`six>=1.16; python_version<'4'` → `six`). */
export function requirementName(requirement: string): string | undefined {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement);
  return match ? normalizeName(match[1]) : undefined;
}

/** Parses a `pyproject.toml`; `file` is its repo path, used in every error. */
export function parsePyProject(text: string, file: RepoPath): PyProject {
  const doc = parseTomlFile(text, file, 'fix the syntax; uv reads the same file');
  const project = tableAt(doc, 'project', file, '');
  const tool = tableAt(doc, 'tool', file, '');
  const uv = tool ? tableAt(tool, 'uv', file, '[tool].') : undefined;

  const rawName = project ? stringAt(project, 'name', file, '[project].') : undefined;
  if (project && rawName === undefined && !stringsAt(project, 'dynamic', file, '[project].').includes('name')) {
    throw new Error(
      `${file}: [project].name is missing: expected a package name string, found nothing. ` +
        'Hint: add name = "<package>" under [project]',
    );
  }

  const names = new Set<string>();
  const addAll = (requirements: string[]): void => {
    for (const requirement of requirements) {
      const name = requirementName(requirement);
      if (name) names.add(name);
    }
  };
  if (project) {
    addAll(stringsAt(project, 'dependencies', file, '[project].'));
    const optional = tableAt(project, 'optional-dependencies', file, '[project].');
    for (const extra of Object.keys(optional ?? {})) {
      addAll(stringsAt(optional!, extra, file, '[project.optional-dependencies].'));
    }
  }
  const groups = tableAt(doc, 'dependency-groups', file, '');
  for (const [group, entries] of Object.entries(groups ?? {})) {
    if (!Array.isArray(entries)) {
      throw new Error(`${file}: [dependency-groups].${group} must be an array, found ${typeof entries}`);
    }
    // `{ include-group = "…" }` entries point at other groups, which this loop reads anyway.
    addAll(entries.filter((entry): entry is string => typeof entry === 'string'));
  }
  if (uv) addAll(stringsAt(uv, 'dev-dependencies', file, '[tool.uv].'));

  const workspaceTable = uv ? tableAt(uv, 'workspace', file, '[tool.uv].') : undefined;
  const packageFlag = uv?.package;
  return {
    file,
    name: rawName === undefined ? undefined : normalizeName(rawName),
    version: project ? stringAt(project, 'version', file, '[project].') : undefined,
    requiresPython: project ? stringAt(project, 'requires-python', file, '[project].') : undefined,
    requirementNames: [...names].sort(),
    sources: parseSources(uv, file),
    workspace: workspaceTable && {
      members: stringsAt(workspaceTable, 'members', file, '[tool.uv.workspace].'),
      exclude: stringsAt(workspaceTable, 'exclude', file, '[tool.uv.workspace].'),
    },
    packaged: typeof packageFlag === 'boolean' ? packageFlag : doc['build-system'] !== undefined,
    pytestConfigured: isTable(tool?.pytest) && isTable((tool.pytest as Table)['ini_options']),
    ruffConfigured: tool?.ruff !== undefined,
  };
}

function parseSources(uv: Table | undefined, file: RepoPath): Record<string, UvSource[]> {
  const table = uv ? tableAt(uv, 'sources', file, '[tool.uv].') : undefined;
  const sources: Record<string, UvSource[]> = {};
  for (const [name, value] of Object.entries(table ?? {})) {
    const entries = Array.isArray(value) ? value : [value];
    sources[normalizeName(name)] = entries.map((entry) => {
      if (!isTable(entry)) {
        throw new Error(
          `${file}: [tool.uv.sources].${name} must be a table like { workspace = true } or { path = "…" }, ` +
            `found ${typeof entry}`,
        );
      }
      if (entry.workspace === true) return { kind: 'workspace' };
      if (typeof entry.path === 'string') return { kind: 'path', path: entry.path };
      return { kind: 'other' };
    });
  }
  return sources;
}
