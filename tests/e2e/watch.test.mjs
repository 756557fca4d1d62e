// Watching without staring, against the live mock (batches move, and the test
// fails or stalls some on demand): true totals, a failure while the person is
// away (title, icon, notification, the summary event), a stalled batch marked
// after the stall time and not before, and "since you last looked".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickControl, launchIsolatedBrowser, openWidgetInNewContext, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  // Enough young batches that page 1 has several still running.
  server = await startDevServer(['--batches', '3000']);
  browser = await launchIsolatedBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const STATUSES = ['COMPLETED', 'DISPATCHING', 'FAILED', 'RUNNING'];

// What the mock itself counts for a status (its TotalCount), asked directly.
async function mockCount(status, extra = {}) {
  const body = new URLSearchParams({ Action: 'DescribeBatchTasks', PageNumber: '1', PageSize: '30',
    Status: JSON.stringify([status]), ...extra });
  const response = await fetch(new URL('api', server.url), {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  return (await response.json()).TotalCount;
}

// Notifications, recorded instead of shown; permission as the test grants it.
async function recordNotifications(page) {
  await page.addInitScript(() => {
    window.__notifications = [];
    window.Notification = class {
      static permission = 'default';
      static requestPermission() { window.Notification.permission = 'granted'; return Promise.resolve('granted'); }
      constructor(title, options) { window.__notifications.push({ title, body: options.body, tag: options.tag }); }
      close() {}
    };
    window.__summaries = [];
  });
}

// The person looks away (another window) or back; or the tab is hidden.
async function setFocus(page, focused) {
  await page.evaluate((value) => {
    document.hasFocus = () => value;
    window.dispatchEvent(new Event(value ? 'focus' : 'blur'));
  }, focused);
}
async function setHidden(page, hidden) {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('totals are the mock\'s counts for the filters, whatever the page', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, `${server.url}?refresh=off`);
  let state = await waitForState(page, (s) => s.totals !== null);
  // The mock moves on (live): compare with counts taken around the widget's.
  for (const status of STATUSES) {
    const count = await mockCount(status);
    assert.ok(Math.abs(state.totals[status] - count) <= 2, `${status}: widget ${state.totals[status]}, mock ${count}`);
  }
  // A filter on type: counted again, for that type only.
  await page.evaluate(() => window.BatchTasks.setQuery({ taskType: 'polarclaw_uninstall_skills' }));
  state = await waitForState(page, (s) => s.query.taskType === 'polarclaw_uninstall_skills' && s.totals !== null);
  const failed = await mockCount('FAILED', { TaskType: 'polarclaw_uninstall_skills' });
  assert.ok(Math.abs(state.totals.FAILED - failed) <= 1, `FAILED: widget ${state.totals.FAILED}, mock ${failed}`);
  assert.ok(state.totals.FAILED < (await mockCount('FAILED')), 'fewer than across every type');
  assert.deepEqual(crashes, []);
  await context.close();
});

test('a batch that fails while the person looks away: title, icon, notification and the summary event', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, `${server.url}?refresh=5`, {
    prepare: recordNotifications,
  });
  await page.evaluate(() => window.BatchTasks.on('summary', (s) => window.__summaries.push(s)));
  // The person opts in: the bell asks the browser (granted by the test).
  await clickControl(page, 'Notify me when a batch fails');
  await waitForState(page, (s) => s.notify.failures && s.notify.permission === 'granted');
  let state = await waitForState(page, (s) => s.totals !== null &&
    s.rows.some((r) => r.Status === 'RUNNING' || r.Status === 'DISPATCHING'));
  const victim = state.rows.find((r) => r.Status === 'RUNNING' || r.Status === 'DISPATCHING');
  assert.equal(await page.title(), 'Batch tasks');

  await setFocus(page, false);
  await server.control({ fail: [victim.BatchId] });
  state = await waitForState(page, (s, id) => s.rows.some((r) => r.BatchId === id && r.Status === 'FAILED'),
    victim.BatchId);
  // The refresh that showed it lists the change (the next one comes 5 s later).
  assert.ok(state.changes.some((c) => c.BatchId === victim.BatchId && c.fields.includes('Status')),
    JSON.stringify(state.changes));
  state = await waitForState(page, (s) => s.unseenFailed >= 1);
  assert.match(await page.title(), new RegExp(`^\\(${state.unseenFailed} failed\\) Batch tasks$`));
  assert.match(await page.locator('#batch-tasks-icon').getAttribute('href'), /icon-failed/);
  const notes = await page.evaluate(() => window.__notifications);
  assert.ok(notes.some((n) => n.title === `Batch failed: ${victim.TaskName}` && n.body === victim.BatchId),
    JSON.stringify(notes));
  const summaries = await page.evaluate(() => window.__summaries);
  const told = summaries.find((s) => s.newlyFailed.includes(victim.BatchId));
  assert.ok(told, JSON.stringify(summaries));
  assert.equal(typeof told.running, 'number');
  assert.equal(typeof told.failed, 'number');
  assert.ok(Array.isArray(told.stalled));

  // The person looks again: title and icon are plain.
  await setFocus(page, true);
  await waitForState(page, (s) => s.unseenFailed === 0);
  assert.equal(await page.title(), 'Batch tasks');
  assert.doesNotMatch(await page.locator('#batch-tasks-icon').getAttribute('href'), /icon-failed/);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('a batch with no progress is marked stalled after the stall time, and not before', async () => {
  // Nothing the widget saw can have stood still longer than it has been open.
  const opened = Date.now();
  const { page, context, crashes } = await openWidgetInNewContext(browser, `${server.url}?refresh=5&stalled=30`);
  const active = (r) => r.Status === 'RUNNING' || r.Status === 'DISPATCHING';
  let state = await waitForState(page, (s) => s.rows.some((r) => r.Status === 'RUNNING' || r.Status === 'DISPATCHING'));
  assert.equal(state.stallSeconds, 30);
  const stuck = state.rows.find(active);
  await server.control({ stall: [stuck.BatchId] });
  // Refreshes go on; for the first 28 s the widget is open nothing is marked.
  while (Date.now() - opened < 28_000) {
    state = await page.evaluate(() => window.BatchTasks.getState());
    assert.deepEqual(state.stalled, [], `marked after ${Date.now() - opened} ms open`);
    await page.waitForTimeout(1000);
  }
  await page.waitForFunction((id) => window.BatchTasks.getState().stalled.includes(id), stuck.BatchId,
    { timeout: 60_000 });
  state = await page.evaluate(() => window.BatchTasks.getState());
  assert.ok(Date.now() - opened >= 30_000);
  // Filtered to: only stalled rows are drawn (the mirrored table follows).
  await clickControl(page, `Stalled (${state.stalled.length})`);
  await waitForState(page, (s) => s.stalledOnly);
  await page.waitForFunction((ids) => {
    const rows = [...document.querySelectorAll('#batch-tasks-table tbody tr')];
    return rows.length === ids.length && rows.every((r) => ids.includes(r.querySelector('th').textContent));
  }, state.stalled);
  await server.control({ resume: [stuck.BatchId] });
  assert.deepEqual(crashes, []);
  await context.close();
});

test('since you last looked: after the tab is hidden a minute and shown again', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, `${server.url}?refresh=5`);
  let state = await waitForState(page, (s) => s.totals !== null &&
    s.rows.some((r) => r.Status === 'RUNNING' || r.Status === 'DISPATCHING'));
  assert.equal(state.digest, null);
  const victim = state.rows.find((r) => r.Status === 'RUNNING' || r.Status === 'DISPATCHING');
  const failedBefore = state.totals.FAILED;
  await setHidden(page, true);
  await server.control({ fail: [victim.BatchId] });
  await page.waitForTimeout(61_000);
  await setHidden(page, false);
  state = await waitForState(page, (s) => s.digest !== null);
  assert.ok(state.digest.failed >= 1, JSON.stringify(state.digest));
  assert.equal(state.digest.failed, Math.max(0, state.totals.FAILED - failedBefore));
  // Drawn as a line whose parts filter: "… failed" shows the failures.
  await clickControl(page, `${state.digest.failed} failed`);
  state = await waitForState(page, (s) => s.query.status.length === 1 && s.query.status[0] === 'FAILED');
  assert.deepEqual(crashes, []);
  await context.close();
});

test('since you last looked: on opening again, against what the earlier visit saw', async () => {
  const { page, context } = await openWidgetInNewContext(browser, `${server.url}?refresh=off`);
  await waitForState(page, (s) => s.totals !== null);
  const key = 'batch-tasks:lastLook@api';
  const saved = await page.waitForFunction((k) => window.localStorage.getItem(k), key).then((h) => h.jsonValue());
  const look = JSON.parse(saved);
  // The earlier visit saw two fewer failures and an hour less.
  look.totals.FAILED = Math.max(0, look.totals.FAILED - 2);
  look.at -= 3600_000;
  await page.evaluate(([k, v]) => window.localStorage.setItem(k, v), [key, JSON.stringify(look)]);
  await page.reload();
  await page.evaluate(() => window.BatchTasks.ready);
  const state = await waitForState(page, (s) => s.digest !== null);
  assert.equal(state.digest.since, look.at);
  assert.ok(state.digest.failed >= 2, JSON.stringify(state.digest));
  await context.close();
});
