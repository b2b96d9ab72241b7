/**
 * Discovery: every `Cargo.toml` with a `[package]` is a project named after the package, whether
 * it is a standalone crate or a workspace member. A virtual workspace manifest (only
 * `[workspace]`) is not a project; its members are. Manifests under `target/` (cargo's build
 * output, which vendors crate sources) are skipped.
 */
import type { PluginContext, ProjectSpec, RepoPath } from '@ant/runner/plugin';
import { findWorkspace, readManifest } from './crate-info.js';

/** Globs (from the workspace root) of the files that mark Rust projects. */
export const RUST_PROJECT_FILES = ['**/Cargo.toml'];

function skipped(file: RepoPath): boolean {
  return file.split('/').some((part) => part === 'target' || part === 'node_modules' || part.startsWith('.'));
}

/** One call with every matched manifest; a broken manifest is reported, the others still load. */
export async function createRustProjects(files: RepoPath[], ctx: PluginContext): Promise<ProjectSpec[]> {
  const specs: ProjectSpec[] = [];
  const problems: string[] = [];
  for (const file of files.filter((f) => !skipped(f)).sort()) {
    try {
      const manifest = await readManifest(file, ctx);
      if (!manifest?.packageName) continue;
      const workspace = await findWorkspace(manifest, ctx);
      specs.push({
        name: manifest.packageName,
        root: manifest.dir,
        language: 'rust',
        fields: { crate: manifest.packageName, ...(workspace && workspace.dir !== manifest.dir ? { cargoWorkspace: workspace.dir } : {}) },
      });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  // Partial results beat none: the broken manifests are named, the rest of the workspace works.
  for (const problem of problems) ctx.logger.warn(problem);
  return specs;
}
