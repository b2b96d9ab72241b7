/**
 * `ant graph --format html`: one self-contained page (no network fetches) drawing the project
 * graph. The page embeds the graph document as JSON and lays it out in layers by dependency depth.
 */
import type { GraphDocument } from '../cli/graph-action.js';

export function renderGraphHtml(doc: GraphDocument): string {
  const data = JSON.stringify(doc).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ant graph</title>
<style>body{font:14px system-ui,sans-serif;margin:0}svg{width:100vw;height:100vh}.node rect{fill:#eef;stroke:#446}.node text{font-size:12px}</style>
</head><body><svg id="graph"></svg>
<script id="ant-graph-data" type="application/json">${data}</script>
<script>
const doc = JSON.parse(document.getElementById('ant-graph-data').textContent);
const svg = document.getElementById('graph');
const depth = new Map();
const byName = new Map(doc.projects.map((p) => [p.name, p]));
const depthOf = (name, seen = new Set()) => {
  if (depth.has(name)) return depth.get(name);
  if (seen.has(name)) return 0;
  seen.add(name);
  const p = byName.get(name);
  const d = p && p.dependencies.length ? 1 + Math.max(...p.dependencies.map((x) => depthOf(x, seen))) : 0;
  depth.set(name, d);
  return d;
};
const columns = new Map();
for (const p of doc.projects) { const d = depthOf(p.name); columns.set(d, [...(columns.get(d) || []), p]); }
const pos = new Map();
for (const [d, list] of columns) list.forEach((p, i) => pos.set(p.name, { x: 40 + d * 220, y: 40 + i * 50 }));
const ns = 'http://www.w3.org/2000/svg';
for (const p of doc.projects) for (const dep of p.dependencies) {
  const a = pos.get(p.name), b = pos.get(dep); if (!a || !b) continue;
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', a.x); line.setAttribute('y1', a.y + 15); line.setAttribute('x2', b.x + 160); line.setAttribute('y2', b.y + 15);
  line.setAttribute('stroke', '#999'); svg.appendChild(line);
}
for (const p of doc.projects) {
  const { x, y } = pos.get(p.name);
  const g = document.createElementNS(ns, 'g'); g.setAttribute('class', 'node'); g.setAttribute('data-project', p.name);
  const rect = document.createElementNS(ns, 'rect'); rect.setAttribute('x', x); rect.setAttribute('y', y); rect.setAttribute('width', 160); rect.setAttribute('height', 30);
  const text = document.createElementNS(ns, 'text'); text.setAttribute('x', x + 6); text.setAttribute('y', y + 19); text.textContent = p.name + ' (' + p.language + ')';
  g.append(rect, text); svg.appendChild(g);
}
</script></body></html>
`;
}
