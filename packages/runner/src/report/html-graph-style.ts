/**
 * The graph page's stylesheet, inlined by `renderGraphHtml` (the page fetches nothing).
 * Classes the page script toggles: `.searching` / `.match` (search), `.focus` / `.selected` /
 * `.dep` / `.dependent` (a clicked project), `.only-affected`, and `.far` (zoomed out: labels,
 * status dots and colour bars off, fast shape rendering — about half the paint cost per frame at
 * 1000 projects in software rendering). Fading uses fill-/stroke-opacity, not `opacity`, which would
 * make every faded group an offscreen layer.
 */
export const GRAPH_PAGE_CSS = String.raw`
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f6f7fb}
body{display:grid;grid-template-rows:auto 1fr;grid-template-columns:1fr 360px;height:100vh;overflow:hidden}
header{grid-column:1/3;display:flex;gap:12px;align-items:center;padding:8px 12px;background:#fff;border-bottom:1px solid #dde1ea;flex-wrap:wrap}
header h1{font-size:15px;margin:0 8px 0 0}
header .stats{color:#5b6375}
.search-box{position:relative}
#search{width:260px;padding:5px 8px;border:1px solid #c3c9d6;border-radius:6px;font:inherit}
#search-count{color:#5b6375;margin-left:6px;min-width:70px;display:inline-block}
#results{position:absolute;top:100%;left:0;z-index:5;margin:2px 0 0;padding:0;list-style:none;background:#fff;border:1px solid #c3c9d6;border-radius:6px;max-height:50vh;overflow:auto;width:260px;box-shadow:0 4px 14px rgba(0,0,0,.12)}
#results:empty{display:none}
#results li{padding:4px 8px;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#results li:hover{background:#eef2ff}
button{font:inherit;padding:4px 10px;border:1px solid #c3c9d6;border-radius:6px;background:#fff;cursor:pointer}
button:hover{background:#eef2ff}
label.toggle{display:flex;gap:4px;align-items:center;color:#5b6375}
.legend{display:flex;gap:10px;flex-wrap:wrap;color:#5b6375;margin-left:auto}
.legend i{display:inline-block;width:10px;height:10px;border-radius:3px;margin-right:4px;vertical-align:-1px}
#graph{width:100%;height:100%;display:block;cursor:grab;touch-action:none;user-select:none;background:#f6f7fb}
#graph.dragging{cursor:grabbing}
.edges{fill:none;stroke:#9aa3b5;stroke-width:1;opacity:.55}
.hl-dep,.hl-dependent{fill:none;stroke-width:2.2}
.hl-dep{stroke:#2f6fde}
.hl-dependent{stroke:#d9480f}
.node{cursor:pointer}
.node rect{fill:#fff;stroke:var(--lang,#7c8598);stroke-width:1.5}
.node .bar{fill:var(--lang,#7c8598);stroke:none}
.node text{font-size:12px;fill:#1d2330;pointer-events:none}
.node:hover rect.box{stroke-width:3}
.node.affected rect.box{fill:#fff1e0;stroke:#e8590c;stroke-width:2.5}
.status{stroke:#fff;stroke-width:1}
.status-failed{fill:#e03131}.status-cached{fill:#2f9e44}.status-ran{fill:#1c7ed6}.status-known{fill:#adb5bd}
#graph.far .node text,#graph.far .node .status,#graph.far .node .bar{display:none}
#graph.far .node rect,#graph.far .edges,#graph.dragging .node rect,#graph.dragging .edges{shape-rendering:optimizeSpeed}
#graph.searching .node:not(.match){fill-opacity:.12;stroke-opacity:.12}
#graph.searching .node.match rect.box{stroke:#f59f00;stroke-width:3}
#graph.only-affected .node:not(.affected){fill-opacity:.12;stroke-opacity:.12}
#graph.focus .edges{opacity:.15}
#graph.focus .node:not(.selected):not(.dep):not(.dependent){fill-opacity:.25;stroke-opacity:.25}
.node.selected rect.box{stroke:#1d2330;stroke-width:3}
.node.dep rect.box{stroke:#2f6fde;stroke-width:2.5}
.node.dependent rect.box{stroke:#d9480f;stroke-width:2.5}
aside{overflow:auto;background:#fff;border-left:1px solid #dde1ea;padding:12px 14px}
aside h2{font-size:16px;margin:0 0 4px;word-break:break-all}
aside h3{font-size:13px;margin:14px 0 4px;color:#5b6375;text-transform:uppercase;letter-spacing:.04em}
aside .meta{color:#5b6375}
aside .badge{display:inline-block;padding:0 6px;border-radius:8px;background:#fff1e0;color:#c2410c;font-size:11px;margin-left:4px}
aside table{border-collapse:collapse;width:100%}
aside td,aside th{text-align:left;padding:3px 4px;border-bottom:1px solid #eef0f4;vertical-align:top}
aside th{font-weight:600;color:#5b6375;font-size:11px}
aside code{font:11px ui-monospace,SFMono-Regular,Menlo,monospace;color:#495067;word-break:break-all}
aside ul{margin:0;padding:0;list-style:none}
aside li a{color:#1c5fd1;cursor:pointer;text-decoration:none}
aside li a:hover{text-decoration:underline}
aside .empty{color:#8a92a3}
.cache-local,.cache-remote{color:#2f9e44}.cache-miss{color:#1c7ed6}.st-failed{color:#e03131;font-weight:600}
`;
