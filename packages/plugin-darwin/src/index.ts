/**
 * @ant/plugin-darwin: named machine profiles for developer Macs (what the seed's nix-darwin
 * configurations did), `ant darwin plan|apply|profiles|doctor`, and the Linux builder.
 *
 * This file only assembles the plugin. The core reaches the Linux builder and the doctor checks
 * through the `runTaskElsewhere` and `doctorChecks` hooks, which load their modules lazily.
 */
import type { AntPlugin } from '@ant/runner/plugin';
import { DarwinApplyCommand } from './commands/darwin/apply.js';
import { DarwinDoctorCommand } from './commands/darwin/doctor.js';
import { DarwinPlanCommand } from './commands/darwin/plan.js';
import { DarwinProfilesCommand } from './commands/darwin/profiles.js';
import { darwinConfigSchema } from './config-schema.js';
import { darwinDevshell } from './devshell.js';

export type { DarwinConfig, LinuxBuilderSpec, ProfileSpec, ToolchainSpec } from './config-schema.js';
export type { DarwinPlan, PlanStep, PlanStepKind } from './darwin-plan.js';
export type { DoctorCheck, DoctorContext } from './doctor-checks.js';
export type { ResolvedLinuxBuilder, ResolvedProfile } from './profile-resolver.js';
export { darwinConfigSchema } from './config-schema.js';
export { resolveProfile, resolveAllProfiles } from './profile-resolver.js';
export { generateFlake, generateNixModule } from './nix-module.js';
export { planProfile } from './darwin-plan.js';
export { DarwinError } from './darwin-error.js';

const plugin: AntPlugin = {
  name: '@ant/plugin-darwin',
  configKey: 'darwin',
  configSchema: darwinConfigSchema,
  devshell: darwinDevshell,
  async runTaskElsewhere(request, ctx) {
    if (request.platform !== 'linux') return undefined;
    const { runOnLinuxBuilder, selectLinuxBuilder } = await import('./remote-builder.js');
    const builder = selectLinuxBuilder(ctx.config, process.env);
    const result = await runOnLinuxBuilder({
      root: ctx.root,
      projectRoot: request.project.root,
      command: request.command,
      cwd: request.cwd,
      env: request.env,
      inputs: request.inputs,
      outputs: request.outputs,
      builder,
      onOutput: request.onOutput,
      signal: request.signal,
    });
    return { exitCode: result.exitCode };
  },
  async doctorChecks(ctx) {
    const { darwinDoctorChecks } = await import('./doctor-checks.js');
    return darwinDoctorChecks({ darwin: ctx.config }, { root: ctx.root, toolVersion: (tool: string, args?: string[]) => ctx.toolVersion(tool, args) });
  },
  commands: [DarwinPlanCommand, DarwinApplyCommand, DarwinProfilesCommand, DarwinDoctorCommand],
};

export default plugin;
