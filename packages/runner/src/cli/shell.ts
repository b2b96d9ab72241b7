/** `ant shell [project] [-- command…]`: a shell (or one command) with the devshell env. */
import { Command, Option } from 'clipanion';
import { BaseCommand } from './base-command.js';

/** `ant shell`: parses its raw argv itself (see devshell/shell-argv.ts); the work is lazily imported. */
export class ShellCommand extends BaseCommand {
  static paths = [['shell']];
  static usage = Command.Usage({
    category: 'Developer environment',
    description: 'Start $SHELL with the devshell env of the repo or of one project',
    details: `
      Without a project, the repo-wide "meta" shell: the config's \`devshell.env\` and every plugin's contribution.
      With one, the project's shell: the config's entries, its language plugins' (Go: GOBIN, GOFLAGS; Python: the
      .venv, UV_NO_SYNC=1; JavaScript: node_modules/.bin) and its own \`services.<name>.devshell.env\`.

      An interactive shell first prints the welcome message (services, tools, commands) to stderr; \`ANT_NO_MOTD=1\`
      silences it. After \`--\`, the command runs in the env instead of a shell and ant exits with its exit code.

      Options: \`--shell PATH\` starts PATH instead of \`$SHELL\` (default /bin/sh); \`--verbose\`.
    `,
    examples: [
      ['The repo-wide shell', 'ant shell'],
      ['The api service\'s shell, with bash', 'ant shell api --shell /bin/bash'],
      ['One command in it', 'ant shell api -- go version'],
    ],
  });

  args = Option.Proxy();

  async run(): Promise<number> {
    const { runShell } = await import('../devshell/shell-action.js');
    return runShell(this, this.args);
  }
}
