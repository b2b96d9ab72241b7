/**
 * A layered (Sugiyama-style) layout of the project graph for `ant graph --format html`, computed
 * here rather than in the page so it is a pure, testable function:
 *
 * 1. cycles are broken by ignoring DFS back edges (a project graph should be acyclic; a page
 *    must still draw when it is not);
 * 2. longest-path layering: a project with no dependencies is in layer 0, every other one is one
 *    layer right of its deepest dependency, so every edge points left;
 * 3. barycenter ordering within layers: alternating sweeps place each node at the mean position
 *    of its neighbours in the layers already placed, keeping the order with the fewest crossings.
 *
 * 4. a layer taller than `maxRows` is wrapped into side-by-side sub-columns (in order), so a wide
 *    graph — hundreds of leaf libraries — stays roughly as wide as it is tall instead of one
 *    column thousands of pixels high.
 *
 * It deliberately does not insert dummy nodes for long edges or straighten them (Brandes–Köpf):
 * the page draws edges as curves, and at 1000 projects the simple version takes about 100 ms.
 *
 * @example
 * const layout = layoutGraph([{ name: 'a', dependencies: [] }, { name: 'b', dependencies: ['a'] }]);
 * layout.nodes[1]; // { name: 'b', layer: 1, order: 0, x: 140, y: 20, width: 60, height: 28 }
 */

/** A node to place: its name (the label) and the names it depends on (unknown names are ignored). */
export interface LayoutInput {
  name: string;
  dependencies: readonly string[];
}

/** A placed node, in the same order as the input. */
export interface NodeBox {
  name: string;
  /** 0 = no dependencies; edges go from a higher layer to a lower one. */
  layer: number;
  /** Position within the layer, top to bottom. */
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  nodes: NodeBox[];
  /** Bounding box of all nodes, padding included. */
  width: number;
  height: number;
  layers: number;
  /** Edges ignored to break cycles (0 for a DAG). */
  reversedEdges: number;
  /** Crossings between adjacent layers after ordering (long edges are not counted). */
  crossings: number;
}

export interface LayoutOptions {
  nodeHeight?: number;
  rowGap?: number;
  layerGap?: number;
  /** Estimated width of one label character at the page's font size. */
  charWidth?: number;
  padding?: number;
  minWidth?: number;
  maxWidth?: number;
  /** Barycenter sweeps (each one down and one up). */
  sweeps?: number;
  /** Rows per sub-column before a layer wraps; default grows with the graph (√n · 1.6, at least 25). */
  maxRows?: number;
  /** Gap between the sub-columns of a wrapped layer. */
  columnGap?: number;
}

const DEFAULTS: Required<Omit<LayoutOptions, 'maxRows'>> = {
  nodeHeight: 28, rowGap: 12, layerGap: 80, charWidth: 7.2, padding: 20, minWidth: 60, maxWidth: 280, sweeps: 12, columnGap: 24,
};

/** Lays out a directed graph in layers, dependencies to the left of their dependents. */
export function layoutGraph(inputs: readonly LayoutInput[], options: LayoutOptions = {}): GraphLayout {
  const o = { ...DEFAULTS, ...options };
  const maxRows = Math.max(1, options.maxRows ?? Math.max(25, Math.ceil(Math.sqrt(inputs.length) * 1.6)));
  const { deps, reversed } = acyclicDependencies(inputs);
  const layerOf = assignLayers(deps);
  const layerCount = inputs.length ? Math.max(...layerOf) + 1 : 0;
  const dependents: number[][] = inputs.map(() => []);
  deps.forEach((list, i) => list.forEach((d) => dependents[d].push(i)));

  let layers: number[][] = Array.from({ length: layerCount }, () => []);
  inputs.forEach((_, i) => layers[layerOf[i]].push(i));
  let best = layers.map((l) => [...l]);
  let bestCrossings = countCrossings(best, deps, layerOf);
  for (let sweep = 0; sweep < o.sweeps && bestCrossings > 0; sweep++) {
    layers = reorder(layers, deps, 'down');
    layers = reorder(layers, dependents, 'up');
    const crossings = countCrossings(layers, deps, layerOf);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = layers.map((l) => [...l]);
    }
  }

  const width = inputs.map((n) => Math.min(o.maxWidth, Math.max(o.minWidth, Math.ceil(n.name.length * o.charWidth + 24))));
  const pitch = o.nodeHeight + o.rowGap;
  // Rows of each layer: a long layer is wrapped into balanced sub-columns.
  const rowsOf = best.map((layer) => Math.ceil(layer.length / Math.max(1, Math.ceil(layer.length / maxRows))));
  const tallest = Math.max(0, ...rowsOf);
  const nodes: NodeBox[] = new Array(inputs.length);
  let x = o.padding;
  best.forEach((layer, l) => {
    const layerWidth = Math.max(0, ...layer.map((i) => width[i]));
    const rows = rowsOf[l];
    // Centre each layer on the tallest so short layers sit beside the middle of long ones.
    const top = o.padding + ((tallest - rows) * pitch) / 2;
    layer.forEach((i, order) => {
      const column = Math.floor(order / rows);
      const nx = x + column * (layerWidth + o.columnGap);
      nodes[i] = { name: inputs[i].name, layer: l, order, x: nx, y: Math.round(top + (order % rows) * pitch), width: width[i], height: o.nodeHeight };
    });
    const columns = Math.ceil(layer.length / Math.max(1, rows));
    x += columns * layerWidth + (columns - 1) * o.columnGap + o.layerGap;
  });
  return {
    nodes,
    width: inputs.length ? x - o.layerGap + o.padding : 2 * o.padding,
    height: 2 * o.padding + Math.max(0, tallest * pitch - o.rowGap),
    layers: layerCount,
    reversedEdges: reversed,
    crossings: bestCrossings,
  };
}

/** Dependency lists by index, without unknown names, duplicates, self-loops and DFS back edges. */
export function acyclicDependencies(inputs: readonly LayoutInput[]): { deps: number[][]; reversed: number } {
  const index = new Map(inputs.map((n, i) => [n.name, i]));
  const raw = inputs.map((n, i) => [...new Set(n.dependencies.map((d) => index.get(d)).filter((d): d is number => d !== undefined && d !== i))]);
  const deps: number[][] = inputs.map(() => []);
  const state = new Uint8Array(inputs.length); // 0 unvisited, 1 on the stack, 2 done
  let reversed = 0;
  for (let root = 0; root < inputs.length; root++) {
    if (state[root]) continue;
    // Iterative DFS: a chain of 10k projects must not overflow the call stack.
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const [node, next] = frame;
      if (next < raw[node].length) {
        frame[1]++;
        const dep = raw[node][next];
        if (state[dep] === 1) reversed++;
        else {
          deps[node].push(dep);
          if (state[dep] === 0) {
            state[dep] = 1;
            stack.push([dep, 0]);
          }
        }
      } else {
        state[node] = 2;
        stack.pop();
      }
    }
  }
  return { deps, reversed };
}

/** Longest-path layering over an acyclic dependency list: layer = 1 + the deepest dependency's. */
export function assignLayers(deps: readonly (readonly number[])[]): number[] {
  const layer = new Array<number>(deps.length).fill(-1);
  for (let root = 0; root < deps.length; root++) {
    if (layer[root] >= 0) continue;
    const stack = [root];
    while (stack.length) {
      const node = stack[stack.length - 1];
      const pending = deps[node].filter((d) => layer[d] < 0);
      if (pending.length) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      if (layer[node] < 0) layer[node] = deps[node].reduce((m, d) => Math.max(m, layer[d] + 1), 0);
    }
  }
  return layer;
}

/**
 * One barycenter sweep. `down` walks layers left to right and orders each by its neighbours'
 * (dependencies') positions; `up` walks right to left using dependents. Positions are centred
 * indices, matching how layers are drawn; a node without placed neighbours keeps its position.
 */
function reorder(layers: number[][], neighbours: readonly (readonly number[])[], direction: 'down' | 'up'): number[][] {
  const pos = new Map<number, number>();
  const place = (layer: number[]) => layer.forEach((n, i) => pos.set(n, i - (layer.length - 1) / 2));
  const out = layers.map((l) => [...l]);
  const sequence = out.map((_, i) => i);
  if (direction === 'up') sequence.reverse();
  place(out[sequence[0]] ?? []);
  for (const l of sequence.slice(1)) {
    const layer = out[l];
    const key = new Map<number, number>();
    layer.forEach((n, i) => {
      const placed = neighbours[n].filter((m) => pos.has(m));
      key.set(n, placed.length ? placed.reduce((s, m) => s + pos.get(m)!, 0) / placed.length : i - (layer.length - 1) / 2);
    });
    const current = new Map(layer.map((n, i) => [n, i]));
    layer.sort((a, b) => key.get(a)! - key.get(b)! || current.get(a)! - current.get(b)!);
    place(layer);
  }
  return out;
}

/** Edge crossings between adjacent layers (edges spanning one layer), by counting inversions. */
export function countCrossings(layers: readonly (readonly number[])[], deps: readonly (readonly number[])[], layerOf: readonly number[]): number {
  const order = new Map<number, number>();
  for (const layer of layers) layer.forEach((n, i) => order.set(n, i));
  let total = 0;
  for (let l = 1; l < layers.length; l++) {
    const edges: [number, number][] = [];
    for (const n of layers[l]) for (const d of deps[n]) if (layerOf[d] === l - 1) edges.push([order.get(n)!, order.get(d)!]);
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    total += inversions(edges.map((e) => e[1]));
  }
  return total;
}

/** Pairs i < j with a[i] > a[j], by merge sort: O(n log n). */
function inversions(values: number[]): number {
  if (values.length < 2) return 0;
  const mid = values.length >> 1;
  const left = values.slice(0, mid);
  const right = values.slice(mid);
  let count = inversions(left) + inversions(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if (left[i] <= right[j]) values[k++] = left[i++];
    else {
      values[k++] = right[j++];
      count += left.length - i;
    }
  }
  while (i < left.length) values[k++] = left[i++];
  while (j < right.length) values[k++] = right[j++];
  return count;
}
