// Where an answer came from: the signing service marks answers with
// X-Batch-Tasks-Age and X-Batch-Tasks-Stale (the mock's age= and stale=
// faults send them the same way). The widget reads them on the shell's early
// request and on its own, and getState().source reports them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startDevServer, waitForState, watchCrashes } from './harness.mjs';

let server;
let browser; // a persistent context (harness.mjs)

before(async () => {
  // Server-wide, so the shell's early request (sent before the wasm runs) is marked too.
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '40',
    '--faults', 'age=40,stale=throttled']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the first answer and each refresh say how old they are and why they are stale', async () => {
  const page = await browser.newPage();
  const crashes = watchCrashes(page);
  const listRequests = [];  // the totals' counts (one Status each) aside
  page.on('request', (r) => { if (r.method() === 'POST' && !/(^|&)Status=/.test(r.postData())) listRequests.push(r); });
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  let state = await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  assert.deepEqual(state.source, { ageSeconds: 40, stale: 'throttled' });
  // One request: the widget adopted the shell's early answer, so its headers came through boot.js.
  assert.equal(listRequests.length, 1);

  await server.faults('age=120,stale=budget');
  await page.evaluate(() => window.BatchTasks.refresh());
  state = await waitForState(page, (s) => s.source && s.source.stale === 'budget');
  assert.deepEqual(state.source, { ageSeconds: 120, stale: 'budget' });

  await server.faults('');  // no headers: a fresh answer
  await page.evaluate(() => window.BatchTasks.refresh());
  state = await waitForState(page, (s) => s.source && s.source.stale === null);
  assert.deepEqual(state.source, { ageSeconds: 0, stale: null });
  assert.deepEqual(crashes, []);
  await page.close();
});
