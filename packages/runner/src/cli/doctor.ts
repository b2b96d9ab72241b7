import { Command, Option } from 'clipanion';
import { BaseCommand } from './base-command.js';
import { colors, shouldColor } from '../report/colors.js';

export class DoctorCommand extends BaseCommand {
  static paths = [['doctor']];
  static usage = Command.Usage({
    category: 'Workspace',
    description: 'Check this machine against what the workspace needs: toolchains, versions, container engine, Linux builder',
    details: 'Exits 1 when something is missing, with the fix for each problem. Works on any OS.',
  });

  json = Option.Boolean('--json', false);

  async run(): Promise<number> {
    const { coreDoctorChecks } = await import('../doctor/core-checks.js');
    const workspace = await this.workspace();
    const checks = [...(await coreDoctorChecks(workspace, this.context.env))];
    for (const { plugin } of workspace.host.plugins) {
      for (const check of await workspace.host.doctorChecks(plugin)) checks.push({ ...check, name: `${check.name} [${plugin.name}]` });
    }
    workspace.toolVersions.save();
    const failing = checks.filter((c) => !c.ok);
    if (this.json) {
      this.context.stdout.write(`${JSON.stringify({ ok: failing.length === 0, checks }, null, 2)}\n`);
      return failing.length ? 1 : 0;
    }
    const c = colors(shouldColor(this.context.stdout as NodeJS.WriteStream, this.context.env));
    for (const check of checks) {
      const mark = check.ok ? c.green('ok  ') : c.red('FAIL');
      this.context.stdout.write(`${mark} ${check.name}${check.found ? `: ${check.found}` : ''}${!check.ok && check.expected ? ` (expected ${check.expected})` : ''}\n`);
      if (!check.ok && check.fix) this.context.stdout.write(`     fix: ${check.fix}\n`);
    }
    this.context.stdout.write(failing.length ? `\n${failing.length} problem(s) found\n` : '\neverything this workspace needs is here\n');
    return failing.length ? 1 : 0;
  }
}
