import { Command, Option } from 'clipanion';
import { BaseCommand } from './base-command.js';

export class ExplainCommand extends BaseCommand {
  static paths = [['explain']];
  static usage = Command.Usage({
    category: 'Cache',
    description: "Show a task's hash manifest and what changed since its previous run",
    details: 'Lists every input of the hash (files, env, dependencies, plugin inputs, platform), then the differences against the manifest of the last run of the same task in this workspace.',
    examples: [['Why did api:build miss?', 'ant explain api:build']],
  });

  task = Option.String({ required: true });
  json = Option.Boolean('--json', false, { description: 'Print {hash, manifest, previous, diff} as JSON' });

  async run(): Promise<number> {
    const { explainTask } = await import('./explain-action.js');
    return explainTask(this, this.task, this.json);
  }
}
