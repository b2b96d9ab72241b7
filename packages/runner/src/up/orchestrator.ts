/**
 * All processes of one `ant up` session: starts each once its dependencies meet their conditions
 * (`started`, `healthy`, `completed_successfully`), ends the session at the first process that
 * fails for good (or on an interrupt, or when a `--run` finishes, or when everything completed),
 * and then stops everything in reverse dependency order: a process is signalled only after every
 * process that depends on it has gone. Unrelated processes stop in parallel.
 *
 * It neither resolves config nor prints the final report; `up-session.ts` does both.
 */
import type { DependencyCondition, ProcessSpec } from './process-spec.js';
import type { LogMux } from './log-mux.js';
import { dependentsOf } from './dependency-order.js';
import { Supervisor, type ProcessState } from './supervisor.js';

/** Why a session failed: the process, the reason and its last output lines. */
export interface ProcessFailure {
  process: string;
  reason: string;
  tail: string[];
  logFile: string;
  /** An output line saying the address was in use, if the process printed one. */
  addressInUse?: string;
}

export interface UpOutcome {
  /** 0 all done (or `then` exit code), 1 a process failed, 130 interrupted. */
  exitCode: number;
  failure?: ProcessFailure;
}

export interface OrchestratorOptions {
  /** Runs once every process is ready (or completed, for one-shots); its exit code ends the session. */
  then?: () => Promise<number>;
}

export class Orchestrator {
  readonly #specs: readonly ProcessSpec[];
  readonly #mux: LogMux;
  readonly #supervisors = new Map<string, Supervisor>();
  #interrupt!: () => void;
  readonly #interrupted: Promise<void>;
  #interrupts = 0;

  /** `specs` in start order (dependencies first). */
  constructor(specs: readonly ProcessSpec[], mux: LogMux) {
    this.#specs = specs;
    this.#mux = mux;
    this.#interrupted = new Promise((resolve) => (this.#interrupt = resolve));
    const oneShots = new Set(specs.flatMap((s) => Object.entries(s.dependsOn).filter(([, c]) => c === 'completed_successfully').map(([d]) => d)));
    for (const spec of specs) {
      const log = mux.channel(spec.name, spec.logFile);
      this.#supervisors.set(spec.name, new Supervisor(spec, log, { mustStayUp: !oneShots.has(spec.name), onChange: () => undefined }));
    }
    mux.setStatus(() => this.#statusLine());
  }

  /** Ctrl-C: the first stops everything in order; the second SIGKILLs every process group now. */
  interrupt(): void {
    this.#interrupts++;
    if (this.#interrupts === 1) this.#interrupt();
    else for (const sup of this.#supervisors.values()) sup.kill();
  }

  /** Runs the session to its end and stops every process; never throws for a process's failure. */
  async run(options: OrchestratorOptions = {}): Promise<UpOutcome> {
    let ending = false;
    for (const spec of this.#specs) void this.#startWhenDependenciesAllow(spec, () => ending);

    const sups = [...this.#supervisors.values()];
    const failed = new Promise<UpOutcome>((resolve) => {
      for (const sup of sups) {
        void sup.ended.then((end) => {
          if (end.status === 'failed') resolve({ exitCode: 1, failure: this.#failure(sup, end.reason) });
        });
      }
    });
    const allEnded = Promise.all(sups.map((s) => s.ended)).then((): UpOutcome => ({ exitCode: 0 }));
    const interrupted = this.#interrupted.then((): UpOutcome => ({ exitCode: 130 }));
    const contenders = [failed, allEnded, interrupted];
    if (options.then) {
      const then = options.then;
      const allReady = Promise.all(sups.map((s) => Promise.race([s.ready.then(() => true), s.ended.then((e) => e.status === 'completed')])));
      contenders.push(
        allReady.then(async (ok): Promise<UpOutcome> => {
          if (!ok.every(Boolean)) return new Promise<UpOutcome>(() => undefined); // a failure ends the session instead
          this.#mux.info(this.#mux.colors.bold('ant: every process is ready; running the --run command'));
          return { exitCode: await then() };
        }),
      );
    }
    const outcome = await Promise.race(contenders);
    ending = true;
    await this.#stopAll(outcome.exitCode === 130);
    return outcome;
  }

  async #startWhenDependenciesAllow(spec: ProcessSpec, ending: () => boolean): Promise<void> {
    const entries = Object.entries(spec.dependsOn);
    const results = await Promise.all(entries.map(([dep, condition]) => this.#meets(dep, condition)));
    if (ending()) return;
    const unmet = entries.find((_, i) => !results[i]);
    const sup = this.#supervisors.get(spec.name)!;
    if (unmet) sup.abandon(`not started: "${unmet[0]}" ended without becoming ${unmet[1].replace(/_/g, ' ')}`);
    else sup.start();
  }

  /** Resolves true once `dep` meets `condition`, false when it never will. */
  #meets(dep: string, condition: DependencyCondition): Promise<boolean> {
    const sup = this.#supervisors.get(dep)!;
    const ended = sup.ended.then((end) => condition === 'completed_successfully' && end.status === 'completed' && end.exitCode === 0);
    if (condition === 'completed_successfully') return ended;
    return Promise.race([(condition === 'healthy' ? sup.ready : sup.started).then(() => true), ended]);
  }

  async #stopAll(interrupted: boolean): Promise<void> {
    const running = [...this.#supervisors.values()].filter((s) => s.state !== 'pending' && s.state !== 'completed' && s.state !== 'failed');
    if (running.length) {
      this.#mux.info(this.#mux.colors.bold(`ant: stopping ${running.length} process${running.length === 1 ? '' : 'es'}${interrupted ? ' (Ctrl-C again to kill them now)' : ''}`));
    }
    const names = this.#specs.map((s) => s.name);
    const dependents = dependentsOf(new Map(this.#specs.map((s) => [s.name, Object.keys(s.dependsOn)])), names);
    const stopping = new Map<string, Promise<void>>();
    const stop = (name: string): Promise<void> => {
      let promise = stopping.get(name);
      if (!promise) {
        promise = Promise.all((dependents.get(name) ?? []).map(stop)).then(() => this.#supervisors.get(name)!.stop());
        stopping.set(name, promise);
      }
      return promise;
    };
    await Promise.all(names.map(stop));
  }

  #failure(sup: Supervisor, reason: string): ProcessFailure {
    return { process: sup.spec.name, reason, tail: sup.log.tail(), logFile: sup.log.file, addressInUse: sup.log.addressInUse };
  }

  #statusLine(): string {
    const c = this.#mux.colors;
    const paint: Record<ProcessState, (t: string) => string> = {
      pending: c.dim, starting: c.yellow, running: c.cyan, ready: c.green, restarting: c.yellow,
      stopping: c.dim, completed: c.dim, failed: c.red, stopped: c.dim,
    };
    return [...this.#supervisors.values()]
      .map((s) => `${s.spec.name} ${paint[s.state](s.state)}${s.restarts ? c.dim(` ↻${s.restarts}`) : ''}`)
      .join(c.dim(' · '));
  }
}
