/**
 * Everything about one Go project that its tasks, dependencies and hash need, read once: the
 * parsed go.mod, the validated fields, whether vendor/ is committed, and the go.work (if any)
 * the go command will use.
 *
 * The module mode follows buildGoModule: a project with `vendorHash` (string or null) builds on
 * its own (`GOWORK=off`), from vendor/ when one is committed (`-mod=vendor`) and otherwise from
 * the module cache that the `vendor` task verified (`-mod=readonly`, always so with `proxyVendor`). A project without
 * `vendorHash` builds as the go command would: inside its go.work when it is a member.
 */
import type { PluginContext, Project, RepoPath } from '@ant/runner/plugin';
import { parseGoMod, type GoMod } from './go-mod.js';
import { findGoWork, type GoWorkspace } from './go-work.js';
import { goFields, type GoFields } from './project-fields.js';

export interface GoModuleInfo {
  root: RepoPath;
  mod: GoMod;
  fields: GoFields;
  /** vendor/modules.txt exists in the project. */
  hasVendorDir: boolean;
  /** The go.work the build runs in, or undefined when it runs with GOWORK=off. */
  workspace: GoWorkspace | undefined;
  /** The `-mod=` flag for go commands, or undefined to let workspace mode decide. */
  modFlag: 'vendor' | 'readonly' | undefined;
}

/** Repo path of a file inside a project root. */
export function inProject(root: RepoPath, file: string): RepoPath {
  return root === '.' ? file : `${root}/${file}`;
}

/** Reads a project's go.mod and settles its module mode. */
export async function loadModuleInfo(project: Project, ctx: PluginContext): Promise<GoModuleInfo> {
  const goModPath = inProject(project.root, 'go.mod');
  const text = await ctx.readFile(goModPath);
  if (text === undefined) {
    throw new Error(
      `project "${project.name}": no go.mod at ${goModPath}. Expected the project path to be a Go module root; ` +
        `hint: point services.${project.name}.path in ant.config.json at the directory holding go.mod.`,
    );
  }
  const mod = parseGoMod(text, goModPath);
  const fields = goFields(project);
  const hasVendorDir = (await ctx.readFile(inProject(project.root, 'vendor/modules.txt'))) !== undefined;
  const workspace = fields.vendorHash === undefined ? await findGoWork(project.root, ctx) : undefined;
  let modFlag: GoModuleInfo['modFlag'];
  // proxyVendor builds from the (verified) module cache even if a vendor/ is lying around.
  if (workspace === undefined) modFlag = !fields.proxyVendor && (hasVendorDir || fields.vendorHash === null) ? 'vendor' : 'readonly';
  return { root: project.root, mod, fields, hasVendorDir, workspace, modFlag };
}
