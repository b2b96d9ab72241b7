/**
 * The graph page's script, inlined by `renderGraphHtml`. The SVG nodes and edges are already in the
 * page (drawn in TS from the precomputed layout); this script only adds behaviour:
 *
 * - pan (drag) and zoom (wheel, around the pointer) by rewriting the SVG `viewBox` once per
 *   animation frame: no DOM is created while moving, so 1000 projects stay smooth; labels are
 *   hidden when zoomed far out (`.far`);
 * - search: nodes whose name contains the text are highlighted, the others faded, and the
 *   matches listed (Enter or a click on one selects it);
 * - a click on a project shows its tasks (last run: status, cache, time, hash), dependencies and
 *   dependents, and highlights them and their edges; `#name` in the URL selects on load;
 * - `--affected`: affected projects are marked, with a toggle to fade the rest.
 *
 * Plain ES2020 for the browser, written without backticks so it can live in a TS string.
 */
export const GRAPH_PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var doc = JSON.parse(document.getElementById('ant-graph-data').textContent);
  var boxes = JSON.parse(document.getElementById('ant-graph-layout').textContent);
  var svg = document.getElementById('graph');
  var highlight = document.getElementById('highlight');
  var panel = document.getElementById('details');
  var search = document.getElementById('search');
  var searchCount = document.getElementById('search-count');
  var results = document.getElementById('results');
  var NS = 'http://www.w3.org/2000/svg';
  var nodes = Array.prototype.slice.call(document.querySelectorAll('#nodes > g.node'));
  var index = new Map(doc.projects.map(function (p, i) { return [p.name, i]; }));
  var tasksById = new Map(doc.tasks.map(function (t) { return [t.id, t]; }));
  var W = Number(svg.getAttribute('data-width')), H = Number(svg.getAttribute('data-height'));
  var view = { x: 0, y: 0, w: W, h: H };
  var frame = 0;
  var selected = -1;

  // ---- pan and zoom -------------------------------------------------------------------------
  function size() { var r = svg.getBoundingClientRect(); return { w: Math.max(1, r.width), h: Math.max(1, r.height), left: r.left, top: r.top }; }
  function scale() { return size().w / view.w; }
  function apply() {
    frame = 0;
    svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
    svg.classList.toggle('far', scale() < 0.45);
  }
  function schedule() { if (!frame) frame = requestAnimationFrame(apply); }
  function fit() {
    var s = size(), m = 24;
    var k = Math.min(s.w / (W + 2 * m), s.h / (H + 2 * m), 1.5);
    view = { w: s.w / k, h: s.h / k, x: 0, y: 0 };
    view.x = W / 2 - view.w / 2;
    view.y = H / 2 - view.h / 2;
    apply();
  }
  function zoomAt(clientX, clientY, factor) {
    var s = size();
    var k = Math.min(8, Math.max(0.01, (s.w / view.w) / factor));
    var fx = (clientX - s.left) / s.w, fy = (clientY - s.top) / s.h;
    var px = view.x + fx * view.w, py = view.y + fy * view.h;
    view.w = s.w / k; view.h = s.h / k;
    view.x = px - fx * view.w; view.y = py - fy * view.h;
    schedule();
  }
  function centerOn(i) {
    var b = boxes[i], s = size();
    var k = Math.max(scale(), 1);
    view.w = s.w / k; view.h = s.h / k;
    view.x = b[0] + b[2] / 2 - view.w / 2; view.y = b[1] + b[3] / 2 - view.h / 2;
    schedule();
  }
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    zoomAt(e.clientX, e.clientY, Math.exp(dy * 0.0015));
  }, { passive: false });
  var drag = null;
  svg.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    var node = e.target.closest ? e.target.closest('g.node') : null;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false, node: node };
  });
  svg.addEventListener('pointermove', function (e) {
    if (!drag || e.pointerId !== drag.id) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 3) {
      drag.moved = true;
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('dragging');
    }
    if (drag.moved) {
      var k = scale();
      view.x = drag.vx - dx / k; view.y = drag.vy - dy / k;
      schedule();
    }
  });
  function endDrag(e) {
    if (!drag || e.pointerId !== drag.id) return;
    var d = drag;
    drag = null;
    svg.classList.remove('dragging');
    if (d.moved) return;
    if (d.node) select(Number(d.node.getAttribute('data-index')));
    else select(-1);
  }
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', function () { drag = null; svg.classList.remove('dragging'); });
  window.addEventListener('resize', function () { if (selected < 0) fit(); });
  document.getElementById('fit').addEventListener('click', fit);

  // ---- selection ----------------------------------------------------------------------------
  function edgePath(from, to) {
    // from: the dependency (left), to: the dependent (right), as in the static edges.
    var a = boxes[from], b = boxes[to];
    var x1 = a[0] + a[2], y1 = a[1] + a[3] / 2, x2 = b[0], y2 = b[1] + b[3] / 2;
    var c = Math.max(30, Math.abs(x2 - x1) / 2);
    return 'M' + x1 + ',' + y1 + 'C' + (x1 + c) + ',' + y1 + ' ' + (x2 - c) + ',' + y2 + ' ' + x2 + ',' + y2;
  }
  function addEdge(from, to, cls) {
    var p = document.createElementNS(NS, 'path');
    p.setAttribute('d', edgePath(from, to));
    p.setAttribute('class', cls);
    p.setAttribute('marker-end', 'url(#arrow-' + cls + ')');
    highlight.appendChild(p);
  }
  function clearMarks() {
    for (var i = 0; i < nodes.length; i++) nodes[i].classList.remove('selected', 'dep', 'dependent');
    highlight.textContent = '';
  }
  function select(i) {
    clearMarks();
    selected = i;
    svg.classList.toggle('focus', i >= 0);
    if (i < 0) { showEmpty(); if (location.hash) history.replaceState(null, '', location.pathname + location.search); return; }
    var p = doc.projects[i];
    nodes[i].classList.add('selected');
    p.dependencies.forEach(function (name) {
      var j = index.get(name); if (j === undefined) return;
      nodes[j].classList.add('dep'); addEdge(j, i, 'hl-dep');
    });
    p.dependents.forEach(function (name) {
      var j = index.get(name); if (j === undefined) return;
      nodes[j].classList.add('dependent'); addEdge(i, j, 'hl-dependent');
    });
    showProject(p);
    history.replaceState(null, '', '#' + encodeURIComponent(p.name));
  }

  // ---- details panel ------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); }
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function ms(v) {
    if (v === undefined || v === null) return '';
    if (v < 1000) return Math.round(v) + 'ms';
    if (v < 60000) return (v / 1000).toFixed(2) + 's';
    return Math.floor(v / 60000) + 'm' + Math.round((v % 60000) / 1000) + 's';
  }
  function projectList(id, names) {
    if (!names.length) return el('p', { id: id, 'class': 'empty', text: 'none' });
    return el('ul', { id: id }, names.map(function (name) {
      var a = el('a', { text: name, 'data-project': name });
      a.addEventListener('click', function () { var j = index.get(name); if (j !== undefined) { select(j); centerOn(j); } });
      return el('li', null, [a]);
    }));
  }
  function showEmpty() {
    panel.textContent = '';
    panel.appendChild(el('p', { 'class': 'empty', text: 'Click a project to see its tasks, dependencies and dependents. Drag to pan, wheel to zoom, / to search, f to fit.' }));
  }
  function showProject(p) {
    panel.textContent = '';
    var meta = el('div', { 'class': 'meta', text: p.language + ' · ' + p.path });
    if (p.affected) meta.appendChild(el('span', { 'class': 'badge', text: 'affected' }));
    panel.appendChild(el('h2', { id: 'details-name', text: p.name }));
    panel.appendChild(meta);
    panel.appendChild(el('h3', { text: 'Tasks (' + p.tasks.length + ')' }));
    var rows = p.tasks.map(function (task) {
      var last = (p.lastRun || {})[task];
      var def = tasksById.get(p.name + ':' + task);
      var status = last ? (last.status || 'ran') + (last.cache ? ' · ' + (last.cache === 'local' || last.cache === 'remote' ? last.cache + ' hit' : last.cache) : '') : 'never run';
      var cells = [
        el('td', null, [el('strong', { text: task })].concat(def && def.dependsOn.length ? [el('div', null, [el('code', { text: 'after ' + def.dependsOn.join(', ') })])] : [])
          .concat(def && def.command ? [el('div', null, [el('code', { text: def.command })])] : [])),
        el('td', { 'class': last ? 'st-' + (last.status || '') + ' cache-' + (last.cache || '') : 'empty', text: status }),
        el('td', { text: last ? ms(last.durationMs) + (last.savedMs ? ' (saved ' + ms(last.savedMs) + ')' : '') : '' }),
        el('td', null, [el('code', { text: last ? last.hash : '' })]),
      ];
      return el('tr', { 'data-task': task }, cells);
    });
    panel.appendChild(p.tasks.length
      ? el('table', { id: 'details-tasks' }, [el('thead', null, [el('tr', null, ['task', 'last run', 'time', 'hash'].map(function (h) { return el('th', { text: h }); }))]), el('tbody', null, rows)])
      : el('p', { id: 'details-tasks', 'class': 'empty', text: 'no tasks' }));
    panel.appendChild(el('h3', { text: 'Dependencies (' + p.dependencies.length + ')' }));
    panel.appendChild(projectList('details-deps', p.dependencies));
    panel.appendChild(el('h3', { text: 'Dependents (' + p.dependents.length + ')' }));
    panel.appendChild(projectList('details-dependents', p.dependents));
  }

  // ---- search -------------------------------------------------------------------------------
  var matches = [];
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    matches = [];
    results.textContent = '';
    svg.classList.toggle('searching', q.length > 0);
    for (var i = 0; i < nodes.length; i++) {
      var hit = q.length > 0 && doc.projects[i].name.toLowerCase().indexOf(q) >= 0;
      nodes[i].classList.toggle('match', hit);
      if (hit) matches.push(i);
    }
    searchCount.textContent = q ? matches.length + ' of ' + nodes.length : '';
    if (!q || document.activeElement !== search) return;
    matches.slice(0, 50).forEach(function (i) {
      var li = el('li', { text: doc.projects[i].name, 'data-project': doc.projects[i].name });
      li.addEventListener('mousedown', function (e) { e.preventDefault(); pick(i); });
      results.appendChild(li);
    });
    if (matches.length > 50) results.appendChild(el('li', { 'class': 'empty', text: '… ' + (matches.length - 50) + ' more' }));
  }
  function pick(i) { results.textContent = ''; select(i); centerOn(i); }
  search.addEventListener('input', runSearch);
  search.addEventListener('focus', runSearch);
  search.addEventListener('blur', function () { results.textContent = ''; });
  search.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && matches.length) pick(matches[0]);
    if (e.key === 'Escape') { search.value = ''; runSearch(); search.blur(); }
  });
  document.addEventListener('keydown', function (e) {
    if (e.target === search) return;
    if (e.key === '/') { e.preventDefault(); search.focus(); }
    else if (e.key === 'f') fit();
    else if (e.key === 'Escape') select(-1);
  });

  // ---- affected -----------------------------------------------------------------------------
  var onlyAffected = document.getElementById('only-affected');
  if (onlyAffected) onlyAffected.addEventListener('change', function () { svg.classList.toggle('only-affected', onlyAffected.checked); });

  fit();
  showEmpty();
  var initial = decodeURIComponent(location.hash.slice(1));
  if (initial && index.has(initial)) { select(index.get(initial)); centerOn(index.get(initial)); }
  document.body.setAttribute('data-ready', 'true');
})();
`;
