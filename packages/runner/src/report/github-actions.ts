/**
 * On GitHub Actions (`GITHUB_ACTIONS=true`): each task's log folded in a `::group::<id>` …
 * `::endgroup::` when the task ends (so parallel tasks never interleave), failures as `::error::`
 * annotations, and a Markdown summary (a table of tasks, and the time the cache saved) appended to
 * `$GITHUB_STEP_SUMMARY`.
 *
 * This reporter owns task logs on Actions: the terminal reporter is told not to print them
 * (`taskLogs: false`), so each log appears once. `--output-logs` still applies: `new-only` and
 * `hash-only` fold a one-line note for hits instead of the replay, `errors-only` groups only
 * failures, `none` prints no logs (annotations stay).
 */
import { appendFile } from 'node:fs/promises';
import type { Reporter, RunEvent, TaskRecord } from './events.js';
import { formatMs } from './format-ms.js';
import type { OutputLogs } from './terminal.js';

export class GitHubActionsReporter implements Reporter {
  readonly #stream: NodeJS.WritableStream;
  readonly #summaryFile: string | undefined;
  readonly #outputLogs: OutputLogs;
  #records: TaskRecord[] = [];
  #durationMs = 0;
  #exitCode = 0;

  constructor(stream: NodeJS.WritableStream, summaryFile: string | undefined, outputLogs: OutputLogs = 'full') {
    this.#stream = stream;
    this.#summaryFile = summaryFile;
    this.#outputLogs = outputLogs;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'task-end' && event.record.status !== 'skipped') this.#group(event.record, event.log);
    if (event.type === 'run-end') {
      this.#records = event.records;
      this.#durationMs = event.durationMs;
      this.#exitCode = event.exitCode;
    }
  }

  #group(r: TaskRecord, log: Buffer): void {
    const mode = this.#outputLogs;
    const hit = r.cache === 'local' || r.cache === 'remote';
    const failed = r.status === 'failed';
    let body: string | undefined;
    if (mode === 'full' || (mode === 'new-only' && !hit) || (mode === 'errors-only' && failed)) body = log.toString('utf8');
    else if ((mode === 'new-only' || mode === 'hash-only') && hit) body = `cache hit (${r.cache}), suppressing logs ${r.hash}\n`;
    else if (mode === 'hash-only') body = `hash ${r.hash}\n`;
    if (body !== undefined) {
      const title = `${r.id} (${r.status}${hit ? `, ${r.cache} cache` : ''}, ${formatMs(r.durationMs)})`;
      this.#stream.write(`::group::${escapeData(title)}\n${body}${body && !body.endsWith('\n') ? '\n' : ''}::endgroup::\n`);
    }
    if (failed) this.#stream.write(`::error title=${escapeProperty(`${r.id} failed`)}::${escapeData(`${r.id} exited with code ${r.exitCode}`)}\n`);
  }

  async close(): Promise<void> {
    if (!this.#summaryFile) return;
    await appendFile(this.#summaryFile, stepSummary(this.#records, this.#durationMs, this.#exitCode));
  }
}

/** The Markdown appended to `$GITHUB_STEP_SUMMARY`: a headline and one table row per task. */
export function stepSummary(records: readonly TaskRecord[], durationMs: number, exitCode: number): string {
  const cached = records.filter((r) => r.status === 'cached').length;
  const failed = records.filter((r) => r.status === 'failed').length;
  const saved = records.reduce((s, r) => s + r.savedMs, 0);
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const icon: Record<TaskRecord['status'], string> = { success: '✅', cached: '⚡', failed: '❌', skipped: '⏭️', interrupted: '⏹️' };
  const rows = records.map((r) =>
    `| ${icon[r.status]} \`${cell(r.id)}\` | ${r.status} | ${r.cache} | ${formatMs(r.durationMs)} | ${r.savedMs ? formatMs(r.savedMs) : ''} | \`${r.hash}\` |`);
  return [
    `### ant run ${exitCode === 0 ? 'succeeded' : `failed (exit ${exitCode})`}`,
    '',
    `${records.length} tasks, ${cached} cached, ${failed} failed in ${formatMs(durationMs)}${saved ? `; the cache saved ${formatMs(saved)}` : ''}.`,
    '',
    '| task | status | cache | time | saved | hash |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...rows,
    '',
    '',
  ].join('\n');
}

/** Workflow-command data escaping (`%`, CR, LF), as @actions/core does. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
