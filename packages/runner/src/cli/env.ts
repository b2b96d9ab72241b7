/** `ant env [project] [--format sh|json|fish]`: the devshell env for direnv, editors and CI. */
import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import { BaseCommand } from './base-command.js';

/** `ant env`: prints the devshell's changes to the caller's env; the work is lazily imported. */
export class EnvCommand extends BaseCommand {
  static paths = [['env']];
  static usage = Command.Usage({
    category: 'Developer environment',
    description: 'Print the devshell env of the repo or one project, as shell exports or JSON',
    details: `
      Prints only what the devshell changes in the current environment, plus the variables it removes:
      \`export NAME='value'\` and \`unset NAME\` for sh (the default), \`set -gx\` / \`set -e\` for fish, or a JSON
      object of name to new value (\`null\`: removed). \`eval\` entries are run now, so the output is plain values.
    `,
    examples: [
      ['Load the api shell into the current shell', 'eval "$(ant env api)"'],
      ['direnv: in .envrc', 'eval "$(ant env)"'],
      ['fish', 'ant env api --format fish | source'],
      ['For an editor or CI', 'ant env api --format json'],
    ],
  });

  project = Option.String({ required: false });
  format = Option.String('--format', 'sh', {
    description: 'sh (default), fish or json',
    validator: t.isEnum(['sh', 'json', 'fish'] as const),
  });

  async run(): Promise<number> {
    const { printEnv } = await import('../devshell/env-action.js');
    return printEnv(this, this.project, this.format);
  }
}
