// Embedding: the example portal drives the widget across origins by
// postMessage; other origins are ignored; a sandboxed iframe without storage
// still works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startDevServer, watchCrashes } from './harness.mjs';

const frozen = ['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '300'];
let widgetServer;   // the widget and its API; "null" (sandboxed frames) may use it cross-origin
let portalServer;   // another origin: the portal
let foreignServer;  // a third origin, not on the allow-list
let browser;

before(async () => {
  widgetServer = await startDevServer([...frozen, '--cors-origin', 'null']);
  portalServer = await startDevServer(frozen);
  foreignServer = await startDevServer(frozen);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await Promise.all([widgetServer, portalServer, foreignServer].map((s) => s?.stop()));
});

const origin = (server) => new URL(server.url).origin;

// The widget's frame, once it shows rows.
async function widgetFrame(page) {
  let frame;
  for (let i = 0; i < 200 && !frame; ++i) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes('index.html'));
    if (!frame) await page.waitForTimeout(50);
  }
  assert.ok(frame, 'the widget frame exists');
  await frame.waitForFunction(() => window.BatchTasks && window.BatchTasks.getState() && window.BatchTasks.getState().rows.length > 0,
    null, { timeout: 15000 });
  return frame;
}

test('the example portal drives the widget in its iframe and hears its events', async () => {
  const page = await browser.newPage();
  const crashes = watchCrashes(page);
  await page.goto(`${portalServer.url}portal.html?widget=${encodeURIComponent(`${widgetServer.url}index.html`)}`);
  const frame = await widgetFrame(page);
  await page.waitForFunction(() => window.portal.events.some((e) => e.event === 'load'));

  await page.selectOption('select[name=taskType]', 'polarclaw_uninstall_skills');
  await page.check('input[value=FAILED]');
  await page.click('button[type=submit]');
  await frame.waitForFunction(() => {
    const s = window.BatchTasks.getState();
    return s.query.taskType === 'polarclaw_uninstall_skills' && !s.loading && s.rowsPageNumber === 1 &&
      s.rows.every((r) => r.TaskType === 'polarclaw_uninstall_skills' && r.Status === 'FAILED');
  });
  const state = await frame.evaluate(() => window.BatchTasks.getState());
  assert.deepEqual(state.query.status, ['FAILED']);
  await page.waitForFunction((total) => window.portal.events.some((e) => e.event === 'load' && e.detail.totalCount === total),
    state.totalCount);
  assert.equal(state.commands.ignored, 0);
  // The summary event reaches the portal too, which badges itself from it.
  const totals = await frame.waitForFunction(() => window.BatchTasks.getState().totals).then((h) => h.jsonValue());
  await page.waitForFunction((failed) => window.portal.events.some((e) => e.event === 'summary' &&
    e.detail.failed === failed && Array.isArray(e.detail.newlyFailed) && Array.isArray(e.detail.stalled)),
  totals.FAILED);
  assert.match(await page.locator('#badge').textContent(), new RegExp(`${totals.RUNNING} running · ${totals.FAILED} failed`));
  assert.deepEqual(crashes, []);
  await page.close();
});

test('messages from an origin not on the allow-list are ignored and counted, and get no events', async () => {
  const page = await browser.newPage();
  const crashes = watchCrashes(page);
  // A page on the foreign origin frames a widget that trusts only the portal.
  await page.goto(`${foreignServer.url}portal.css`);
  const src = `${widgetServer.url}index.html?origins=${encodeURIComponent(origin(portalServer))}&parent=${encodeURIComponent(origin(portalServer))}`;
  await page.setContent(`<iframe src="${src}" style="width:900px;height:500px"></iframe>`);
  const frame = await widgetFrame(page);
  await page.evaluate(() => {
    window.heard = [];
    window.addEventListener('message', (e) => window.heard.push(e.data));
  });
  const before = await frame.evaluate(() => window.BatchTasks.getState());
  await page.evaluate((target) => {
    const w = document.querySelector('iframe').contentWindow;
    w.postMessage({ source: 'batch-tasks', version: 1, type: 'setQuery', query: { taskType: 'evil' } }, target);
    w.postMessage({ source: 'batch-tasks', version: 1, type: 'refresh' }, '*');
  }, origin(widgetServer));
  await frame.waitForFunction(() => window.BatchTasks.getState().commands.ignored >= 2);
  const after = await frame.evaluate(() => window.BatchTasks.getState());
  assert.equal(after.query.taskType, before.query.taskType);
  assert.match(after.commands.lastIgnored, /is not allowed/);
  // Its own refresh via the page API still works, and its events go only to the portal's origin.
  await frame.evaluate(() => window.BatchTasks.refresh());
  await frame.waitForFunction((t) => window.BatchTasks.getState().lastUpdated > t, before.lastUpdated);
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.heard), []);
  assert.deepEqual(crashes, []);
  await page.close();
});

test('oversized and malformed messages from an allowed origin are ignored and counted', async () => {
  const page = await browser.newPage();
  const crashes = watchCrashes(page);
  await page.goto(`${portalServer.url}portal.html?widget=${encodeURIComponent(`${widgetServer.url}index.html`)}`);
  const frame = await widgetFrame(page);
  await page.evaluate(() => {
    window.portal.send({ type: 'setQuery', query: { taskType: 'x'.repeat(20000) } });
    window.portal.send({ type: 'launchMissiles' });
    window.portal.send({ type: 'setQuery', query: { pageSize: 7 } });
    document.getElementById('widget').contentWindow.postMessage('not json', '*');
  });
  await frame.waitForFunction(() => window.BatchTasks.getState().commands.ignored >= 4);
  const state = await frame.evaluate(() => window.BatchTasks.getState());
  assert.equal(state.query.taskType, '');
  assert.equal(state.query.pageSize, 30);
  assert.deepEqual(crashes, []);
  await page.close();
});

test('in a sandboxed iframe without storage the widget still works', async () => {
  const page = await browser.newPage();
  const crashes = watchCrashes(page);
  await page.goto(`${portalServer.url}portal.css`);
  await page.setContent(`<iframe sandbox="allow-scripts" src="${widgetServer.url}index.html" style="width:900px;height:500px"></iframe>`);
  const frame = await widgetFrame(page);
  const storage = await frame.evaluate(() => { try { window.localStorage.getItem('x'); return 'available'; } catch (e) { return e.name; } });
  assert.equal(storage, 'SecurityError', 'the test really runs without storage');
  const state = await frame.evaluate(() => window.BatchTasks.getState());
  assert.ok(state.rows.length > 0);
  assert.equal(state.error, null);
  await frame.evaluate(() => window.BatchTasks.setQuery({ status: ['RUNNING'] }));
  await frame.waitForFunction(() => { const s = window.BatchTasks.getState(); return !s.loading && s.rows.every((r) => r.Status === 'RUNNING'); });
  assert.deepEqual(crashes, []);
  await page.close();
});
