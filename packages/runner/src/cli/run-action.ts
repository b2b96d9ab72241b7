/**
 * What `ant run` does, separated from argument parsing: selection → plan → dry run or run →
 * reports. Kept out of run.ts so `ant --help` does not load the scheduler.
 */
import type { BaseCommand } from './base-command.js';
import { planRun } from '../scheduler/plan.js';
import { runTasks } from '../scheduler/run-tasks.js';
import type { OutputLogs } from '../report/terminal.js';
import { fanOut, type Reporter } from '../report/events.js';
import { runReporters } from '../report/run-reporters.js';
import { writeRunReceipt } from '../fast-path/run-receipt.js';
import { createRemoteStore } from '../cache/remote-setup.js';
import { dryRunTasks } from './dry-run.js';
import { optionalReporters } from '../report/optional-reporters.js';
import type { MainSpan } from '../report/chrome-trace.js';

export interface RunRequest {
  targets: string[];
  affected: boolean;
  base?: string;
  head?: string;
  projects?: string[];
  exclude?: string[];
  concurrency?: number;
  continueOnError: boolean;
  dryRun?: 'text' | 'json';
  summarize?: string | boolean;
  profile?: string;
  outputLogs?: string;
  force: boolean;
  noCache: boolean;
}

export async function executeRun(command: BaseCommand, request: RunRequest): Promise<number> {
  const { stdout, stderr, env } = command.context;
  // Main-lane spans for `--profile`: what happens before the scheduler starts (cheap to collect).
  const spans: MainSpan[] = [{ name: 'start-up (node, CLI)', start: performance.timeOrigin, end: Date.now() }];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await work();
    } finally {
      spans.push({ name, start, end: Date.now() });
    }
  };
  let changes: Promise<import('../scm/affected.js').GitChanges> | undefined;
  if (request.affected) {
    // The git half of --affected needs only the root: run it while the workspace loads.
    const [{ gitChanges }, { findConfigFile }, path] = await Promise.all([import('../scm/affected.js'), import('../config/find-config.js'), import('node:path')]);
    const configFile = findConfigFile(command.context.cwd);
    changes = configFile ? gitChanges(path.dirname(configFile), { base: request.base, head: request.head }) : undefined;
    changes?.catch(() => undefined); // awaited below, where its error is reported
  }
  const workspace = await timed('load workspace (config, plugins, projects)', () => command.workspace());
  let affected: string[] | undefined;
  if (request.affected) {
    const { computeAffected } = await import('../scm/affected.js');
    const result = await timed('affected (git diff → projects)', () => computeAffected(workspace, { base: request.base, head: request.head }, changes));
    affected = result.projects;
    command.logger().debug(`affected: ${affected.length} of ${workspace.projects.length} projects (base ${result.base.slice(0, 12)}, ${result.changedFiles.length} changed files)`);
  }
  const plan = await timed('plan (task graph, hash inputs, task hashes)', () => planRun(
    workspace,
    { targets: request.targets, projects: request.projects, exclude: request.exclude, affected },
    env,
  ));

  // Everything the plugins answered is known once the plan is hashed; keep it for the next run.
  const snapshotSaved = workspace.saveSnapshot();

  if (request.dryRun) {
    const tasks = await dryRunTasks(workspace, plan, { force: request.force, noCache: request.noCache });
    if (request.dryRun === 'json') stdout.write(`${JSON.stringify({ version: 1, tasks }, null, 2)}\n`);
    else for (const t of tasks) stdout.write(`${t.id}  ${t.hash}  ${t.cache}${t.dependsOn.length ? `  after ${t.dependsOn.join(', ')}` : ''}\n`);
    await snapshotSaved;
    return 0;
  }

  const outputLogs = (request.outputLogs ?? 'full') as OutputLogs;
  const reporters: Reporter[] = [
    ...runReporters({ stdout, stderr, env, outputLogs, verbose: command.verbose, summarize: request.summarize, runsDir: workspace.dirs.runs }),
    ...(await optionalReporters({ workspace, env, profile: request.profile, spans, plan, verbose: command.verbose, outputLogs, stdout })),
  ];
  const reporter = fanOut(reporters);
  const remote = request.noCache ? undefined : await timed('remote cache setup', () => createRemoteStore(workspace, env, (m) => reporter.onEvent({ type: 'warning', message: m })));
  const result = await runTasks(workspace, plan.graph, plan.hashes, reporter, {
    concurrency: request.concurrency,
    continueOnError: request.continueOnError,
    force: request.force,
    noCache: request.noCache,
    needLogs: outputLogs === 'full' || env.GITHUB_ACTIONS === 'true',
    env,
    remote,
  });
  await reporter.close?.();
  await snapshotSaved;
  if (result.exitCode === 0 && command.context.argv) {
    // Everything succeeded and is cached: the next identical `ant run` can replay it (fast-path/).
    await writeRunReceipt({ argv: command.context.argv, cwd: command.context.cwd, env, request, verbose: command.verbose, workspace, plan, records: result.records });
  }
  return result.exitCode;
}
