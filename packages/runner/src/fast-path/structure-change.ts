/**
 * Whether the project structure an `ant affected` receipt recorded can have changed although the
 * work tree did: every file that may differ from the receipt's tree — `git diff <receipt's HEAD>`
 * (committed, staged or not), the files that were changed or untracked then, the untracked files
 * now — is matched against the globs the plugins' project and dependency answers depend on.
 */
import picomatch from 'picomatch';
import { runGit, splitNul } from '../hash/git-repo.js';
import { listUntrackedFiles } from '../hash/git-untracked.js';
import type { AffectedReceipt } from './affected-receipt.js';

/** The first such file that may have changed (as a sentence), or undefined when none did. */
export async function structureChange(receipt: AffectedReceipt): Promise<string | undefined> {
  if (receipt.structure === null) return 'a plugin does not declare the files its projects depend on (structureFiles)';
  const { tree } = receipt;
  const diffPromise = runGit(receipt.root, ['--literal-pathspecs', 'diff', '--no-renames', '--name-only', '-z', '--relative', receipt.head, '--']);
  diffPromise.catch(() => undefined);
  const untracked = await listUntrackedFiles({ ...tree.untrackedQuery, repo: tree.repo, startMs: Date.now() });
  let diffed: string[];
  try {
    diffed = splitNul(await diffPromise);
  } catch {
    return `git cannot compare with ${receipt.head.slice(0, 12)}`;
  }
  const prefix = tree.prefix === '' ? '' : `${tree.prefix}/`;
  const candidates = new Set([...diffed, ...Object.keys(tree.untracked), ...untracked.paths]);
  for (const repoPath of Object.keys(tree.changed)) if (repoPath.startsWith(prefix)) candidates.add(repoPath.slice(prefix.length));
  const isStructural = picomatch(receipt.structure, { dot: true });
  for (const file of candidates) if (isStructural(file)) return `${file} may have changed`;
  return undefined;
}
