/**
 * Runs one executor task inside a tinypool worker thread: imports the executor module, calls the
 * named export with the options and a context, streams the log lines it writes to ant, and
 * returns the exit code and the whole log.
 * Errors are returned as data (messages), since thrown errors lose their class across threads.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { ExecutorContext, ExecutorFunction } from '../plugin/api.js';

export interface ExecutorJob {
  module: string;
  exportName: string;
  options: unknown;
  context: Omit<ExecutorContext, 'log' | 'signal'>;
  /**
   * The task's channel to ant: any message from ant aborts the context's signal (an AbortSignal
   * cannot cross threads); each log line goes to ant as it is written, so it shows while the task runs.
   */
  port: MessagePort;
}

export interface ExecutorOutcome {
  exitCode: number;
  log: string;
}

export default async function runExecutor(job: ExecutorJob): Promise<ExecutorOutcome> {
  const lines: string[] = [];
  const abort = new AbortController();
  job.port.once('message', () => abort.abort());
  job.port.unref(); // listening must not keep an idle worker alive
  const log = (line: string) => {
    const text = line.endsWith('\n') ? line : `${line}\n`;
    lines.push(text);
    job.port.postMessage(text);
  };
  const context: ExecutorContext = { ...job.context, signal: abort.signal, log };
  try {
    // A path in the config (`./tools/deploy.mjs`) is the workspace's; a package name resolves as usual.
    const file = path.isAbsolute(job.module) ? job.module : job.module.startsWith('.') ? path.resolve(job.context.root, job.module) : undefined;
    const href = file === undefined ? job.module : pathToFileURL(file).href;
    const module = (await import(href)) as Record<string, unknown>;
    const fn = module[job.exportName];
    if (typeof fn !== 'function') {
      return { exitCode: 1, log: `ant: executor ${job.module} has no export "${job.exportName}"\n` };
    }
    const result = await (fn as ExecutorFunction)(job.options, context);
    return { exitCode: result?.exitCode ?? 0, log: lines.join('') };
  } catch (error) {
    lines.push(`${(error as Error)?.message ?? String(error)}\n`);
    return { exitCode: 1, log: lines.join('') };
  } finally {
    job.port.close();
  }
}
