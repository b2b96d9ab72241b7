/**
 * Closure digests over any lockfile's dependency graph, computed Merkle-style so a project's digest
 * costs O(its own direct dependencies) once the shared part is done.
 *
 * Every node (an installed package) gets a hash over its own canonical line and its dependencies'
 * hashes; nodes in a dependency cycle are hashed together as one strongly connected component
 * (Tarjan's algorithm, iterative, so deep chains cannot overflow the stack). Each node is hashed at
 * most once per lockfile. Two digests are equal exactly when the reachable nodes (lines and edges)
 * are equal, the same test as comparing the {@link closureLines} lists, which stay available for
 * debugging and tests.
 */
import * as crypto from 'node:crypto';

/** A lockfile's packages as a graph of string node ids. */
export interface DependencyGraph {
  /** What is installed at `node`, canonically (`node_modules/x@1.2.3 sha512-…`). */
  line(node: string): string;
  /** The nodes `node` loads. */
  children(node: string): readonly string[];
}

/** A closure summarized for the task hash. */
export interface ClosureDigest {
  /** Number of direct dependencies the package resolves (the closure is behind them). */
  count: number;
  /** sha256 (hex) of the Merkle closure. */
  sha256: string;
}

// One-shot `crypto.hash` (Node 20.12+) is several times cheaper than createHash for the short
// strings hashed here, thousands per lockfile; older Node falls back to createHash.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** sha256 hex of a string. */
export function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

/** Memoizing Merkle hasher over one graph. */
export class MerkleHasher {
  readonly #graph: DependencyGraph;
  readonly #done = new Map<string, string>();

  constructor(graph: DependencyGraph) {
    this.#graph = graph;
  }

  /** The digest of a project whose direct dependencies are `children`; `marker` distinguishes special states. */
  digest(children: readonly string[], marker = ''): ClosureDigest {
    const hashes = new Set(children.map((child) => this.hashOf(child)));
    return { count: children.length, sha256: sha256(`${marker}\n${[...hashes].sort().join('\n')}`) };
  }

  /** The Merkle hash of one node, computing every node it reaches that is not hashed yet. */
  hashOf(start: string): string {
    const done = this.#done;
    const known = done.get(start);
    if (known) return known;
    const graph = this.#graph;
    // Leaves (most nodes: links, packages without dependencies) need no graph walk.
    const direct = graph.children(start);
    if (direct.length === 0) {
      const hash = sha256(`${graph.line(start)}\n--\n`);
      done.set(start, hash);
      return hash;
    }
    const order = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const frames: { node: string; children: readonly string[]; next: number }[] = [];
    const enter = (node: string) => {
      low.set(node, order.size);
      order.set(node, order.size);
      stack.push(node);
      onStack.add(node);
      frames.push({ node, children: graph.children(node), next: 0 });
    };
    enter(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next++]!;
        if (done.has(child)) continue;
        if (!order.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, order.get(child)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== order.get(frame.node)) continue;
      // frame.node roots a strongly connected component: pop it and hash it as one unit.
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.node);
      const inComponent = new Set(members);
      const lines = members.map((m) => graph.line(m)).sort();
      const outside = new Set<string>();
      for (const m of members) for (const c of graph.children(m)) if (!inComponent.has(c)) outside.add(done.get(c)!);
      const hash = sha256(`${lines.join('\n')}\n--\n${[...outside].sort().join('\n')}`);
      for (const m of members) done.set(m, hash);
    }
    return done.get(start)!;
  }
}

/** Every node reachable from `children`, as sorted unique lines (plus `marker` when given). */
export function closureLines(graph: DependencyGraph, children: readonly string[], marker?: string): string[] {
  const lines = new Set<string>(marker ? [marker] : []);
  const seen = new Set<string>();
  const stack = [...children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    lines.add(graph.line(node));
    for (const next of graph.children(node)) if (!seen.has(next)) stack.push(next);
  }
  return [...lines].sort();
}
