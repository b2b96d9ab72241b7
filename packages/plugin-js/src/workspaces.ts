/**
 * Discovery: every package of the root's npm / yarn / pnpm workspaces becomes a project.
 *
 * The host matches `projectFiles` (`package.json`, i.e. only the root manifest) and calls
 * {@link createProjects} once; the workspace globs are expanded here (`workspace-globs.ts`), so
 * discovery reads only the workspace directories, never the whole repository. The root
 * package is a project only when it declares no workspaces (a single-package repo).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PluginContext, ProjectSpec, RepoPath } from '@ant/runner/plugin';
import { manifestAt, workspaceGlobs, type PackageJson } from './package-json.js';
import { expandWorkspaceGlobs } from './workspace-globs.js';

/** The language tag of discovered projects; `typescript` services are accepted too. */
export const JS_LANGUAGE = 'javascript';

/** Where a workspace's member globs came from, for error messages. */
export interface WorkspaceGlobs {
  source: 'pnpm-workspace.yaml' | 'package.json';
  globs: string[];
}

/**
 * The member globs of the workspace rooted at `dir` (absolute), or `undefined` for a plain
 * package. pnpm's `pnpm-workspace.yaml` wins over `package.json` `workspaces` (pnpm ignores the latter).
 */
export async function readWorkspaceGlobs(dir: string, rootPkg: PackageJson | undefined): Promise<WorkspaceGlobs | undefined> {
  let pnpmText: string | undefined;
  try {
    pnpmText = await readFile(path.join(dir, 'pnpm-workspace.yaml'), 'utf8');
  } catch {
    pnpmText = undefined;
  }
  if (pnpmText !== undefined) {
    // Loaded only here: the yaml package costs tens of milliseconds to import.
    const { parse } = await import('yaml');
    const globs = parsePnpmWorkspace(pnpmText, 'pnpm-workspace.yaml', parse);
    if (globs) return { source: 'pnpm-workspace.yaml', globs };
  }
  const globs = rootPkg ? workspaceGlobs(rootPkg) : undefined;
  return globs ? { source: 'package.json', globs } : undefined;
}

/** The `packages` list of a `pnpm-workspace.yaml`. Pure; `file` names the file in errors. */
export function parsePnpmWorkspace(text: string, file: string, parseYaml: (text: string) => unknown): string[] | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new Error(`${file}: expected YAML, found a syntax error (${(error as Error).message}).`);
  }
  if (doc === null || doc === undefined) return undefined;
  const packages = (doc as { packages?: unknown }).packages;
  if (packages === undefined) return undefined;
  if (!Array.isArray(packages) || packages.some((p) => typeof p !== 'string')) {
    throw new Error(
      `${file}: packages: expected a list of globs, found ${JSON.stringify(packages)}.\n` +
        `hint: write packages:\\n  - "packages/*"`,
    );
  }
  return packages as string[];
}

/**
 * `createProjects`: the root manifest (if matched) → the workspace's packages as projects.
 * Every broken manifest is reported in one error, so a user fixes them all in one pass.
 */
export async function createProjects(files: RepoPath[], ctx: PluginContext): Promise<ProjectSpec[]> {
  if (!files.includes('package.json')) return [];
  const rootPkg = manifestAt(path.join(ctx.root, 'package.json'), ctx);
  if (!rootPkg) return [];
  const ws = await readWorkspaceGlobs(ctx.root, rootPkg);
  if (!ws) return [projectSpec('.', rootPkg, path.basename(ctx.root))];

  const members = await expandWorkspaceGlobs(ctx.root, ws.globs);
  const problems: string[] = [];
  const specs: ProjectSpec[] = [];
  const byName = new Map<string, string>();
  for (const dir of members) {
    if (dir === '.') continue;
    let pkg: PackageJson | undefined;
    try {
      pkg = manifestAt(path.join(ctx.root, dir, 'package.json'), ctx);
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    if (!pkg) continue;
    const spec = projectSpec(dir, pkg, dir);
    const other = byName.get(spec.name);
    if (other !== undefined) {
      problems.push(
        `${dir}/package.json: name: expected a name unique in the workspace, found "${spec.name}", also used by ${other}/package.json.\n` +
          `hint: rename one of the two packages (npm refuses duplicate workspace names too).`,
      );
      continue;
    }
    byName.set(spec.name, dir);
    specs.push(spec);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return specs;
}

function projectSpec(root: RepoPath, pkg: PackageJson, fallbackName: string): ProjectSpec {
  const name = typeof pkg.name === 'string' && pkg.name !== '' ? pkg.name : fallbackName;
  const fields: Record<string, unknown> = {};
  if (typeof pkg.name === 'string') fields.packageName = pkg.name;
  return { name, root, language: JS_LANGUAGE, fields };
}
