/**
 * `ant darwin plan [profile] [--json]`: what applying a profile would change on this machine.
 * Works on any OS (it only probes).
 */
import { Command, Option } from '@ant/runner/plugin';
import { activeProfileName } from '../../active-profile.js';
import { planProfile, type DarwinPlan } from '../../darwin-plan.js';
import { probeMachine } from '../../machine-probe.js';
import { renderPlan } from '../../plan-render.js';
import { resolveProfile } from '../../profile-resolver.js';
import { DarwinCommand, type DarwinWorkspace } from './darwin-command.js';

/** Probes the machine and plans `profile` (shared with `apply`). */
export async function makePlan(workspace: DarwinWorkspace, env: Record<string, string | undefined>, name: string | undefined): Promise<DarwinPlan> {
  const profile = resolveProfile(workspace.config, activeProfileName(workspace.config, env, name, workspace.file), workspace.file);
  const machine = await probeMachine(profile, { env });
  return planProfile(profile, machine, {
    root: workspace.root,
    system: workspace.config.system,
    nixpkgs: workspace.config.nixpkgs,
    nixDarwin: workspace.config.nixDarwin,
    isRoot: process.getuid?.() === 0,
  });
}

/** Shows the resolved profile and the steps to reach it. */
export class DarwinPlanCommand extends DarwinCommand {
  static override paths = [['darwin', 'plan']];
  static override usage = Command.Usage({
    category: 'darwin',
    description: 'Show what applying a machine profile would change',
    details: 'Resolves the profile, probes the installed toolchains (`<tool> --version`), and lists the steps `ant darwin apply` would take. Works on any OS. Without a profile, uses ANT_DARWIN_PROFILE or darwin.defaultProfile.',
    examples: [['Plan the base profile', '$0 darwin plan base'], ['As JSON', '$0 darwin plan beefy --json']],
  });

  profile = Option.String({ required: false, name: 'profile' });
  json = Option.Boolean('--json', false, { description: 'Print the plan as JSON' });

  protected async run(): Promise<number> {
    const plan = await makePlan(await this.loadDarwin(), this.context.env, this.profile);
    if (this.json) this.writeJson(plan);
    else this.context.stdout.write(renderPlan(plan));
    return 0;
  }
}
