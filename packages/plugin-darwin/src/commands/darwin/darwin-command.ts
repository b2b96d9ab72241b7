/**
 * What every `ant darwin …` command shares: the context type, loading and validating the `darwin`
 * section, and turning a {@link DarwinError} into its message and exit code.
 */
import type { AntCommandContext } from '@ant/runner/plugin';
import type { BaseContext } from 'clipanion';
import { Command } from '@ant/runner/plugin';
import path from 'node:path';
import { parseDarwinConfig, type DarwinConfig } from '../../config-schema.js';
import { isDarwinError } from '../../darwin-error.js';

/** `this.context` of ant's commands as clipanion sees it. */
export type DarwinCommandContext = BaseContext & AntCommandContext;

/** The loaded workspace, as the darwin commands need it. */
export interface DarwinWorkspace {
  root: string;
  /** Config file name relative to the root, for messages. */
  file: string;
  config: DarwinConfig;
}

/** Base class: subclasses implement `run()`; `execute()` maps errors to exit codes. */
export abstract class DarwinCommand extends Command<DarwinCommandContext> {
  /** The command's work; returns the exit code. */
  protected abstract run(): Promise<number>;

  async execute(): Promise<number> {
    try {
      return await this.run();
    } catch (error) {
      // Errors of other plugins or the core (same shape) print the same way.
      if (isDarwinError(error) || isFormattable(error)) {
        this.context.stderr.write(`${error.format()}\n`);
        return error.exitCode;
      }
      throw error;
    }
  }

  /** Loads the workspace and validates its `darwin` section. */
  protected async loadDarwin(): Promise<DarwinWorkspace> {
    const workspace = await this.context.loadWorkspace();
    const file = path.relative(workspace.root, workspace.configFile) || workspace.configFile;
    return { root: workspace.root, file, config: parseDarwinConfig(workspace.config.darwin, file) };
  }

  /** Writes `value` as pretty JSON and a newline. */
  protected writeJson(value: unknown): void {
    this.context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}

function isFormattable(error: unknown): error is { format(): string; exitCode: number } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { format?: unknown }).format === 'function' &&
    typeof (error as { exitCode?: unknown }).exitCode === 'number'
  );
}
