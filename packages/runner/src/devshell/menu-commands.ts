/**
 * The menu's entries: the config's `commands` (`ant <name>`, category and help as declared) and
 * the commands plugins add (`ant docker push`, category from their clipanion usage, else the
 * plugin's short name).
 */
import type { Workspace } from '../workspace/workspace.js';
import { DEFAULT_CATEGORY, type MenuCommand } from './menu.js';

interface CommandClassShape {
  paths?: string[][];
  usage?: { category?: string; description?: string };
}

/** Every command the menu lists, unsorted (the menu sorts). */
export function collectMenuCommands(workspace: Workspace): MenuCommand[] {
  const commands: MenuCommand[] = Object.entries(workspace.config.commands).map(([name, entry]) => ({
    name: `ant ${name}`,
    category: entry.category ?? DEFAULT_CATEGORY,
    help: entry.help,
  }));
  for (const { plugin } of workspace.host.plugins) {
    const short = plugin.name.replace(/^@ant\/plugin-/, '').replace(/^.*\//, '');
    for (const command of (plugin.commands ?? []) as CommandClassShape[]) {
      const route = command.paths?.[0];
      if (!route?.length) continue;
      commands.push({
        name: `ant ${route.join(' ')}`,
        category: command.usage?.category?.toLowerCase() ?? short,
        help: command.usage?.description,
      });
    }
  }
  return commands;
}
