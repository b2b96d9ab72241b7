/**
 * `ant shell`: composes the devshell and starts `$SHELL` (or `--shell`) in it, printing the motd
 * to stderr first when the shell is interactive; or, after `--`, runs one command in it. The exit
 * code is the shell's or the command's.
 */
import { isatty } from 'node:tty';
import type { BaseCommand } from '../cli/base-command.js';
import { shouldColor } from '../report/colors.js';
import { composeDevshellEnv } from './compose.js';
import { motdInput } from './motd-data.js';
import { renderMotd } from './motd.js';
import { parseShellArgv } from './shell-argv.js';
import { shellProject } from './shell-project.js';
import { spawnInherited } from './spawn-inherited.js';

/** Runs `ant shell <rawArgs…>` for `command` and returns the exit code. */
export async function runShell(command: BaseCommand, rawArgs: readonly string[]): Promise<number> {
  const argv = parseShellArgv(rawArgs);
  if (argv.verbose) command.verbose = true;
  const { context } = command;
  if (argv.help) {
    context.stdout.write(command.cli.usage(command, { detailed: true }));
    return 0;
  }
  const workspace = await command.workspace();
  const shell = await composeDevshellEnv(workspace, shellProject(workspace, argv.project), context.env);

  if (argv.command) {
    return spawnInherited(argv.command[0], argv.command.slice(1), { env: shell.env, cwd: context.cwd });
  }
  const program = argv.shell ?? context.env.SHELL ?? '/bin/sh';
  const stdinIsTty = context.stdin === process.stdin ? isatty(0) : Boolean((context.stdin as { isTTY?: boolean }).isTTY);
  if (stdinIsTty && context.env.ANT_NO_MOTD !== '1') {
    const color = shouldColor(context.stderr as { isTTY?: boolean }, context.env);
    context.stderr.write(renderMotd(await motdInput(workspace, shell), color));
  }
  return spawnInherited(program, [], { env: shell.env, cwd: context.cwd });
}
