/**
 * One process's life under `ant up`: spawn it in its own process group (`startChild`), wait for
 * its readiness probe, restart it by its policy with backoff when it exits or never gets ready,
 * and stop it — the configured signal to the whole group, SIGKILL after `shutdownTimeoutMs`.
 *
 * It does not decide when to start (the orchestrator waits for dependencies) and never stops
 * other processes; it reports through its promises and `onChange`.
 *
 * ```ts
 * const sup = new Supervisor(spec, log, { mustStayUp: true, onChange: redraw });
 * sup.start();
 * await Promise.race([sup.ready, sup.ended]);
 * await sup.stop();
 * ```
 */
import { startChild, type ChildTask } from '../scheduler/child-process.js';
import type { ProcessSpec } from './process-spec.js';
import type { ProcessLog } from './log-mux.js';
import { decideRestart } from './restart-policy.js';
import { sleep, waitUntilReady } from './readiness.js';

export type ProcessState = 'pending' | 'starting' | 'running' | 'ready' | 'restarting' | 'stopping' | 'completed' | 'failed' | 'stopped';

/** How a process's supervision ended. */
export type ProcessEnd =
  | { status: 'completed'; exitCode: number }
  | { status: 'failed'; reason: string }
  | { status: 'stopped' };

export interface SupervisorOptions {
  /**
   * A process that must stay up fails when it exits and is not restarted — even with code 0.
   * One that others wait on with `completed_successfully` (a migration, a seed) may finish.
   */
  mustStayUp: boolean;
  onChange(supervisor: Supervisor): void;
}

export class Supervisor {
  readonly spec: ProcessSpec;
  readonly log: ProcessLog;
  /** Resolves when the process was first spawned. */
  readonly started: Promise<void>;
  /** Resolves when the process first passed its readiness probe (at spawn when it has none). */
  readonly ready: Promise<void>;
  /** Resolves once, when the process will not run again. */
  readonly ended: Promise<ProcessEnd>;
  readonly #options: SupervisorOptions;
  readonly #stop = new AbortController();
  #resolveStarted!: () => void;
  #resolveReady!: () => void;
  #resolveEnded!: (end: ProcessEnd) => void;
  #state: ProcessState = 'pending';
  #child: ChildTask | undefined;
  #loop: Promise<void> | undefined;
  #restarts = 0;

  constructor(spec: ProcessSpec, log: ProcessLog, options: SupervisorOptions) {
    this.spec = spec;
    this.log = log;
    this.#options = options;
    this.started = new Promise((resolve) => (this.#resolveStarted = resolve));
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve));
  }

  get state(): ProcessState {
    return this.#state;
  }

  get restarts(): number {
    return this.#restarts;
  }

  /** The running process's pid (its process group id), if it runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts the process; later calls do nothing. */
  start(): void {
    if (this.#loop || this.#stop.signal.aborted) return;
    this.#loop = this.#run().then(
      (end) => this.#finish(end),
      (error: Error) => this.#finish({ status: 'failed', reason: `internal error: ${error.message}` }),
    );
  }

  /** Stops the process (signal, then SIGKILL after the timeout) and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.#stop.signal.aborted) return this.#loop;
    this.#stop.abort();
    if (!this.#loop) {
      this.#finish({ status: 'stopped' });
      return;
    }
    if (this.#child) {
      this.#set('stopping');
      const { shutdownSignal, shutdownTimeoutMs } = this.spec;
      this.log.note(`stopping: ${shutdownSignal} to process group ${this.#child.pid}${shutdownSignal === 'SIGKILL' ? '' : `, SIGKILL after ${shutdownTimeoutMs} ms`}`);
      this.#child.stop(shutdownSignal, shutdownTimeoutMs);
    }
    await this.#loop;
  }

  /** Gives up on a process that never started (its dependency can no longer meet the condition). */
  abandon(reason: string): void {
    if (this.#loop || this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.log.note(reason);
    this.#finish({ status: 'failed', reason });
  }

  /** SIGKILLs the process group at once (a second Ctrl-C). */
  kill(): void {
    this.#stop.abort();
    this.#child?.stop('SIGKILL');
  }

  async #run(): Promise<ProcessEnd> {
    const { spec, log } = this;
    const commandText = Array.isArray(spec.command) ? spec.command.join(' ') : spec.command;
    for (;;) {
      this.#set('starting');
      const child = startChild(spec.command, { cwd: spec.cwd, env: spec.env, onOutput: (chunk) => log.write(chunk) });
      this.#child = child;
      log.note(`started pid ${child.pid ?? '?'}${this.#restarts ? ` (restart ${this.#restarts})` : ''}: ${commandText}`);
      this.#resolveStarted();
      let exitCode = -1;
      const exited = child.done.then((code) => {
        exitCode = code;
      });
      let failure: string | undefined;
      if (spec.readiness) {
        this.#set('running');
        failure = await this.#awaitReadiness(exited);
        // Not ready in time: stop it like a crash; the note below says why and what follows.
        if (failure && !this.#stop.signal.aborted) child.stop(spec.shutdownSignal, spec.shutdownTimeoutMs);
      } else {
        this.#set('running');
        this.#resolveReady();
      }
      await exited;
      log.flush();
      child.stop('SIGKILL'); // the leader is gone; take any straggler of its group with it
      this.#child = undefined;
      if (this.#stop.signal.aborted) {
        log.note(`stopped (exit code ${exitCode})`);
        return { status: 'stopped' };
      }

      const what = failure ?? `exited with code ${exitCode}`;
      if (!failure && exitCode === 0 && !this.#options.mustStayUp && spec.restart !== 'always') {
        log.note('exited with code 0');
        return { status: 'completed', exitCode };
      }
      const decision = decideRestart(spec, failure ? exitCode || 1 : exitCode, this.#restarts);
      if (!decision.restart) {
        const mustStay = exitCode === 0 && !failure ? ', but it must stay up' : '';
        const reason = `${what}${mustStay}; not restarted: ${decision.reason}`;
        log.note(reason);
        return { status: 'failed', reason };
      }
      const limit = spec.maxRestarts === undefined ? '' : ` of ${spec.maxRestarts}`;
      log.note(`${what}; restart ${decision.attempt}${limit} in ${decision.delayMs} ms`);
      this.#set('restarting');
      await sleep(decision.delayMs, this.#stop.signal);
      if (this.#stop.signal.aborted) return { status: 'stopped' };
      this.#restarts = decision.attempt;
    }
  }

  /** Probes until ready; returns why it failed, or undefined when ready (or exited/stopped meanwhile). */
  async #awaitReadiness(exited: Promise<void>): Promise<string | undefined> {
    const readiness = this.spec.readiness!;
    const abort = new AbortController();
    const onStop = () => abort.abort();
    this.#stop.signal.addEventListener('abort', onStop, { once: true });
    void exited.then(() => abort.abort());
    let unwatch: (() => void) | undefined;
    const logMatched = new Promise<string>((resolve) => {
      const probe = readiness.probe;
      if (probe.kind === 'log') unwatch = this.log.watch((line) => probe.pattern.test(line) && resolve(line));
    });
    try {
      const outcome = await waitUntilReady(readiness, { cwd: this.spec.cwd, env: this.spec.env, signal: abort.signal, logMatched });
      if (outcome.ready) {
        this.log.note(`ready after ${outcome.afterMs} ms (${outcome.detail})`);
        this.#set('ready');
        this.#resolveReady();
        return undefined;
      }
      return 'aborted' in outcome ? undefined : `did not become ready: ${outcome.reason}`;
    } finally {
      unwatch?.();
      abort.abort();
      this.#stop.signal.removeEventListener('abort', onStop);
    }
  }

  #finish(end: ProcessEnd): void {
    this.#set(end.status);
    this.#resolveEnded(end);
  }

  #set(state: ProcessState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onChange(this);
  }
}
