import { Command, Option } from 'clipanion';
import { BaseCommand } from '../base-command.js';

export class ShowProjectsCommand extends BaseCommand {
  static paths = [['show', 'projects']];
  static usage = Command.Usage({
    category: 'Workspace',
    description: 'List the projects ant found, with language, path, dependencies and tasks',
    examples: [['As JSON', 'ant show projects --json']],
  });

  json = Option.Boolean('--json', false, { description: 'Print JSON: [{name, language, path, dependencies, tasks}]' });

  async run(): Promise<number> {
    const workspace = await this.workspace();
    await workspace.saveSnapshot();
    const rows = workspace.projects.map((p) => ({
      name: p.name,
      language: p.language,
      path: p.root,
      dependencies: [...(workspace.dependencies.get(p.name) ?? [])],
      tasks: Object.keys(workspace.tasks.get(p.name) ?? {}).sort(),
    }));
    if (this.json) {
      this.context.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(4, ...rows.map((r) => r.name.length));
    for (const r of rows) {
      this.context.stdout.write(`${r.name.padEnd(width)}  ${r.language.padEnd(10)}  ${r.path}  [${r.tasks.join(', ')}]${r.dependencies.length ? `  → ${r.dependencies.join(', ')}` : ''}\n`);
    }
    return 0;
  }
}
