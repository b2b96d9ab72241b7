/**
 * The devshell's welcome message, after the seed's meta devshell: a welcome line, the intro (the
 * config's `devshell.motd`, else a default), the services managed with their language, the extra
 * tools on PATH with their versions, the commands menu by category, then the plugins' notes.
 * Pure: `motd-data.ts` gathers the input. `ANT_NO_MOTD=1` is honoured by the caller.
 *
 * The config's motd may use numtide's colour tokens: `{202}` (any 0–255), `{bold}`, `{italic}`,
 * `{underline}`, `{reset}`; they are dropped without colour. Unlike numtide, `$(…)` in it is not
 * run: the motd is text, not a heredoc.
 */
import { renderMenu, type MenuCommand } from './menu.js';
import type { ToolInfo } from './tools.js';

/** Everything the motd shows. */
export interface MotdInput {
  /** The repo's devshell name (`devshell.name`, else the root directory's name). */
  name: string;
  /** The project of a project shell; null for the meta shell. */
  project: { name: string; language: string; root: string } | null;
  /** `devshell.motd` from the config, if any. */
  intro?: string;
  services: { name: string; language: string }[];
  tools: ToolInfo[];
  commands: MenuCommand[];
  /** Plugins' extra motd lines. */
  notes: string[];
}

const TOKENS: Record<string, string> = { bold: '\x1b[1m', italic: '\x1b[3m', underline: '\x1b[4m', reset: '\x1b[0m' };

/** The motd text, ending with a newline; ANSI colours only when `color`. */
export function renderMotd(input: MotdInput, color: boolean): string {
  const paint = (text: string) => text.replace(/\{(\d{1,3}|bold|italic|underline|reset)\}/g, (_, token: string) =>
    color ? (TOKENS[token] ?? `\x1b[38;5;${token}m`) : '',
  );
  const bold = (text: string) => paint(`{bold}${text}{reset}`);
  const out: string[] = [];
  const where = input.project ? ` — ${input.project.name} (${input.project.language}, ${input.project.root})` : '';
  out.push(paint(`{202}🔨 Welcome to ${input.name}${where}{reset}`), '');
  if (input.intro) out.push(paint(input.intro.replace(/\n+$/, '')), '');
  else if (input.project) out.push(`The devshell of ${input.project.name}; \`ant shell\` opens the repo-wide "meta" shell.`, '');
  else out.push('This is the repo-wide "meta" shell, for managing the repository and its builds;', '`ant shell <service>` opens the shell of one service.', '');

  if (input.services.length) {
    out.push(bold('Services managed by this repo:'));
    for (const s of [...input.services].sort((a, b) => (a.name < b.name ? -1 : 1))) out.push(`  - ${s.name} (${s.language})`);
    out.push('');
  }
  if (input.tools.length) {
    out.push(bold('Extra tools on the path:'));
    for (const t of input.tools) out.push(`  - ${t.name}${t.missing ? ' (not found on PATH)' : t.version ? ` (${t.version})` : ''}`);
    out.push('');
  }
  let text = `${out.join('\n')}\n`;
  if (input.commands.length) text += `${bold('Commands:')}\n${renderMenu(input.commands, bold)}`;
  if (input.notes.length) text += `\n${input.notes.join('\n')}\n`;
  return text;
}
