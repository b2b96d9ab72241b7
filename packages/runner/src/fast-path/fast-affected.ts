/**
 * The fast path of `ant affected`: when the command's receipt holds (affected-receipt.ts), the
 * projects, their ownership and dependency edges come from it and only git runs — unless a changed
 * file belongs to no project and is no global input, which only the plugins can place (a root
 * lockfile): then the full path answers.
 *
 * Returns the exit code, or undefined when the full path must run the command.
 */
import { treeStateChange } from '../hash/tree-state.js';
import { affectedFrom, gitChanges, unownedFiles, writeAffected, type AffectedWorkspace, type GitChanges } from '../scm/affected.js';
import { Ownership } from '../workspace/ownership.js';
import { structureChange } from './structure-change.js';
import type { AffectedReceipt } from './affected-receipt.js';
import type { FastPathIo } from './fast-path.js';

export async function fastAffected(receipt: AffectedReceipt, io: FastPathIo, debug: (message: string) => void): Promise<number | undefined> {
  const { options } = receipt;
  const workspace: AffectedWorkspace = {
    root: receipt.root,
    projects: receipt.projects,
    projectByName: new Map(receipt.projects.map((p) => [p.name, p])),
    dependencies: new Map(receipt.dependencies),
    ownership: new Ownership(receipt.projects),
    config: { globalInputs: receipt.globalInputs },
  };
  // Started first: git works on the other core while the receipt's tree is checked.
  const changesPromise = gitChanges(receipt.root, { base: options.base, head: options.head });
  changesPromise.catch(() => undefined);
  const treeChange = await treeStateChange(receipt.tree);
  if (treeChange !== undefined) {
    const moved = await structureChange(receipt);
    if (moved !== undefined) return debug(`${treeChange}; ${moved}`), undefined;
    debug(`${treeChange}, but no file the projects depend on`);
  }
  let changes: GitChanges;
  try {
    changes = await changesPromise;
  } catch {
    return debug('git could not answer; the full path explains why'), undefined;
  }
  const unowned = unownedFiles(workspace, changes.files);
  if (unowned.length > 0) return debug(`${unowned[0]} belongs to no project: the plugins decide`), undefined;
  debug(`answering from the receipt (${receipt.projects.length} projects)`);
  writeAffected(affectedFrom(workspace, changes, new Map()), options.json, io.stdout, io.stderr);
  return 0;
}
