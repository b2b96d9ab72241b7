/**
 * `commands` from ant.config.json (the seed's devshell menu: `system-prune`, `ant-build-docker`)
 * become `ant <name>`: run with `sh -c` at the workspace root with the devshell env, exiting with
 * the command's exit code.
 */
import { Command, Option } from 'clipanion';
import { BaseCommand } from './base-command.js';

interface CommandEntry {
  run: string;
  help?: string;
  category?: string;
}

export function makeConfigCommand(name: string, entry: CommandEntry): typeof BaseCommand {
  class ConfigCommand extends BaseCommand {
    static paths = [[name]];
    static usage = Command.Usage({ category: entry.category ? `Commands: ${entry.category}` : 'Commands', description: entry.help ?? entry.run });
    args = Option.Proxy();

    async run(): Promise<number> {
      const { runConfigCommand } = await import('./config-command-action.js');
      return runConfigCommand(this, entry.run, this.args);
    }
  }
  return ConfigCommand as unknown as typeof BaseCommand;
}
