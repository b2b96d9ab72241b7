/**
 * Shared behaviour of every ant command: `--verbose`, the workspace loader, and the boundary that
 * turns an AntError into its message and exit code (no stack trace unless --verbose).
 */
import { Command, Option } from 'clipanion';
import type { AntCommandContext, Logger } from '../plugin/api.js';
import { isAntError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { colors, shouldColor } from '../report/colors.js';

export type AntContext = AntCommandContext & {
  colorDepth: number;
  workspacePromise?: Promise<Workspace>;
  /** The command line as given (the key of a run receipt). */
  argv?: readonly string[];
};

export abstract class BaseCommand extends Command<AntContext> {
  verbose = Option.Boolean('--verbose', false, { description: 'Explain decisions; stack traces on errors' });

  abstract run(): Promise<number>;

  async execute(): Promise<number> {
    try {
      return await this.run();
    } catch (error) {
      return reportError(error, this.context.stderr, this.verbose || this.context.env.ANT_VERBOSE === '1', this.context.env);
    }
  }

  logger(): Logger {
    const stderr = this.context.stderr;
    const c = colors(shouldColor(stderr as NodeJS.WriteStream, this.context.env));
    return {
      debug: (m) => {
        if (this.verbose) stderr.write(`${c.dim(m)}\n`);
      },
      info: (m) => stderr.write(`${m}\n`),
      warn: (m) => stderr.write(`${c.yellow('warning')} ${m}\n`),
    };
  }

  async workspace(): Promise<Workspace> {
    this.context.workspacePromise ??= import('../workspace/workspace.js').then(({ loadWorkspace }) =>
      loadWorkspace({ cwd: this.context.cwd, logger: this.logger(), env: this.context.env }),
    );
    return this.context.workspacePromise;
  }
}

/** Prints an error the way users should see it and returns the exit code. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, verbose: boolean, env: NodeJS.ProcessEnv): number {
  const c = colors(shouldColor(stderr as NodeJS.WriteStream, env));
  if (isAntError(error)) {
    stderr.write(`${c.red('error')} ${error.format()}\n`);
    if (verbose && error.stack) stderr.write(`${c.dim(error.stack)}\n`);
    return error.exitCode;
  }
  const message = (error as Error)?.message ?? String(error);
  stderr.write(`${c.red('error')} internal error: ${message}\n`);
  if (verbose && (error as Error)?.stack) stderr.write(`${(error as Error).stack}\n`);
  else stderr.write(`${c.dim('run again with --verbose for the stack trace; this is a bug in ant, please report it')}\n`);
  return 1;
}
