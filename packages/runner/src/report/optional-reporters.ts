/**
 * Reporters that only some runs need, loaded lazily so a plain `ant run` never imports them: the
 * Chrome trace (`--profile`), GitHub Actions log groups and step summary (`GITHUB_ACTIONS=true`),
 * and `--verbose` miss explanations.
 */
import type { Reporter } from './events.js';
import type { MainSpan } from './chrome-trace.js';
import type { OutputLogs } from './terminal.js';
import type { Plan } from '../scheduler/plan.js';
import type { Workspace } from '../workspace/workspace.js';

export async function optionalReporters(options: {
  workspace: Workspace;
  env: NodeJS.ProcessEnv;
  profile?: string;
  /** Main-lane spans for the profile (start-up, workspace, planning/hashing); read at close. */
  spans?: MainSpan[];
  plan: Plan;
  verbose: boolean;
  outputLogs?: OutputLogs;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}): Promise<Reporter[]> {
  const reporters: Reporter[] = [];
  if (options.profile) {
    const { ChromeTraceReporter } = await import('./chrome-trace.js');
    reporters.push(new ChromeTraceReporter(options.profile, options.spans));
  }
  if (isGitHubActions(options.env)) {
    const { GitHubActionsReporter } = await import('./github-actions.js');
    reporters.push(new GitHubActionsReporter(options.stdout ?? process.stdout, options.env.GITHUB_STEP_SUMMARY || undefined, options.outputLogs));
  }
  if (options.verbose) {
    const { MissExplainer } = await import('./miss-explainer.js');
    reporters.push(new MissExplainer(options.workspace, options.plan, options.stderr ?? process.stderr));
  }
  return reporters;
}

/** On GitHub Actions, task logs go in `::group::`s (GitHubActionsReporter), not the terminal's lines. */
export function isGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}
