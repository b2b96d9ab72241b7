import { describe, expect, it } from 'vitest';
import { acyclicDependencies, assignLayers, countCrossings, layoutGraph, type LayoutInput } from '../../src/report/html-graph-layout.js';

const n = (name: string, ...dependencies: string[]): LayoutInput => ({ name, dependencies });

/** A random DAG (edges only to earlier nodes), deterministic for a seed. */
function randomDag(size: number, maxDeps: number, seed = 7): LayoutInput[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: size }, (_, i) => {
    const deps = new Set<string>();
    const k = i < 10 ? 0 : Math.floor(rnd() * (maxDeps + 1));
    for (let j = 0; j < k; j++) deps.add(`p${Math.floor(rnd() * i)}`);
    return n(`p${i}`, ...deps);
  });
}

describe('layoutGraph', () => {
  it('puts each project one layer right of its deepest dependency (longest path)', () => {
    const layout = layoutGraph([n('app', 'api', 'util'), n('api', 'util'), n('util'), n('tool')]);
    expect(Object.fromEntries(layout.nodes.map((b) => [b.name, b.layer]))).toEqual({ app: 2, api: 1, util: 0, tool: 0 });
    expect(layout.layers).toBe(3);
    const x = (name: string) => layout.nodes.find((b) => b.name === name)!.x;
    expect(x('util')).toBeLessThan(x('api'));
    expect(x('api')).toBeLessThan(x('app'));
  });

  it('never overlaps two boxes and keeps every box inside the bounds', () => {
    const layout = layoutGraph(randomDag(300, 3));
    const boxes = layout.nodes;
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
    }
    const sorted = [...boxes].sort((a, b) => a.x - b.x);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].x < sorted[i].x + sorted[i].width; j++) {
        const a = sorted[i];
        const b = sorted[j];
        const overlap = a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false);
      }
    }
  });

  it('barycenter ordering removes the crossings of a graph drawn in a crossed input order', () => {
    // Input order pairs x1→y2, x2→y1 etc.: four crossings as given, none once sorted.
    const inputs = [n('a'), n('b'), n('c'), n('d'), n('z', 'd'), n('y', 'c'), n('x', 'b'), n('w', 'a')];
    const { deps } = acyclicDependencies(inputs);
    const layerOf = assignLayers(deps);
    const asGiven = [[0, 1, 2, 3], [4, 5, 6, 7]];
    expect(countCrossings(asGiven, deps, layerOf)).toBe(6);
    expect(layoutGraph(inputs).crossings).toBe(0);
  });

  it('reduces crossings on a random 200-project DAG', () => {
    const inputs = randomDag(200, 2, 3);
    const { deps } = acyclicDependencies(inputs);
    const layerOf = assignLayers(deps);
    const initial: number[][] = [];
    layerOf.forEach((l, i) => (initial[l] ??= []).push(i));
    const before = countCrossings(initial, deps, layerOf);
    const after = layoutGraph(inputs).crossings;
    expect(after).toBeLessThan(before * 0.7);
  });

  it('draws a cycle by ignoring a back edge, and ignores unknown names and self-loops', () => {
    const layout = layoutGraph([n('a', 'c', 'ghost', 'a'), n('b', 'a'), n('c', 'b')]);
    expect(layout.reversedEdges).toBe(1);
    expect(new Set(layout.nodes.map((b) => b.layer))).toEqual(new Set([0, 1, 2]));
  });

  it('wraps a very tall layer into sub-columns', () => {
    const inputs = [...Array.from({ length: 100 }, (_, i) => n(`leaf${i}`)), n('app', ...Array.from({ length: 100 }, (_, i) => `leaf${i}`))];
    const layout = layoutGraph(inputs, { maxRows: 25 });
    const leafColumns = new Set(layout.nodes.filter((b) => b.layer === 0).map((b) => b.x));
    expect(leafColumns.size).toBe(4);
    expect(layout.height).toBeLessThan(26 * 40 + 40);
  });

  it('lays out 1000 projects quickly, with a handful of layers, about as wide as tall', () => {
    const inputs = randomDag(1000, 3);
    const start = performance.now();
    const layout = layoutGraph(inputs);
    const ms = performance.now() - start;
    expect(layout.nodes).toHaveLength(1000);
    expect(ms).toBeLessThan(2000);
    expect(layout.width / layout.height).toBeGreaterThan(0.3);
    expect(layout.width / layout.height).toBeLessThan(8);
  });

  it('handles an empty graph and a 5000-long chain without deep recursion', () => {
    expect(layoutGraph([])).toMatchObject({ nodes: [], layers: 0, crossings: 0 });
    const chain = Array.from({ length: 5000 }, (_, i) => n(`c${i}`, ...(i ? [`c${i - 1}`] : [])));
    const layout = layoutGraph(chain, { sweeps: 1 });
    expect(layout.layers).toBe(5000);
  });
});
