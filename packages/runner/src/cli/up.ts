import { Command, Option } from 'clipanion';
import { BaseCommand } from './base-command.js';

/** `ant up [process…]`: runs services locally with their dependencies (see `src/up/`). */
export class UpCommand extends BaseCommand {
  static paths = [['up']];
  static usage = Command.Usage({
    category: 'Local development',
    description: 'Run services locally, with their dependencies, readiness probes and restarts',
    details: `
      Starts the processes of \`up.processes\` in ant.config.json — the named ones and what they depend on, or all — each
      once its dependencies are \`started\`, \`healthy\` (readiness probe passed) or \`completed_successfully\`. A process
      may run a persistent task (\`"task": "api:serve"\`): its dependencies are built first, from the cache when nothing
      changed. A name of the form \`project:task\` starts that task as a process.

      Output is prefixed with the process name; each process's log is also in \`.ant/up/<name>.log\`. Ctrl-C stops
      everything in reverse dependency order (exit 130). A process that cannot get ready, or exits when it must stay up,
      ends the session with its last log lines (exit 1).

      With \`--run "<ant run arguments>"\`, the tasks run once every process is ready, then everything stops and ant exits
      with the run's exit code: the way to run integration tests against live services.
    `,
    examples: [
      ['Start everything', 'ant up'],
      ['Start the api and what it needs', 'ant up api'],
      ['Run a persistent task as a process', 'ant up api:serve'],
      ['Integration tests against a ready database', 'ant up dynamodb --run "api:test"'],
    ],
  });

  names = Option.Rest();
  runAfter = Option.String('--run', { description: 'Arguments for `ant run`, run once every process is ready; then stop' });

  async run(): Promise<number> {
    const { runUp } = await import('../up/up-session.js');
    return runUp(this, { names: this.names, run: this.runAfter });
  }
}
