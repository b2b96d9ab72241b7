/**
 * `--verbose`: on every cache miss, one line saying why — the first differences between the task's
 * manifest now and the one of its previous run here (see `ant explain` for the full diff).
 */
import type { Reporter, RunEvent } from './events.js';
import type { Plan } from '../scheduler/plan.js';
import type { Workspace } from '../workspace/workspace.js';
import { OutputState } from '../cache/output-state.js';
import { ManifestStore } from '../hash/manifest-store.js';
import { diffManifests, summarizeDiff } from '../hash/manifest-diff.js';

export class MissExplainer implements Reporter {
  readonly #plan: Plan;
  readonly #stream: NodeJS.WritableStream;
  readonly #previous: OutputState;
  readonly #manifests: ManifestStore;
  readonly #pending: Promise<void>[] = [];

  constructor(workspace: Workspace, plan: Plan, stream: NodeJS.WritableStream) {
    this.#plan = plan;
    this.#stream = stream;
    this.#previous = new OutputState(workspace.dirs.state);
    this.#manifests = new ManifestStore(workspace.dirs.state);
  }

  onEvent(event: RunEvent): void {
    if (event.type !== 'task-start') return;
    const hashed = this.#plan.hashes.get(event.id as never);
    const previous = this.#previous.previous(event.id);
    if (!hashed || !previous || previous.hash === hashed.hash) return;
    this.#pending.push(
      this.#manifests.load(previous.hash).then((old) => {
        const why = old ? summarizeDiff(diffManifests(old, hashed.manifest)) : `previous manifest ${previous.hash} not kept`;
        this.#stream.write(`${event.id}: cache miss (was ${previous.hash}): ${why}\n`);
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#pending);
  }
}
