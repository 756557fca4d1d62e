// The journeys a person takes, with the mouse on the drawn widget: filter,
// page, open a batch's details, recover from an error. Screenshots of the
// widget in light and dark go to build/test-artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, clickControl, launchIsolatedBrowser, openWidgetInNewContext, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '400']);
  browser = await launchIsolatedBrowser();
  mkdirSync(artifactsDir, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const open = (url, options = {}) => openWidgetInNewContext(browser, url, { context: options });

test('filter by status, page through, open a batch and read its failed subtasks', async () => {
  const { page, crashes, context } = await open(server.url);
  await clickControl(page, (await page.getByRole('button', { name: /^FAILED \d+$/ }).getAttribute('aria-label')));
  let state = await waitForState(page, (s) => s.query.status.length === 1 && !s.loading && s.rowsPageNumber === 1);
  assert.deepEqual(state.query.status, ['FAILED']);
  assert.ok(state.rows.length > 0 && state.rows.every((r) => r.Status === 'FAILED'));
  assert.ok(state.totalPages >= 2, 'enough failed batches for a second page');

  await clickControl(page, 'Next');
  state = await waitForState(page, (s) => s.rowsPageNumber === 2 && !s.loading);
  const expected = await server.api({ Action: 'DescribeBatchTasks', Version: '2017-08-01', Status: '["FAILED"]', PageSize: '30', PageNumber: '2' });
  assert.deepEqual(state.rows.map((r) => r.BatchId), expected.json.TaskList.map((r) => r.BatchId));

  const batch = state.rows[0].BatchId;
  await clickControl(page, batch);
  state = await waitForState(page, (s, id) => s.selectedBatchId === id && s.detail && s.detail.subTasks !== null, batch);
  const detail = await server.api({ Action: 'DescribeBatchTask', Version: '2017-08-01', BatchId: batch });
  assert.equal(state.detail.subTasks, detail.json.SubTasks.length);
  assert.equal(state.detail.failedSubTasks, detail.json.SubTasks.filter((t) => t.Status === 'FAILED').length);
  assert.ok(state.detail.failedSubTasks > 0);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(artifactsDir, 'journey-light-details.png') });

  await clickControl(page, 'Close');
  await waitForState(page, (s) => s.selectedBatchId === '');
  assert.deepEqual(crashes, []);
  await context.close();
});

test('recover from an error: the banner, the stale rows, and Retry', async () => {
  const { page, crashes, context } = await open(server.url);
  const good = await page.evaluate(() => window.BatchTasks.getState());
  await server.faults('error=Forbidden.RAM');
  await clickControl(page, 'Refresh');
  let state = await waitForState(page, (s) => s.error !== null && !s.loading);
  assert.equal(state.error.code, 'Forbidden.RAM');
  assert.equal(state.stale, true);
  assert.deepEqual(state.rows, good.rows);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(artifactsDir, 'journey-light-error.png') });
  await server.faults('');
  await clickControl(page, 'Retry');
  state = await waitForState(page, (s) => s.error === null && !s.loading && !s.stale);
  assert.ok(state.lastUpdated > good.lastUpdated);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('light and dark themes, as a person sees them', async () => {
  for (const theme of ['light', 'dark']) {
    const { page, crashes, context } = await open(`${server.url}?theme=${theme}`, { colorScheme: theme });
    await page.waitForTimeout(200);
    const file = path.join(artifactsDir, `widget-${theme}.png`);
    const png = await page.screenshot({ path: file });
    // The theme is really applied: sample the widget's background at a corner.
    const probe = await context.newPage();
    const corner = await probe.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return [...ctx.getImageData(img.width - 3, img.height - 3, 1, 1).data].slice(0, 3);
    }, png.toString('base64'));
    const luminance = (corner[0] + corner[1] + corner[2]) / 3;
    if (theme === 'dark') assert.ok(luminance < 60, `dark background: ${corner}`);
    else assert.ok(luminance > 200, `light background: ${corner}`);
    assert.deepEqual(crashes, []);
    await context.close();
  }
});
