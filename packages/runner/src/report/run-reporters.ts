/**
 * The reporters every `ant run` has — the terminal and, with `--summarize`, the JSON summary — made
 * one way for the full run and for a run replayed from its receipt, so both print the same thing.
 */
import type { Reporter } from './events.js';
import { shouldColor } from './colors.js';
import { isGitHubActions } from './optional-reporters.js';
import { SummaryReporter, defaultSummaryPath } from './summary-json.js';
import { TerminalReporter, type OutputLogs } from './terminal.js';

export interface RunReporterOptions {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  outputLogs: OutputLogs;
  verbose: boolean;
  /** `--summarize[=FILE]`. */
  summarize?: string | boolean;
  /** Where a summary without a file name goes (`.ant/runs`). */
  runsDir: string;
}

export function runReporters(options: RunReporterOptions): Reporter[] {
  const { stdout, stderr, env } = options;
  const isTTY = Boolean((stderr as NodeJS.WriteStream).isTTY) && env.CI === undefined;
  const reporters: Reporter[] = [
    new TerminalReporter({
      stream: stdout,
      outputLogs: options.outputLogs,
      isTTY: isTTY && Boolean((stdout as NodeJS.WriteStream).isTTY),
      color: shouldColor(stdout as NodeJS.WriteStream, env),
      verbose: options.verbose,
      // On GitHub Actions the log groups carry the task output; print it once.
      taskLogs: !isGitHubActions(env),
    }),
  ];
  if (options.summarize) {
    reporters.push(new SummaryReporter(typeof options.summarize === 'string' ? options.summarize : defaultSummaryPath(options.runsDir)));
  }
  return reporters;
}
