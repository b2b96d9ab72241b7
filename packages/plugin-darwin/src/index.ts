/**
 * @ant/plugin-darwin: named machine profiles for developer Macs (what the seed's nix-darwin
 * configurations did), `ant darwin plan|apply|profiles|doctor`, and the Linux builder.
 *
 * This file only assembles the plugin. The core imports two other entries directly, without
 * loading this one: `@ant/plugin-darwin/remote-builder` (runOnLinuxBuilder, selectLinuxBuilder)
 * and `@ant/plugin-darwin/doctor-checks` (darwinDoctorChecks).
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
  commands: [DarwinPlanCommand, DarwinApplyCommand, DarwinProfilesCommand, DarwinDoctorCommand],
};

export default plugin;
