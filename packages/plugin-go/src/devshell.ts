/**
 * The Go part of `ant shell` / `ant env`: go in the motd with its version, GOBIN on PATH (where
 * `go install` puts golangci-lint and friends) and, for a project with a committed vendor/,
 * `GOFLAGS=-mod=vendor` so plain `go build` in the shell uses it as the task does.
 */
import type { DevshellSpec, EnvEntry, PluginContext, Project } from '@ant/runner/plugin';
import { goBinDir, goVersion } from './go-env.js';
import { inProject } from './module-info.js';
import { goFields } from './project-fields.js';

/** Devshell contribution for one project, or for the whole repo when `project` is null. */
export async function goDevshell(project: Project | null, ctx: PluginContext): Promise<DevshellSpec> {
  const version = await goVersion(ctx);
  if (version === undefined) {
    return { tools: [{ name: 'go' }], motd: ['go is not on PATH: install Go (https://go.dev/dl) to build the Go services'] };
  }
  const env: EnvEntry[] = [];
  if (project !== null) {
    const vendored = goFields(project).vendorHash === null || (await ctx.readFile(inProject(project.root, 'vendor/modules.txt'))) !== undefined;
    if (vendored) env.push({ name: 'GOFLAGS', value: '-mod=vendor' });
  }
  const gobin = await goBinDir(ctx);
  return {
    env,
    path: gobin === undefined ? [] : [gobin],
    tools: [{ name: 'go', version }],
  };
}
