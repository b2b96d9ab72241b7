/**
 * `ant darwin doctor [--json]`: the darwin checks of `ant doctor` on their own.
 */
import { Command, Option } from '@ant/runner/plugin';
import { darwinDoctorChecks } from '../../doctor-checks.js';
import { DarwinCommand } from './darwin-command.js';

/** Prints what this machine lacks for the active profile; exit 1 when something does. */
export class DarwinDoctorCommand extends DarwinCommand {
  static override paths = [['darwin', 'doctor']];
  static override usage = Command.Usage({
    category: 'darwin',
    description: 'Check this machine against the active machine profile',
    details: 'Toolchain versions, memory for the Linux builder VM, and whether the Linux builder answers over ssh. Works on any OS. `ant doctor` includes the same checks.',
  });

  json = Option.Boolean('--json', false, { description: 'Print the checks as JSON' });

  protected async run(): Promise<number> {
    const { root, file, config } = await this.loadDarwin();
    const checks = await darwinDoctorChecks(config, { root, env: this.context.env, configFile: file });
    if (this.json) this.writeJson(checks);
    else {
      for (const check of checks) {
        const detail = [check.found && `found ${check.found}`, !check.ok && check.expected && `expected ${check.expected}`].filter(Boolean).join('; ');
        this.context.stdout.write(`${check.ok ? '✓' : '✗'} ${check.name}${detail ? `: ${detail}` : ''}\n`);
        if (!check.ok && check.fix) this.context.stdout.write(`    fix: ${check.fix}\n`);
      }
    }
    return checks.every((c) => c.ok) ? 0 : 1;
  }
}
