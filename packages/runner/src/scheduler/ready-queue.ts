/**
 * The tasks ready to start, highest priority first and, among equals, first come first served —
 * a binary heap, so a wide graph (a thousand tasks ready at once) costs log n per pick rather
 * than a scan of the whole queue.
 */
export class ReadyQueue<T> {
  readonly #heap: { item: T; priority: number; seq: number }[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(item: T, priority: number): void {
    const heap = this.#heap;
    heap.push({ item, priority, seq: this.#seq++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** The next task; undefined when empty. */
  pop(): T | undefined {
    const heap = this.#heap;
    if (heap.length === 0) return undefined;
    const top = heap[0].item;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < heap.length && this.#before(left, best)) best = left;
        if (right < heap.length && this.#before(right, best)) best = right;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best], heap[i]];
        i = best;
      }
    }
    return top;
  }

  #before(a: number, b: number): boolean {
    const x = this.#heap[a];
    const y = this.#heap[b];
    return x.priority > y.priority || (x.priority === y.priority && x.seq < y.seq);
  }
}
