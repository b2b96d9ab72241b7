/**
 * The commands menu, as numtide/devshell's `menu` prints it: each category (sorted) as a bold
 * `[category]` heading after a blank line, then its commands sorted by name, each
 * `"  " + name padded to the longest name of all + " - " + help` (just the name without help).
 * Names are shown as they are typed here: `ant system-prune`, `ant docker push`.
 */

/** One menu line. */
export interface MenuCommand {
  /** As typed, e.g. `ant system-prune`. */
  name: string;
  category: string;
  help?: string;
}

/** numtide's category for commands that declare none. */
export const DEFAULT_CATEGORY = 'general commands';

/** Renders the menu; `bold` wraps a heading (identity without colour). Empty for no commands. */
export function renderMenu(commands: readonly MenuCommand[], bold: (text: string) => string = (t) => t): string {
  if (commands.length === 0) return '';
  const width = Math.max(...commands.map((c) => c.name.length));
  const byCategory = new Map<string, MenuCommand[]>();
  for (const command of commands) {
    const list = byCategory.get(command.category) ?? [];
    list.push(command);
    byCategory.set(command.category, list);
  }
  const blocks = [...byCategory.keys()].sort().map((category) => {
    const lines = byCategory
      .get(category)!
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((c) => (c.help ? `  ${c.name.padEnd(width)} - ${c.help}` : `  ${c.name}`));
    return `\n${bold(`[${category}]`)}\n\n${lines.join('\n')}`;
  });
  return `${blocks.join('\n')}\n`;
}
