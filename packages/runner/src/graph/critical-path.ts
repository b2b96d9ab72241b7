/**
 * Priority of each task = its expected duration plus the longest chain of work that waits on it.
 * Running the highest first shortens the whole run (the critical path starts early). Durations come
 * from the previous run when known; unknown tasks weigh 1 so depth still counts.
 */
export function criticalPathPriorities<T>(
  nodes: readonly T[],
  dependents: (node: T) => readonly T[],
  weight: (node: T) => number,
): Map<T, number> {
  const priority = new Map<T, number>();
  // Post-order over dependents, iteratively: a node's priority needs all its dependents' first.
  for (const start of nodes) {
    if (priority.has(start)) continue;
    const stack: { node: T; index: number }[] = [{ node: start, index: 0 }];
    const onStack = new Set<T>([start]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const next = dependents(frame.node);
      if (frame.index < next.length) {
        const child = next[frame.index++];
        if (!priority.has(child) && !onStack.has(child)) {
          stack.push({ node: child, index: 0 });
          onStack.add(child);
        }
        continue;
      }
      let longest = 0;
      for (const child of next) longest = Math.max(longest, priority.get(child) ?? 0);
      priority.set(frame.node, weight(frame.node) + longest);
      onStack.delete(frame.node);
      stack.pop();
    }
  }
  return priority;
}
