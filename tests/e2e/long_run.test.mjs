// A shortened long session: auto-refresh every 5 s against the live mock (rows
// change as batches progress) for about 35 s. The wasm heap must not grow once
// warmed up: it only grows in 64 KiB pages, so any leak of a page's worth of
// rows per refresh shows as a larger heap. tests/unit/long_run_test.cpp runs
// the model through an hour of the same.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openWidget, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startDevServer(['--batches', '200']); // live: not frozen
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const loadsSoFar = (page) => page.evaluate(() => window.loads.length);
const diagnostics = (page) => page.evaluate(() => window.BatchTasks.diagnostics());
// The page's JavaScript heap after a full collection: the mirror, the table
// text and the listeners live there, outside the wasm heap.
async function jsHeapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

test('auto-refresh every 5 s for half a minute keeps the wasm heap the same size', { timeout: 90000 }, async (t) => {
  const { page, crashes } = await openWidget(browser, server.url);
  await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  await page.evaluate(() => {
    window.loads = [];
    window.BatchTasks.on('load', (detail) => window.loads.push(detail));
    window.BatchTasks.setAutoRefresh(5);
  });
  const state = await page.evaluate(() => window.BatchTasks.getState());
  assert.equal(state.autoRefresh.intervalMs, 5000);

  const cdp = await page.context().newCDPSession(page);

  // Warm-up: one auto-refresh, so every buffer a refresh needs has been made once.
  await page.waitForFunction(() => window.loads.length >= 1, null, { timeout: 15000 });
  const warm = await diagnostics(page);
  const warmJs = await jsHeapUsed(cdp);
  const loadsAtWarm = await loadsSoFar(page);
  await page.waitForFunction((n) => window.loads.length >= n + 6, loadsAtWarm, { timeout: 45000, polling: 500 });
  const end = await diagnostics(page);
  const endJs = await jsHeapUsed(cdp);
  const loads = (await loadsSoFar(page)) - loadsAtWarm;

  t.diagnostic(`wasm heap after warm-up: ${warm.heapBytes} bytes; JS heap ${warmJs} bytes; ${warm.framesDrawn} frames drawn`);
  t.diagnostic(`wasm heap after ${loads} more auto-refreshes: ${end.heapBytes} bytes; JS heap ${endJs} bytes; ${end.framesDrawn} frames drawn`);
  assert.ok(loads >= 5, `auto-refresh ran: ${loads} loads`);
  assert.ok(end.framesDrawn > warm.framesDrawn, 'the widget kept drawing');
  assert.equal(end.heapBytes, warm.heapBytes, 'the wasm heap did not grow');
  t.diagnostic(`malloc'd bytes in use: ${warm.allocatedBytes} after warm-up, ${end.allocatedBytes} at the end`);
  // A page of 30 rows with its strings is some 20 KiB: keeping one per refresh
  // would add over 100 KiB here. The rest moves with what is on screen.
  assert.ok(end.allocatedBytes - warm.allocatedBytes < 64 * 1024,
    `allocations grew by ${end.allocatedBytes - warm.allocatedBytes} bytes`);
  // Even after a full collection the JS heap moves by up to ~50 KiB (some 40 KiB
  // over these six refreshes, under 50 KiB over 200); 128 KiB catches anything
  // that keeps ~20 KiB per refresh alive, such as a page of rows as JS objects.
  assert.ok(endJs - warmJs < 128 * 1024, `the JS heap grew by ${endJs - warmJs} bytes`);
  const last = await page.evaluate(() => window.BatchTasks.getState());
  assert.equal(last.error, null);
  assert.equal(last.rows.length, 30);
  assert.deepEqual(crashes, []);
  await page.close();
});
