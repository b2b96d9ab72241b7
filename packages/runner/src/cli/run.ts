import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import { BaseCommand } from './base-command.js';

export class RunCommand extends BaseCommand {
  static paths = [['run']];
  static usage = Command.Usage({
    category: 'Tasks',
    description: 'Run tasks across the workspace, in dependency order, from the cache when nothing changed',
    details: `
      Each \`<task>\` is a task name (\`build\`: that task in every selected project) or a task id (\`api:build\`).
      Dependencies (\`dependsOn\`) run first. A task whose inputs hash to a cached entry is restored instead of run.
    `,
    examples: [
      ['Build everything', 'ant run build'],
      ['Build and test what this branch changed', 'ant run build test --affected'],
      ['Show what would run, as JSON', 'ant run build --dry-run=json'],
    ],
  });

  targets = Option.Rest({ required: 1 });
  affected = Option.Boolean('--affected', false, { description: 'Only projects changed since --base, and their dependents' });
  base = Option.String('--base', { description: 'Base revision for --affected (default: merge-base with origin/main, else main)' });
  head = Option.String('--head', { description: 'Head revision for --affected (default: the working tree)' });
  projects = Option.String('--projects,--filter', { description: 'Comma-separated project names or globs' });
  exclude = Option.String('--exclude', { description: 'Comma-separated project names or globs to leave out' });
  concurrency = Option.String('--concurrency', { validator: t.isNumber(), description: 'Tasks at once (default: CPU count)' });
  continue = Option.Boolean('--continue', false, { description: 'Keep going after a task fails' });
  dryRun = Option.String('--dry-run', { tolerateBoolean: true, description: 'Print what would run (=json for JSON) and run nothing' });
  summarize = Option.String('--summarize', { tolerateBoolean: true, description: 'Write a JSON run summary (default .ant/runs/<time>.json)' });
  profile = Option.String('--profile', { description: 'Write a Chrome trace of the run to this file' });
  outputLogs = Option.String('--output-logs', {
    validator: t.isEnum(['full', 'new-only', 'errors-only', 'hash-only', 'none']),
    description: 'full | new-only | errors-only | hash-only | none',
  });
  force = Option.Boolean('--force', false, { description: 'Run every task even when cached (and store the results)' });
  cache = Option.Boolean('--cache', true, { description: '--no-cache: neither read nor write the cache' });

  async run(): Promise<number> {
    const { executeRun } = await import('./run-action.js');
    return executeRun(this, {
      targets: this.targets,
      affected: this.affected,
      base: this.base,
      head: this.head,
      projects: splitList(this.projects),
      exclude: splitList(this.exclude),
      concurrency: this.concurrency,
      continueOnError: this.continue,
      dryRun: this.dryRun === undefined ? undefined : this.dryRun === true ? 'text' : this.dryRun === 'json' ? 'json' : 'text',
      summarize: this.summarize,
      profile: this.profile,
      outputLogs: this.outputLogs,
      force: this.force,
      noCache: !this.cache,
    });
  }
}

export function splitList(value: string | undefined): string[] | undefined {
  return value?.split(',').map((s) => s.trim()).filter(Boolean);
}
