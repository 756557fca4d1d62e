// The region picker against the mock serving two regions, each with its own
// data set (scripts/devserver --region cn-hangzhou --region cn-beijing), and
// its absence when the deployment serves one region.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickControl, launchIsolatedBrowser, openWidgetInNewContext, startDevServer, waitForState } from './harness.mjs';

const fixed = ['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '120'];
let regional;
let single;
let browser;
before(async () => {
  regional = await startDevServer([...fixed, '--region', 'cn-hangzhou', '--region', 'cn-beijing']);
  single = await startDevServer(fixed);
  browser = await launchIsolatedBrowser();
});
after(async () => {
  await browser?.close();
  await regional?.stop();
  await single?.stop();
});

const open = (url) => openWidgetInNewContext(browser, url);
const firstPage = (region) => ({
  Action: 'DescribeBatchTasks', Version: '2017-08-01', PageSize: '30', PageNumber: '1', ...(region ? { RegionId: region } : {}),
});
const ids = (rows) => rows.map((r) => r.BatchId);

// Resolves after the widget has drawn two more frames (whatever they show).
async function nextFrames(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

test('picking a region lists its batches, names it in the link and in getState, and a reload keeps it', async () => {
  const { page, context, crashes } = await open(regional.url);
  let state = await waitForState(page, (s) => Array.isArray(s.regions));
  assert.deepEqual(state.regions, ['cn-hangzhou', 'cn-beijing']);
  assert.equal(state.defaultRegion, 'cn-hangzhou');
  assert.equal(state.query.region, '');
  const hangzhou = await regional.api(firstPage('cn-hangzhou'));
  const beijing = await regional.api(firstPage('cn-beijing'));
  assert.deepEqual(ids(state.rows), ids(hangzhou.json.TaskList), 'the default region first');
  assert.notDeepEqual(ids(beijing.json.TaskList), ids(hangzhou.json.TaskList), 'the two regions hold different batches');

  await clickControl(page, 'Region');
  await clickControl(page, 'cn-beijing');
  state = await waitForState(page, (s) => s.query.region === 'cn-beijing' && !s.loading && !s.stale && s.rows.length > 0);
  assert.deepEqual(ids(state.rows), ids(beijing.json.TaskList));
  assert.equal(state.query.pageNumber, 1);
  assert.equal(state.error, null);
  assert.match(new URL(page.url()).hash, /(^#|&)region=cn-beijing(&|$)/);

  // A batch of that region opens with its subtasks, asked for in that region.
  const batch = state.rows[0].BatchId;
  await clickControl(page, batch);
  state = await waitForState(page, (s, id) => s.selectedBatchId === id && s.detail && !s.detail.loading, batch);
  const detail = await regional.api({ Action: 'DescribeBatchTask', Version: '2017-08-01', BatchId: batch, RegionId: 'cn-beijing' });
  assert.equal(state.detail.error, null);
  assert.equal(state.detail.subTasks, detail.json.SubTasks.length);
  await clickControl(page, 'Close');
  await waitForState(page, (s) => s.selectedBatchId === '');

  // The link reproduces the view.
  await page.reload();
  await page.evaluate(() => window.BatchTasks.ready);
  state = await waitForState(page, (s) => s.rows.length > 0 && !s.loading && Array.isArray(s.regions));
  assert.equal(state.query.region, 'cn-beijing');
  assert.deepEqual(ids(state.rows), ids(beijing.json.TaskList));
  assert.deepEqual(state.notices, []);

  // The embedding page may choose too; a region the service does not serve is refused with the reason.
  const refused = await page.evaluate(() => {
    try { window.BatchTasks.setQuery({ region: 'cn-nowhere' }); return null; } catch (error) { return String(error.message || error); }
  });
  assert.match(refused, /cn-nowhere is not served here/);
  await page.evaluate(() => window.BatchTasks.setQuery({ region: '' }));
  state = await waitForState(page, (s) => s.query.region === '' && !s.loading && !s.stale && s.rows.length > 0);
  assert.deepEqual(ids(state.rows), ids(hangzhou.json.TaskList));
  assert.doesNotMatch(new URL(page.url()).hash, /region=/);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('a link to a region the service does not serve says so and shows the default region, keeping the rest of the link', async () => {
  const { page, context, crashes } = await open(`${regional.url}#region=cn-nowhere&status=FAILED`);
  const state = await waitForState(page, (s) => s.query.region === '' && s.notices.length > 0 && !s.loading && !s.stale);
  assert.ok(state.notices.some((n) => n.includes('cn-nowhere') && n.includes('cn-hangzhou')), state.notices.join(' | '));
  assert.deepEqual(state.query.status, ['FAILED']);
  assert.equal(state.error, null);
  assert.ok(state.rows.length > 0 && state.rows.every((r) => r.Status === 'FAILED'));
  assert.match(new URL(page.url()).hash, /status=FAILED/);
  assert.doesNotMatch(new URL(page.url()).hash, /region=/);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('a deployment serving one region shows no region picker', async () => {
  const { page, context, crashes } = await open(single.url);
  const state = await waitForState(page, (s) => Array.isArray(s.regions));
  assert.deepEqual(state.regions, ['cn-hangzhou']);
  await nextFrames(page);
  const mirror = page.locator('#batch-tasks-mirror');
  assert.equal(await mirror.getByRole('button', { name: 'Time range', exact: true }).count(), 1, 'the filters are mirrored');
  assert.equal(await mirror.getByRole('button', { name: 'Region', exact: true }).count(), 0);
  assert.deepEqual(crashes, []);
  await context.close();
});
