/**
 * `ant darwin apply [profile] [--yes]`: makes this Mac match a profile with nix-darwin. macOS only.
 */
import { Command, Option } from '@ant/runner/plugin';
import { createInterface } from 'node:readline';
import { activeProfileName } from '../../active-profile.js';
import { applyPlan, assertApplicable } from '../../darwin-apply.js';
import { hostPlatform } from '../../machine-probe.js';
import { renderPlan } from '../../plan-render.js';
import { DarwinCommand } from './darwin-command.js';
import { makePlan } from './plan.js';

/** Plans, asks, and carries the plan out. */
export class DarwinApplyCommand extends DarwinCommand {
  static override paths = [['darwin', 'apply']];
  static override usage = Command.Usage({
    category: 'darwin',
    description: 'Configure this Mac as a machine profile says (nix-darwin)',
    details: 'Writes a nix-darwin flake under .ant/darwin/<profile>/ and runs `darwin-rebuild switch` (installing Nix first if needed). Shows the plan and asks before changing anything, unless --yes. macOS only: elsewhere it exits with 2.',
    examples: [['Apply the beefy profile without asking', '$0 darwin apply beefy --yes']],
  });

  profile = Option.String({ required: false, name: 'profile' });
  yes = Option.Boolean('--yes,-y', false, { description: 'Do not ask for confirmation' });

  protected async run(): Promise<number> {
    const workspace = await this.loadDarwin();
    // Refuse before probing anything: on Linux there is nothing apply could do.
    assertApplicable(hostPlatform(this.context.env), activeProfileName(workspace.config, this.context.env, this.profile, workspace.file));
    const plan = await makePlan(workspace, this.context.env, this.profile);
    this.context.stdout.write(renderPlan(plan));
    if (!this.yes && !(await this.confirm(`Apply profile ${plan.profile}? [y/N] `))) {
      this.context.stderr.write('Nothing changed.\n');
      return 1;
    }
    return applyPlan(plan, { root: workspace.root, stdout: this.context.stdout, stderr: this.context.stderr, env: this.context.env });
  }

  /** Reads one line; only "y"/"yes" confirm, end of input declines. */
  private confirm(question: string): Promise<boolean> {
    this.context.stdout.write(question);
    const lines = createInterface({ input: this.context.stdin, terminal: false });
    return new Promise((resolve) => {
      let answered = false;
      lines.once('line', (line) => {
        answered = true;
        lines.close();
        resolve(/^\s*y(es)?\s*$/i.test(line));
      });
      lines.once('close', () => {
        if (!answered) resolve(false);
      });
    });
  }
}
