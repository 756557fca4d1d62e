// The first slice, end to end: the page loads, the widget asks the mock API for
// the first page, and shows exactly what the server sent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { artifactsDir, canvasInk, launchBrowser, openWidget, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;

before(async () => {
  // Frozen data at a fixed instant, so the page and the test see the same rows.
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '300']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the widget shows the first page of tasks the server sends', async () => {
  const { page, crashes } = await openWidget(browser, server.url);
  const state = await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  const expected = await server.api({ Action: 'DescribeBatchTasks', Version: '2017-08-01', PageSize: '30', PageNumber: '1' });
  assert.equal(expected.status, 200);
  assert.deepEqual(state.rows, expected.json.TaskList);
  assert.equal(state.totalCount, expected.json.TotalCount);
  assert.equal(state.query.pageNumber, 1);
  assert.equal(state.query.pageSize, 30);
  assert.equal(state.error, null);
  assert.ok(await page.evaluate(() => performance.getEntriesByName('batch-tasks:first-rows').length === 1),
    'the first-rows mark is set once');
  const ink = await canvasInk(page);
  assert.ok(ink.colours > 3 && ink.inkShare > 0.05, `the canvas is not blank: ${JSON.stringify(ink)}`);
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'first-slice.png') });
  assert.deepEqual(crashes, []);
});

test('the endpoint parameter points the widget at another API URL', async () => {
  const { page, crashes } = await openWidget(browser, `${server.url}?endpoint=${encodeURIComponent('/nowhere')}`);
  const state = await waitForState(page, (s) => s.error !== null);
  // The static host refuses a POST to a path that is not the API.
  assert.equal(state.error.httpStatus, 405);
  assert.equal(state.error.code, 'HttpError');
  assert.deepEqual(state.rows, []);
  assert.deepEqual(crashes, []);
});
