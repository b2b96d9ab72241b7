/**
 * `ant graph --format html`: one self-contained page (styles, script and data inline; it fetches
 * nothing, so it works from `file://`, offline, and as a CI artifact) with the interactive
 * project graph.
 *
 * The layout is computed here (`layoutGraph`: longest-path layers, barycenter order) and the SVG
 * is written out in full, so the page draws even without its script; the script
 * (`html-graph-script.ts`) adds pan/zoom, search, details on click and the affected toggle.
 * Edges are one `<path>`: at 1000 projects that is one element instead of thousands.
 */
import type { GraphDocument } from '../cli/graph-action.js';
import { layoutGraph, type GraphLayout } from './html-graph-layout.js';
import { GRAPH_PAGE_CSS } from './html-graph-style.js';
import { GRAPH_PAGE_SCRIPT } from './html-graph-script.js';

type Project = GraphDocument['projects'][number];

/** Label colours by language, assigned in sorted order so a page is stable across runs. */
const PALETTE = ['#3b82c4', '#2f9e44', '#c2255c', '#e8590c', '#7048e8', '#0c8599', '#a61e4d', '#5c940d', '#862e9c', '#495057'];

/** Renders the whole page for a graph document. */
export function renderGraphHtml(doc: GraphDocument): string {
  const layout = layoutGraph(doc.projects);
  const languages = [...new Set(doc.projects.map((p) => p.language))].sort();
  const colorOf = new Map(languages.map((l, i) => [l, PALETTE[i % PALETTE.length]]));
  const edgeCount = doc.projects.reduce((n, p) => n + p.dependencies.length, 0);
  const hasAffected = doc.projects.some((p) => p.affected !== undefined);
  const affected = doc.projects.filter((p) => p.affected).length;
  const boxes = layout.nodes.map((n) => [n.x, n.y, n.width, n.height]);
  const legend = languages.map((l) => `<span><i style="background:${colorOf.get(l)}"></i>${escapeXml(l)}</span>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>ant graph — ${doc.projects.length} projects</title>
<style>${GRAPH_PAGE_CSS}</style>
</head><body>
<header>
<h1>ant graph</h1>
<span class="stats" id="stats">${doc.projects.length} projects · ${edgeCount} dependencies · ${doc.tasks.length} tasks · ${layout.layers} layers</span>
<span class="search-box"><input id="search" type="search" placeholder="Search projects ( / )" autocomplete="off" spellcheck="false"><ul id="results"></ul></span>
<span id="search-count"></span>
<button id="fit" type="button" title="Fit the graph to the window (f)">Fit</button>
${hasAffected ? `<label class="toggle"><input id="only-affected" type="checkbox"><span>only affected (${affected})</span></label>` : ''}
<span class="legend">${legend}<span><i style="background:#2f9e44;border-radius:50%"></i>last run cached</span><span><i style="background:#1c7ed6;border-radius:50%"></i>ran</span><span><i style="background:#e03131;border-radius:50%"></i>failed</span></span>
</header>
${renderSvg(doc.projects, layout, colorOf)}
<aside id="details" aria-live="polite"></aside>
<script id="ant-graph-data" type="application/json">${jsonForScript(doc)}</script>
<script id="ant-graph-layout" type="application/json">${jsonForScript(boxes)}</script>
<script>${GRAPH_PAGE_SCRIPT}</script>
</body></html>
`;
}

/** The static SVG: arrow markers, every edge in one path, and one `<g class="node">` per project. */
export function renderSvg(projects: readonly Project[], layout: GraphLayout, colorOf: Map<string, string>): string {
  const index = new Map(projects.map((p, i) => [p.name, i]));
  const edges: string[] = [];
  projects.forEach((p, i) => {
    const to = layout.nodes[i];
    for (const dep of p.dependencies) {
      const j = index.get(dep);
      if (j === undefined || j === i) continue;
      const from = layout.nodes[j];
      const x1 = from.x + from.width;
      const y1 = from.y + from.height / 2;
      const x2 = to.x;
      const y2 = to.y + to.height / 2;
      const c = Math.max(30, Math.abs(x2 - x1) / 2);
      edges.push(`M${x1},${y1}C${x1 + c},${y1} ${x2 - c},${y2} ${x2},${y2}`);
    }
  });
  const nodes = projects.map((p, i) => {
    const n = layout.nodes[i];
    const status = projectStatus(p);
    const classes = ['node', p.affected ? 'affected' : ''].filter(Boolean).join(' ');
    const label = truncate(p.name, Math.floor((n.width - 24) / 7.2));
    return `<g class="${classes}" data-project="${escapeXml(p.name)}" data-index="${i}" transform="translate(${n.x},${n.y})" style="--lang:${colorOf.get(p.language)}">`
      + `<title>${escapeXml(`${p.name} (${p.language}) ${p.path}`)}</title>`
      + `<rect class="box" width="${n.width}" height="${n.height}" rx="5"/><rect class="bar" width="4" height="${n.height}" rx="2"/>`
      + (status ? `<circle class="status status-${status}" cx="${n.width - 8}" cy="8" r="4"/>` : '')
      + `<text x="11" y="${n.height / 2 + 4}">${escapeXml(label)}</text></g>`;
  });
  const marker = (id: string, color: string) =>
    `<marker id="arrow-${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${color}"/></marker>`;
  return `<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" data-width="${layout.width}" data-height="${layout.height}" role="img" aria-label="project graph">`
    + `<defs>${marker('hl-dep', '#2f6fde')}${marker('hl-dependent', '#d9480f')}</defs>`
    + `<path class="edges" d="${edges.join('')}"/><g id="highlight"></g><g id="nodes">${nodes.join('\n')}</g></svg>`;
}

/** One dot per project summarising its tasks' last runs: any failed, all cached, ran, or only known. */
export function projectStatus(p: Project): 'failed' | 'cached' | 'ran' | 'known' | undefined {
  const runs = Object.values(p.lastRun ?? {});
  if (!runs.length) return undefined;
  if (runs.some((r) => r.status === 'failed')) return 'failed';
  if (runs.every((r) => r.status === 'cached')) return 'cached';
  if (runs.some((r) => r.status)) return 'ran';
  return 'known';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a `<script>` element: no `</script>`, no `<!--`. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
