/**
 * Reporters that only some runs need, loaded lazily: the Chrome trace (`--profile`), GitHub
 * Actions log groups and step summary, and `--verbose` miss explanations.
 */
import type { Reporter } from './events.js';
import type { Plan } from '../scheduler/plan.js';
import type { Workspace } from '../workspace/workspace.js';

export async function optionalReporters(options: {
  workspace: Workspace;
  env: NodeJS.ProcessEnv;
  profile?: string;
  plan: Plan;
  verbose: boolean;
  stderr?: NodeJS.WritableStream;
}): Promise<Reporter[]> {
  const reporters: Reporter[] = [];
  if (options.profile) {
    const { ChromeTraceReporter } = await import('./chrome-trace.js');
    reporters.push(new ChromeTraceReporter(options.profile));
  }
  if (options.env.GITHUB_ACTIONS === 'true') {
    const { GitHubActionsReporter } = await import('./github-actions.js');
    reporters.push(new GitHubActionsReporter(process.stdout, options.env.GITHUB_STEP_SUMMARY));
  }
  if (options.verbose) {
    const { MissExplainer } = await import('./miss-explainer.js');
    reporters.push(new MissExplainer(options.workspace, options.plan, options.stderr ?? process.stderr));
  }
  return reporters;
}
