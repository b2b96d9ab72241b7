/**
 * Finds a cycle in a directed graph and returns it as a closed path (`a → b → a`), or undefined.
 * Iterative DFS with colours, so deep graphs do not overflow the stack.
 */
export function findCycle<T>(nodes: Iterable<T>, edges: (node: T) => Iterable<T>): T[] | undefined {
  const WHITE = 0, GREY = 1, BLACK = 2;
  const colour = new Map<T, number>();
  for (const start of nodes) {
    if ((colour.get(start) ?? WHITE) !== WHITE) continue;
    const stack: { node: T; children: Iterator<T> }[] = [{ node: start, children: edges(start)[Symbol.iterator]() }];
    colour.set(start, GREY);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = top.children.next();
      if (next.done) {
        colour.set(top.node, BLACK);
        stack.pop();
        continue;
      }
      const child = next.value;
      const state = colour.get(child) ?? WHITE;
      if (state === GREY) {
        const from = stack.findIndex((frame) => frame.node === child);
        return [...stack.slice(from).map((frame) => frame.node), child];
      }
      if (state === WHITE) {
        colour.set(child, GREY);
        stack.push({ node: child, children: edges(child)[Symbol.iterator]() });
      }
    }
  }
  return undefined;
}
