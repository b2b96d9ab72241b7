import { Command, Option } from 'clipanion';
import { BaseCommand } from './base-command.js';

export class PluginsCommand extends BaseCommand {
  static paths = [['plugins']];
  static usage = Command.Usage({ category: 'Workspace', description: 'List the loaded plugins: where each resolved from, its languages, config key and commands' });

  json = Option.Boolean('--json', false);

  async run(): Promise<number> {
    const workspace = await this.workspace();
    const rows = workspace.host.plugins.map(({ specifier, entry, plugin }) => ({
      name: plugin.name,
      specifier,
      entry,
      languages: plugin.languages ?? [],
      configKey: plugin.configKey ?? null,
      projectFiles: plugin.projectFiles ?? [],
      commands: (plugin.commands ?? []).flatMap((c) => (c.paths ?? []).map((p) => p.join(' '))),
      projects: workspace.projects.filter((p) => plugin.languages?.includes(p.language)).map((p) => p.name),
    }));
    if (this.json) this.context.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else for (const r of rows) this.context.stdout.write(`${r.name}  (${r.entry})\n  languages: ${r.languages.join(', ') || '-'}; projects: ${r.projects.join(', ') || '-'}${r.commands.length ? `; commands: ${r.commands.map((c) => `ant ${c}`).join(', ')}` : ''}\n`);
    return 0;
  }
}
