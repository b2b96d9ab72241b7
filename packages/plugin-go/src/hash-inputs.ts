/**
 * Extra hash inputs of Go tasks: the go toolchain version (a new go rebuilds everything and can
 * change the vendor tree) and the declared `vendorHash`. GOFLAGS, GOOS and GOARCH are hashed as
 * task env (see tasks.ts); sources, go.mod, go.sum and vendor/ as input files.
 */
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { goVersion } from './go-env.js';
import { goFields } from './project-fields.js';

/** `plugin:<name>` entries for one task of a Go project. */
export async function goHashInputs(project: Project, _taskName: string, _task: TaskSpec, ctx: PluginContext): Promise<Record<string, string>> {
  const inputs: Record<string, string> = { go: (await goVersion(ctx)) ?? 'missing' };
  const { vendorHash } = goFields(project);
  if (vendorHash !== undefined) inputs.vendorHash = vendorHash ?? 'null (committed vendor/)';
  return inputs;
}
