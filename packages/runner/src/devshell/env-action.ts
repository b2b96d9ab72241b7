/** `ant env`: the devshell's changes to the caller's env, printed for sh, fish or as JSON. */
import type { BaseCommand } from '../cli/base-command.js';
import { composeDevshellEnv } from './compose.js';
import { diffEnv } from './env-diff.js';
import { formatEnv, type EnvFormat } from './env-format.js';
import { shellProject } from './shell-project.js';

/** Prints the env of `projectName`'s shell (the meta shell when undefined) in `format`; returns 0. */
export async function printEnv(command: BaseCommand, projectName: string | undefined, format: EnvFormat): Promise<number> {
  const { context } = command;
  const workspace = await command.workspace();
  const shell = await composeDevshellEnv(workspace, shellProject(workspace, projectName), context.env);
  context.stdout.write(formatEnv(diffEnv(context.env, shell.env, shell.unset), format));
  return 0;
}
