// The web platform: the early first request, deep links and history, the
// automation API and its events, HiDPI and resizing, remembered preferences
// and the link's settings, the theme following the system.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { canvasInk, clickControl, launchBrowser, launchIsolatedBrowser, openWidget, startDevServer, waitForState, watchCrashes } from './harness.mjs';

let server;
let browser;
const frozen = ['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '400'];

before(async () => {
  server = await startDevServer(frozen);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const apiParams = (extra) => ({ Action: 'DescribeBatchTasks', Version: '2017-08-01', PageSize: '30', PageNumber: '1', ...extra });
const ids = (rows) => rows.map((r) => r.BatchId);

test('the first page is requested once, by the page, before the wasm runs', async () => {
  await server.faults('', true);
  const page = await browser.newPage();
  const crashes = watchCrashes(page);
  const requests = [];
  page.on('request', (request) => { if (request.method() === 'POST') requests.push(request); });
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  const state = await waitForState(page, (s) => s.rows.length > 0);
  // The totals' counts follow the first page, one status each; the rows were
  // asked for once: the widget adopted the early request instead of sending its own.
  const counts = requests.filter((r) => /(^|&)Status=/.test(r.postData()));
  for (const r of counts) assert.match(r.postData(), /Status=%5B%22[A-Z]+%22%5D/);
  requests.splice(0, requests.length, ...requests.filter((r) => !counts.includes(r)));
  // The model's first request for the default view, to its default endpoint
  // (src/shell gives both to the page), sent before the wasm ran.
  assert.equal(requests.length, 1);
  assert.equal(requests[0].url(), new URL('api', server.url).href);
  assert.equal(requests[0].postData(), new URLSearchParams(Object.entries(apiParams()).sort()).toString());
  const [asked, started] = await page.evaluate(() => [
    performance.getEntriesByType('resource').find((e) => e.initiatorType === 'fetch' && e.name.endsWith('/api')).startTime,
    performance.getEntriesByName('batch-tasks:started')[0].startTime,
  ]);
  assert.ok(asked < started, 'asked for before the wasm ran');
  const expected = await server.api(apiParams());
  assert.deepEqual(ids(state.rows), ids(expected.json.TaskList));
  assert.deepEqual(crashes, []);
  await page.close();
});

test('a deep link reproduces the view, and back and forward move between views', async () => {
  const filter = { Status: '["COMPLETED","RUNNING"]', PageSize: '50' };
  const page2 = await server.api(apiParams({ ...filter, PageNumber: '2' }));
  assert.ok(page2.json.TotalCount > 100, 'the data set has at least three pages for this filter');
  const { page, crashes } = await openWidget(browser, `${server.url}#status=COMPLETED,RUNNING&page=2&size=50`);
  let state = await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  assert.deepEqual(state.query.status, ['COMPLETED', 'RUNNING']);
  assert.equal(state.query.pageNumber, 2);
  assert.equal(state.query.pageSize, 50);
  assert.deepEqual(ids(state.rows), ids(page2.json.TaskList));

  await page.evaluate(() => window.BatchTasks.setQuery({ pageNumber: 3 }));
  state = await waitForState(page, (s) => s.rowsPageNumber === 3 && !s.loading);
  assert.match(page.url(), /#status=COMPLETED,RUNNING&page=3&size=50$/);

  await page.goBack();
  state = await waitForState(page, (s) => s.rowsPageNumber === 2 && !s.loading);
  assert.deepEqual(ids(state.rows), ids(page2.json.TaskList));
  await page.goForward();
  state = await waitForState(page, (s) => s.rowsPageNumber === 3 && !s.loading);
  assert.equal(state.query.pageNumber, 3);
  assert.deepEqual(crashes, []);
  await page.close();
});

test('a link with bad parts shows the rest and says what was ignored', async () => {
  const { page, crashes } = await openWidget(browser, `${server.url}?refresh=soon#status=BOGUS&page=2`);
  const state = await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  assert.equal(state.query.pageNumber, 2);
  assert.deepEqual(state.query.status, []);
  assert.equal(state.notices.length, 2);
  assert.ok(state.notices.some((n) => n.includes('BOGUS')));
  assert.ok(state.notices.some((n) => n.includes('refresh')));
  assert.deepEqual(crashes, []);
  await page.close();
});

test('the automation API drives the widget and reports its events', async () => {
  const { page, crashes } = await openWidget(browser, server.url);
  await waitForState(page, (s) => s.rows.length > 0);
  await page.evaluate(() => {
    window.seen = [];
    ['load', 'select', 'error'].forEach((name) => window.BatchTasks.on(name, (detail) => window.seen.push({ name, detail })));
  });
  await page.evaluate(() => window.BatchTasks.setQuery({ taskType: 'polarclaw_install_skills', status: ['COMPLETED'] }));
  const state = await waitForState(page, (s) => s.query.taskType === 'polarclaw_install_skills' && !s.loading && s.rows.length > 0);
  assert.ok(state.rows.every((r) => r.TaskType === 'polarclaw_install_skills' && r.Status === 'COMPLETED'));
  await page.evaluate((id) => window.BatchTasks.select(id), state.rows[0].BatchId);
  await page.waitForFunction(() => window.seen.some((e) => e.name === 'select'));
  const seen = await page.evaluate(() => window.seen);
  const load = seen.find((e) => e.name === 'load');
  assert.equal(load.detail.totalCount, state.totalCount);
  assert.deepEqual(seen.find((e) => e.name === 'select').detail, { batchId: state.rows[0].BatchId });
  assert.match(page.url(), new RegExp(`batch=${state.rows[0].BatchId}`));
  // Bad commands are refused with the reason, and change nothing.
  const refusal = await page.evaluate(() => {
    try { window.BatchTasks.setQuery({ pageSize: 40 }); return null; } catch (e) { return e.message; }
  });
  assert.match(refusal, /pageSize must be 30, 50 or 100/);
  assert.equal((await page.evaluate(() => window.BatchTasks.getState())).query.pageSize, 30);
  assert.deepEqual(crashes, []);
  await page.close();
});

test('on a HiDPI screen the canvas has device pixels, and follows its box when resized', async () => {
  const hidpi = await launchIsolatedBrowser();
  const context = await hidpi.newContext({ deviceScaleFactor: 2, viewport: { width: 900, height: 600 } });
  const page = await context.newPage();
  const crashes = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  await waitForState(page, (s) => s.rows.length > 0);
  const ratio = await page.evaluate(() => devicePixelRatio);
  assert.equal(ratio, 2);
  const size = () => page.evaluate(() => {
    const c = document.getElementById('batch-tasks-canvas');
    return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight };
  });
  let s = await size();
  assert.equal(s.width, Math.round(s.cssWidth * ratio));
  assert.equal(s.height, Math.round(s.cssHeight * ratio));
  await page.setViewportSize({ width: 700, height: 500 });
  await page.waitForFunction((r) => document.getElementById('batch-tasks-canvas').width === Math.round(700 * r), ratio);
  s = await size();
  assert.equal(s.height, Math.round(500 * ratio));
  const ink = await canvasInk(page);
  assert.ok(ink.inkShare > 0.03, `the resized canvas is drawn: ${JSON.stringify(ink)}`);
  assert.deepEqual(crashes, []);
  await hidpi.close();
});

test('idle, the widget draws nothing until something changes', async () => {
  const { page, crashes } = await openWidget(browser, server.url);
  await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  await page.waitForTimeout(1000);  // the frames that settle layout after the load
  const before = (await page.evaluate(() => window.BatchTasks.diagnostics())).framesDrawn;
  await page.waitForTimeout(3000);
  const idle = (await page.evaluate(() => window.BatchTasks.diagnostics())).framesDrawn - before;
  // At most the one frame that moves "updated … ago" on (it changes every 10 s).
  assert.ok(idle <= 1, `${idle} frames drawn while idle`);
  // Input wakes it at once.
  await page.mouse.move(400, 300);
  await page.waitForFunction((n) => window.BatchTasks.diagnostics().framesDrawn > n, before + idle);
  assert.deepEqual(crashes, []);
  await page.close();
});

test('preferences outlive a reload: the time zone from storage, auto-refresh from the link', async () => {
  const isolated = await launchIsolatedBrowser();
  const context = await isolated.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  await waitForState(page, (s) => s.rows.length > 0);
  await clickControl(page, 'Local time');
  await waitForState(page, (s) => s.timeZone === 'local');
  // A plain link (no fragment) in the same browser: the stored preference applies.
  await page.goto(`${server.url}?refresh=10`);
  await page.evaluate(() => window.BatchTasks.ready);
  const state = await waitForState(page, (s) => s.rows.length > 0);
  assert.equal(state.timeZone, 'local');
  assert.equal(state.autoRefresh.intervalMs, 10000);
  await isolated.close();
});

// The colour of the canvas's top-left pixel (the widget's background).
async function backgroundOf(page) {
  const png = await page.screenshot({ clip: { x: 2, y: 2, width: 1, height: 1 } });
  return page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const ctx = new OffscreenCanvas(1, 1).getContext('2d');
    ctx.drawImage(image, 0, 0);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return (r + g + b) / 3;
  }, png.toString('base64'));
}

// Polls the background until `wanted(value)` holds (or 10 s pass); returns the last value.
async function backgroundBecomes(page, wanted) {
  let value = await backgroundOf(page);
  for (let tries = 0; !wanted(value) && tries < 50; ++tries) {
    await page.waitForTimeout(200);
    value = await backgroundOf(page);
  }
  return value;
}

test('theme=auto follows the system colour scheme as it changes', async () => {
  const isolated = await launchIsolatedBrowser();
  const context = await isolated.newContext({ viewport: { width: 1000, height: 700 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${server.url}?theme=auto`);
  await page.evaluate(() => window.BatchTasks.ready);
  await waitForState(page, (s) => s.rows.length > 0);
  const light = await backgroundBecomes(page, (v) => v > 200);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await backgroundBecomes(page, (v) => v < 60);
  assert.ok(light > 200 && dark < 60, `light ${light}, then dark ${dark}`);
  await isolated.close();
});
