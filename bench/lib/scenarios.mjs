// The scenarios (performance.md's a–e): what state each repo copy is put in before a timed run
// (untimed), what is timed, and what must be true of the result for the time to count.
import { cleanOutputs, editSource, restore, commitAll, dropLastCommit } from './repos.mjs';

const runExpect = (total, misses) => ({ kind: 'run', total, misses });

/**
 * Each scenario: id, title, kind ('run' | 'affected'), variant of repo ('std' | 'noop'),
 * tools it applies to, before(ctx) once per tool, prepare(ctx) before each timed rep,
 * command(tool, ctx), expect(meta), after(ctx) once per tool. ctx = { tool, repo, meta, rep, summary, warm }.
 */
export const SCENARIOS = [
  {
    id: 'a', title: 'a cold', variant: 'std', heavy: true,
    prepare: ({ tool, repo }) => { restore(repo); cleanOutputs(repo); tool.resetCache(repo); },
    command: (tool, { repo, summary }) => tool.run(repo, { summary }),
    expect: (m) => runExpect(m.packages, m.packages),
  },
  {
    id: 'b', title: 'b fully cached', variant: 'std', alsoTools: ['turbo-bin', 'ant-full'],
    before: ({ repo, warm }) => { restore(repo); return warm(); },
    command: (tool, { repo, summary }) => tool.run(repo, { summary }),
    expect: (m) => runExpect(m.packages, 0),
  },
  {
    id: 'c-leaf', title: 'c-leaf (1 miss)', variant: 'std', alsoTools: ['turbo-bin'],
    before: ({ repo, warm }) => { restore(repo); return warm(); },
    prepare: ({ tool, repo, meta, rep }) => { restore(repo); editSource(repo, meta.leaf, `${tool.name} ${rep} ${Date.now()}`); },
    command: (tool, { repo, summary }) => tool.run(repo, { summary }),
    expect: (m) => runExpect(m.packages, 1),
    after: ({ repo }) => restore(repo),
  },
  {
    id: 'c-root', title: 'c-root (pkg-0000 edited)', variant: 'std', heavy: true,
    before: ({ repo, warm }) => { restore(repo); return warm(); },
    prepare: ({ tool, repo, meta, rep }) => { restore(repo); editSource(repo, meta.root, `${tool.name} ${rep} ${Date.now()}`); },
    command: (tool, { repo, summary }) => tool.run(repo, { summary }),
    expect: (m) => runExpect(m.packages, m.rootDependents + 1),
    after: ({ repo }) => restore(repo),
  },
  {
    id: 'd', title: 'd affected list (HEAD~1)', variant: 'std', alsoTools: ['turbo-bin', 'turbo-dry', 'ant-full'],
    before: ({ repo, meta }) => { restore(repo); editSource(repo, meta.root, 'd'); commitAll(repo, 'bench: one file of the root package'); },
    command: (tool, { repo }) => tool.affected(repo),
    expect: (m) => ({ kind: 'affected', projects: m.rootDependents + 1 }),
    after: ({ repo }) => dropLastCommit(repo),
  },
  {
    id: 'e', title: 'e no-op tasks, cache bypassed', variant: 'noop', heavy: true,
    // An untimed, cheap call first, so Nx's project-graph cache is as warm as in the other scenarios.
    before: ({ tool, repo, probe }) => probe(tool.affected(repo)),
    command: (tool, { repo, summary }) => tool.run(repo, { force: true, summary }),
    expect: (m) => runExpect(m.packages, m.packages),
  },
];

/** Compares a parsed result with the expectation; returns null when right, else what differed. */
export function checkResult(expect, got) {
  if (expect.kind === 'affected') {
    return got === expect.projects ? null : `expected ${expect.projects} affected projects, got ${got}`;
  }
  if (got.total !== expect.total) return `expected ${expect.total} tasks, got ${got.total}`;
  if (got.misses !== expect.misses) return `expected ${expect.misses} cache misses, got ${got.misses} (${got.hits} hits)`;
  return null;
}
