/**
 * On GitHub Actions (`GITHUB_ACTIONS=true`): each task's replayed or live log folded in a
 * `::group::`, failures as `::error::` annotations, and a Markdown summary appended to
 * `$GITHUB_STEP_SUMMARY`. Output goes to the log stream; this reporter adds the markers around it.
 */
import { appendFile } from 'node:fs/promises';
import type { Reporter, RunEvent, TaskRecord } from './events.js';
import { formatMs } from './terminal.js';

export class GitHubActionsReporter implements Reporter {
  readonly #stream: NodeJS.WritableStream;
  readonly #summaryFile: string | undefined;
  #records: TaskRecord[] = [];
  #durationMs = 0;

  constructor(stream: NodeJS.WritableStream, summaryFile: string | undefined) {
    this.#stream = stream;
    this.#summaryFile = summaryFile;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'task-end' && event.record.status !== 'skipped') {
      const r = event.record;
      this.#stream.write(`::group::${r.id} (${r.status}${r.cache === 'local' || r.cache === 'remote' ? `, ${r.cache} cache` : ''})\n`);
      this.#stream.write(event.log.toString('utf8'));
      if (event.log.length && !event.log.toString('utf8').endsWith('\n')) this.#stream.write('\n');
      this.#stream.write('::endgroup::\n');
      if (r.status === 'failed') this.#stream.write(`::error title=${r.id} failed::exit code ${r.exitCode}\n`);
    }
    if (event.type === 'run-end') {
      this.#records = event.records;
      this.#durationMs = event.durationMs;
    }
  }

  async close(): Promise<void> {
    if (!this.#summaryFile) return;
    const rows = this.#records.map((r) => `| \`${r.id}\` | ${r.status} | ${r.cache} | ${formatMs(r.durationMs)} | \`${r.hash}\` |`);
    const cached = this.#records.filter((r) => r.status === 'cached').length;
    const saved = this.#records.reduce((s, r) => s + r.savedMs, 0);
    const text = [
      `### ant run — ${this.#records.length} tasks, ${cached} cached, ${formatMs(this.#durationMs)}${saved ? ` (cache saved ${formatMs(saved)})` : ''}`,
      '',
      '| task | status | cache | time | hash |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
    await appendFile(this.#summaryFile, text);
  }
}
