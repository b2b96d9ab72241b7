/**
 * `ant graph --format html`: the page opened in Debian's headless Chromium (playwright-core drives
 * it over a file:// URL): every project drawn, a click shows tasks with their last run, dependencies
 * and dependents, search filters, pan/zoom moves the view, nothing is fetched, and a screenshot is
 * saved. Also a 1000-project page, and the JSON document's last-run cache status.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { renderGraphHtml } from '../../src/report/html-graph.js';
import type { GraphDocument } from '../../src/cli/graph-action.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SKIP = hasChromium ? '' : ` (SKIPPED: ${CHROMIUM} is not installed; run: apt-get install -y chromium)`;
if (!hasChromium) console.warn(`observe-graph: ${CHROMIUM} is not installed, so the page tests are skipped; install it with apt-get install -y chromium`);

function project(name: string, deps: string[], tasks: Record<string, unknown> = {}) {
  return {
    language: name.startsWith('svc') ? 'go' : 'sh',
    path: name,
    dependsOn: deps,
    tasks: { build: { command: `mkdir -p dist && cat src.txt > dist/out.txt && echo built ${name}`, dependsOn: ['^build'], outputs: ['dist/**'] }, ...tasks },
  };
}

/** Six projects: app → svc-api, svc-web; svc-api → lib-core, lib-util; svc-web → lib-util → lib-core; tool-cli alone. */
function workspace(): TempRepo {
  const services = {
    'lib-core': project('lib-core', []),
    'lib-util': project('lib-util', ['lib-core']),
    'svc-api': project('svc-api', ['lib-core', 'lib-util'], { test: { command: 'echo ok', dependsOn: ['build'] } }),
    'svc-web': project('svc-web', ['lib-util']),
    'tool-cli': project('tool-cli', []),
    app: project('app', ['svc-api', 'svc-web']),
  };
  const files = Object.fromEntries(Object.keys(services).map((n) => [`${n}/src.txt`, `${n}\n`]));
  return tempRepo({ '.gitignore': '.ant/\ndist/\n', 'ant.config.json': { services }, ...files });
}

/** Saves a screenshot beside the test's files, and to ANT_SCREENSHOT_DIR when set (to look at it). */
async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  await page.screenshot({ path: file });
  if (process.env.ANT_SCREENSHOT_DIR) {
    mkdirSync(process.env.ANT_SCREENSHOT_DIR, { recursive: true });
    copyFileSync(file, path.join(process.env.ANT_SCREENSHOT_DIR, name));
  }
  return file;
}

function expectPng(file: string, minBytes: number) {
  expect(existsSync(file)).toBe(true);
  expect(statSync(file).size).toBeGreaterThan(minBytes);
  expect(readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** Opens a page and records every request it makes and every script error. */
async function open(browser: Browser, file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, requests, errors };
}

const viewBox = (page: Page) => page.locator('#graph').getAttribute('viewBox').then((v) => v!.split(' ').map(Number));

describe('ant graph --format json', () => {
  it('gives each task its last run: hash, time, and the cache status from the newest run summary', async () => {
    const repo = workspace();
    expect((await repo.ant(['run', 'build', '--summarize'])).code).toBe(0);
    expect((await repo.ant(['run', 'build', '--summarize'])).code).toBe(0);
    const r = await repo.ant(['graph', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as GraphDocument;
    const core = doc.projects.find((p) => p.name === 'lib-core')!;
    expect(core.lastRun!.build).toMatchObject({ cache: 'local', status: 'cached', hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(core.lastRun!.build.savedMs).toBeGreaterThan(0);
    expect(core.dependents.sort()).toEqual(['lib-util', 'svc-api']);
    expect(doc.projects.find((p) => p.name === 'svc-api')!.lastRun!.test).toBeUndefined();
  });
});

describe.skipIf(!hasChromium)(`ant graph --format html in headless Chromium${SKIP}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every project; a click shows tasks, dependencies and dependents; search filters; affected marked', async () => {
    const repo = workspace();
    expect((await repo.ant(['run', 'build', '--summarize'])).code).toBe(0);
    expect((await repo.ant(['run', 'build', '--summarize'])).code).toBe(0);
    repo.write({ 'lib-util/src.txt': 'changed\n' }); // uncommitted: affects lib-util and its dependents
    const out = path.join(repo.root, 'graph.html');
    const r = await repo.ant(['graph', '--format', 'html', '--out', out, '--affected', '--base', 'main']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);

    const { page, requests, errors } = await open(browser, out);
    expect(await page.locator('#nodes > g.node').count()).toBe(6);
    expect(await page.locator('#stats').textContent()).toBe('6 projects · 6 dependencies · 7 tasks · 4 layers');
    const affected = await page.locator('g.node.affected').evaluateAll((els) => els.map((e) => e.getAttribute('data-project')).sort());
    expect(affected).toEqual(['app', 'lib-util', 'svc-api', 'svc-web']);
    // Dependencies left of dependents.
    const xOf = async (name: string) => (await page.locator(`g.node[data-project="${name}"]`).boundingBox())!.x;
    expect(await xOf('lib-core')).toBeLessThan(await xOf('lib-util'));
    expect(await xOf('lib-util')).toBeLessThan(await xOf('svc-api'));
    expect(await xOf('svc-api')).toBeLessThan(await xOf('app'));

    await page.locator('g.node[data-project="svc-api"]').click();
    await expect.poll(() => page.locator('#details-name').textContent()).toBe('svc-api');
    const taskRows = await page.locator('#details-tasks tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-task'), r.children[1].textContent]));
    expect(taskRows).toEqual([['build', 'cached · local hit'], ['test', 'never run']]);
    expect(await page.locator('#details-tasks tbody tr[data-task="build"]').textContent()).toContain('after lib-core:build, lib-util:build');
    expect(await page.locator('#details-deps a').allTextContents()).toEqual(['lib-core', 'lib-util']);
    expect(await page.locator('#details-dependents a').allTextContents()).toEqual(['app']);
    expect(await page.locator('#details .badge').textContent()).toBe('affected');
    expect(await page.locator('g.node.dep').count()).toBe(2);
    expect(await page.locator('#highlight path').count()).toBe(3);
    await screenshot(page, repo.root, 'graph-selected.png');

    // Following a dependency link selects it.
    await page.locator('#details-deps a', { hasText: 'lib-util' }).click();
    expect(await page.locator('#details-name').textContent()).toBe('lib-util');
    expect(await page.locator('#details-dependents a').allTextContents()).toEqual(['svc-api', 'svc-web']);

    // Search: matches highlighted, the rest faded, matches listed.
    await page.locator('#search').fill('svc');
    expect(await page.locator('g.node.match').evaluateAll((els) => els.map((e) => e.getAttribute('data-project')))).toEqual(expect.arrayContaining(['svc-api', 'svc-web']));
    expect(await page.locator('g.node.match').count()).toBe(2);
    expect(await page.locator('#search-count').textContent()).toBe('2 of 6');
    expect(await page.locator('#results li').allTextContents()).toEqual(['svc-api', 'svc-web']);
    const opacity = (name: string) => page.locator(`g.node[data-project="${name}"]`).evaluate((e) => getComputedStyle(e).fillOpacity);
    expect(Number(await opacity('lib-core'))).toBeLessThan(0.5);
    expect(await opacity('svc-web')).toBe('1');
    await page.locator('#search').press('Enter');
    expect(await page.locator('#details-name').textContent()).toBe('svc-api');
    const searched = await screenshot(page, repo.root, 'graph-search.png');
    await page.locator('#search').fill('');
    expect(await page.locator('g.node.match').count()).toBe(0);

    // Pan by dragging the background, zoom with the wheel around the pointer.
    const [x0, y0, w0] = await viewBox(page);
    await page.mouse.move(200, 700);
    await page.mouse.down();
    await page.mouse.move(300, 650, { steps: 5 });
    await page.mouse.up();
    const [x1, y1, w1] = await viewBox(page);
    expect(w1).toBeCloseTo(w0);
    expect(x1).toBeLessThan(x0);
    expect(y1).toBeGreaterThan(y0);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await viewBox(page))[2]).toBeLessThan(w1 * 0.7);

    // Only affected fades the rest.
    await page.locator('#only-affected').check();
    expect(Number(await opacity('tool-cli'))).toBeLessThan(0.5);
    expect(await opacity('app')).toBe('1');

    const shot = await screenshot(page, repo.root, 'graph.png');
    expectPng(shot, 15_000);
    expectPng(searched, 15_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(out).href]);
  });

  it('stays usable at 1000 projects: all drawn, labels off when zoomed out, search and click work', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ant-graph-1000-'));
    if (!process.env.ANT_KEEP_TEST_REPOS) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const doc = bigGraph(1000);
    const started = performance.now();
    const html = renderGraphHtml(doc);
    const renderMs = performance.now() - started;
    const file = path.join(dir, 'graph.html');
    writeFileSync(file, html);

    const t0 = Date.now();
    const { page, requests, errors } = await open(browser, file);
    const loadMs = Date.now() - t0;
    expect(await page.locator('#nodes > g.node').count()).toBe(1000);
    // Six elements per project (group, tooltip, box, colour bar, status dot, label), one path for all edges.
    expect(await page.locator('svg *').count()).toBeLessThanOrEqual(1000 * 6 + 10);
    expect(await page.locator('#graph').getAttribute('class')).toContain('far');

    await page.locator('#search').fill('pkg-07');
    expect(await page.locator('g.node.match').count()).toBe(100);
    expect(await page.locator('#results li').count()).toBe(51); // 50 and a "… 50 more" line
    await page.locator('#results li', { hasText: 'pkg-0712' }).click();
    expect(await page.locator('#details-name').textContent()).toBe('pkg-0712');
    expect(await page.locator('#graph').getAttribute('class')).not.toContain('far'); // zoomed in on it

    // Twenty wheel steps and a drag: the view changes without new DOM.
    const before = await page.locator('svg *').count();
    const t1 = Date.now();
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? 120 : -120);
    await page.mouse.move(400, 400);
    await page.mouse.down();
    await page.mouse.move(600, 500, { steps: 10 });
    await page.mouse.up();
    const interactMs = Date.now() - t1;
    expect(await page.locator('svg *').count()).toBe(before);
    // Paint cost of one pan frame, measured in the page, zoomed out (labels off) and in.
    const frameMs = await page.evaluate(async () => {
      const svg = document.getElementById('graph')!;
      const raf = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const out: Record<string, number> = {};
      const current = svg.getAttribute('viewBox')!;
      for (const far of [true, false]) {
        if (!far) svg.setAttribute('viewBox', current);
        // Zoomed out: the whole graph in view; zoomed in: the current view (about 1:1).
        const vb = far ? [0, 0, Number(svg.getAttribute('data-width')), Number(svg.getAttribute('data-height'))] : svg.getAttribute('viewBox')!.split(' ').map(Number);
        svg.classList.toggle('far', far);
        await raf();
        const t = performance.now();
        for (let i = 0; i < 20; i++) {
          vb[0] += 5;
          svg.setAttribute('viewBox', vb.join(' '));
          await raf();
        }
        out[far ? 'far' : 'near'] = Math.round((performance.now() - t) / 20);
      }
      return out;
    });
    const shot = await screenshot(page, dir, 'graph-1000.png');
    expectPng(shot, 20_000);
    expect(errors).toEqual([]);
    expect(requests).toHaveLength(1);
    console.log(`1000 projects: render ${renderMs.toFixed(0)} ms, ${(html.length / 1024).toFixed(0)} KiB, page ready in ${loadMs} ms, 20 wheel steps + drag in ${interactMs} ms, pan frame ${frameMs.far} ms zoomed out / ${frameMs.near} ms zoomed in`);
    expect(frameMs.far).toBeLessThan(1000);
    expect(loadMs).toBeLessThan(15_000);
  });
});

/** A deterministic 1000-project graph: 20 roots, then up to three dependencies on earlier projects. */
function bigGraph(size: number): GraphDocument {
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const name = (i: number) => `pkg-${String(i).padStart(4, '0')}`;
  const projects: GraphDocument['projects'] = [];
  for (let i = 0; i < size; i++) {
    const deps = new Set<string>();
    const k = i < 20 ? 0 : 1 + Math.floor(rnd() * 3);
    for (let j = 0; j < k; j++) deps.add(name(Math.floor(rnd() * i)));
    projects.push({
      name: name(i), language: ['go', 'python', 'javascript', 'rust'][i % 4], path: `libs/${name(i)}`, dependencies: [...deps], dependents: [],
      tasks: ['build', 'test'], affected: i % 13 === 0,
      lastRun: { build: { hash: '0123456789abcdef', durationMs: 1000 + i, cache: i % 3 ? 'local' : 'miss', status: i % 3 ? 'cached' : 'success' } },
    });
  }
  const byName = new Map(projects.map((p) => [p.name, p]));
  for (const p of projects) for (const d of p.dependencies) byName.get(d)!.dependents.push(p.name);
  return { version: 1, projects, tasks: [] };
}
