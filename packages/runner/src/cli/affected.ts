import { Command, Option } from 'clipanion';
import path from 'node:path';
import { BaseCommand } from './base-command.js';

export class AffectedCommand extends BaseCommand {
  static paths = [['affected']];
  static usage = Command.Usage({
    category: 'Workspace',
    description: 'List the projects a change touches, and why each is affected',
    details: 'Changed files are `git diff` between the merge-base of --base and --head (default: the working tree, including untracked files). Projects owning a changed file are affected, and so is every project depending on them. A change to a global input affects all.',
    examples: [
      ['Since main', 'ant affected'],
      ['Between two commits, as JSON', 'ant affected --base HEAD~3 --head HEAD --json'],
    ],
  });

  base = Option.String('--base', { description: 'Base revision (default: origin/main, else main)' });
  head = Option.String('--head', { description: 'Head revision (default: the working tree)' });
  json = Option.Boolean('--json', false, { description: 'Print {base, head, changedFiles, projects, reasons}' });

  async run(): Promise<number> {
    const { computeAffected, gitChanges, writeAffected } = await import('../scm/affected.js');
    const { findConfigFile } = await import('../config/find-config.js');
    // git and the workspace load in parallel; the git half needs only the root.
    const configFile = findConfigFile(this.context.cwd);
    const changes = configFile ? gitChanges(path.dirname(configFile), { base: this.base, head: this.head }) : undefined;
    changes?.catch(() => undefined); // awaited in computeAffected; its error is reported there
    const workspace = await this.workspace();
    const result = await computeAffected(workspace, { base: this.base, head: this.head }, changes);
    await workspace.saveSnapshot();
    writeAffected(result, this.json, this.context.stdout, this.context.stderr);
    if (this.context.argv) {
      // The next identical command can answer from the workspace as it is now (fast-path/).
      const { writeAffectedReceipt } = await import('../fast-path/affected-receipt.js');
      await writeAffectedReceipt({ argv: this.context.argv, cwd: this.context.cwd, env: this.context.env, options: { base: this.base, head: this.head, json: this.json }, workspace });
    }
    return 0;
  }
}
