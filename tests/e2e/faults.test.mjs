// The mock service's fault modes, seen through the browser. Each test starts
// from a widget showing good rows, switches a fault on with the runtime control
// endpoint (the page's own requests stay plain), makes the widget ask again, and
// checks what the person sees: the error, the kept rows marked stale, retries
// only where they can help, recovery once the fault clears, and never the rows
// of a query that was replaced. Every test fails if the page crashed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchBrowser, openWidget, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '200']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The errors as the mock sends them (servers/mock/batchserver/errors.py): HTTP status and message.
const polarDbErrors = {
  Throttling: [400, 'Request was denied due to request throttling.'],
  'Throttling.User': [400, 'Request was denied due to user flow control.'],
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.'],
  InternalError: [500, 'The request processing has failed due to some unknown error, exception or failure.'],
  InvalidParameter: [400, 'The specified parameter is not valid.'],
  'Forbidden.RAM': [403, "User not authorized to operate on the specified resource, or this API doesn't support RAM."],
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
};
// PolarDB's RequestId: an uppercase UUID.
const requestIdShape = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

const apiParams = (extra) => ({ Action: 'DescribeBatchTasks', Version: '2017-08-01', PageSize: '30', PageNumber: '1', ...extra });
const ids = (rows) => rows.map((r) => r.BatchId);

// DescribeBatchTasks requests the mock has seen since its counts were last reset.
async function apiRequests() {
  return (await server.stats()).Actions.DescribeBatchTasks ?? 0;
}

// Polls `check` until it holds; fails with `what` after `timeoutMs`.
async function eventually(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

// Announcements are spaced 1.5 s apart, the latest winning: wait for this one.
async function waitForAnnouncement(page, text) {
  await page.waitForFunction((want) => document.getElementById('batch-tasks-live').textContent === want, text,
    { timeout: 10000 });
}

const button = (page, name) => page.getByRole('button', { name, exact: true });
// The mirrored controls take keyboard activation (the mouse goes to the canvas).
async function press(page, name) {
  await button(page, name).focus();
  await page.keyboard.press('Enter');
}

const isApiCall = (request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/api');

// A widget showing the first page with faults off, the mock's counts reset, and
// the widget's "error" and "load" events recorded in the page. `sent` counts the
// API requests the page makes from then on, as the page sees them.
async function loadedWidget() {
  await server.faults('none');
  const { page, crashes } = await openWidget(browser, server.url);
  const good = await waitForState(page, (s) => s.rows.length > 0 && !s.loading && s.error === null);
  const sent = [];
  page.on('request', (request) => { if (isApiCall(request)) sent.push(request.postData()); });
  await page.evaluate(() => {
    window.errorEvents = [];
    window.loadEvents = [];
    window.BatchTasks.on('error', (detail) => window.errorEvents.push(detail));
    window.BatchTasks.on('load', (detail) => window.loadEvents.push(detail));
  });
  await server.faults('none', true);
  return { page, crashes, good, sent };
}

// A test on a freshly loaded widget that also fails if the page crashed.
function widgetTest(name, options, body) {
  if (typeof options === 'function') [options, body] = [{}, options];
  test(name, options, async (t) => {
    const widget = await loadedWidget();
    try {
      await body(widget, t);
      assert.deepEqual(widget.crashes, [], 'no uncaught exception, wasm trap or abort');
    } finally {
      await widget.page.close();
    }
  });
}

// Switches the fault on (counts reset) and makes the widget ask again.
async function refreshUnder(page, spec) {
  await server.faults(spec);
  await page.evaluate(() => window.BatchTasks.refresh());
}

function assertErrorShown(error, expected) {
  assert.equal(error.code, expected.code);
  assert.equal(error.httpStatus, expected.httpStatus);
  if (expected.message instanceof RegExp) assert.match(error.message, expected.message);
  else assert.equal(error.message, expected.message);
  if (expected.hasRequestId) assert.match(error.requestId, requestIdShape, 'the RequestId the body carried');
  else assert.equal(error.requestId, '');
}

function assertKeptStale(state, good) {
  assert.equal(state.stale, true, 'the rows are marked stale');
  assert.deepEqual(state.rows, good.rows, 'the last good rows stay');
  assert.equal(state.lastUpdated, good.lastUpdated);
}

async function waitForFreshRows(page, good) {
  const state = await waitForState(page, (s) => s.error === null && !s.loading);
  assert.equal(state.stale, false);
  assert.ok(state.lastUpdated > good.lastUpdated, 'the rows were loaded again');
  assert.deepEqual(state.rows, good.rows); // frozen data: the same rows, freshly loaded
  return state;
}

const envelopeError = (code) => ({
  code, httpStatus: polarDbErrors[code][0], message: polarDbErrors[code][1], hasRequestId: true,
});

describe('retryable failures: the error over the kept rows, a retry within seconds, rows again once it clears', () => {
  const modes = [
    { spec: 'error=Throttling', expect: envelopeError('Throttling') },
    { spec: 'error=Throttling.User', expect: envelopeError('Throttling.User') },
    { spec: 'error=ServiceUnavailable', expect: envelopeError('ServiceUnavailable') },
    { spec: 'error=InternalError', expect: envelopeError('InternalError') },
    { spec: 'malformed', expect: { code: 'BadResponse', httpStatus: 200, message: /^HTTP 200 with a body that is not valid JSON: “\{"RequestId"/ } },
    { spec: 'malformed=shape', expect: { code: 'BadResponse', httpStatus: 200, message: /^TaskList is not a list/ } },
    { spec: 'html502', expect: { code: 'HttpError', httpStatus: 502, message: /^HTTP 502 with a body that is not valid JSON: “<html>.*502 Bad Gateway/ } },
    { spec: 'empty200', expect: { code: 'BadResponse', httpStatus: 200, message: 'HTTP 200 with an empty body.' } },
    { spec: 'truncated', expect: { code: 'NetworkError', httpStatus: 0, message: /^The server could not be reached/ } },
    // Chromium resends a POST, unseen by the page, when a reused keep-alive
    // connection closes without an answer, so the mock may count more than the page sent.
    { spec: 'drop', expect: { code: 'NetworkError', httpStatus: 0, message: 'The server could not be reached (no response).' }, resentByBrowser: true },
  ];
  for (const mode of modes) {
    widgetTest(mode.spec, async ({ page, good, sent }) => {
      await refreshUnder(page, mode.spec);
      const failed = await waitForState(page, (s) => s.error !== null);
      // Clear at once: the first retry, 0.5-1 s later, is then answered normally.
      await server.faults('none', false);
      assertErrorShown(failed.error, mode.expect);
      assert.equal(failed.error.retryable, true);
      assert.equal(failed.loading, true, 'a retry is on its way');
      assertKeptStale(failed, good);

      await eventually(() => sent.length >= 2, 3000, 'the page sends the first retry');
      await waitForFreshRows(page, good);
      const failures = await page.evaluate(() => window.errorEvents);
      assert.ok(failures.length >= 1 && failures.length <= 2, `${failures.length} failures before the rows came back`);
      assert.ok(failures.every((e) => e.code === mode.expect.code && e.retrying), 'each failure said a retry follows');
      // One request per failed attempt and one that succeeded: retries do not pile up.
      assert.equal(sent.length, failures.length + 1);
      const requests = await apiRequests();
      if (mode.resentByBrowser) assert.ok(requests >= sent.length, `the mock saw ${requests}`);
      else assert.equal(requests, sent.length);
    });
  }
});

// A cut-off answer's headers arrived (status text "OK") before it broke: the
// reason given is the break, never that status text.
widgetTest('a cut-off answer (truncated) is said to be cut off, not explained by its headers\' "OK"', async ({ page }) => {
  await refreshUnder(page, 'truncated');
  const failed = await waitForState(page, (s) => s.error !== null);
  await server.faults('none', false);
  assert.equal(failed.error.code, 'NetworkError');
  assert.doesNotMatch(failed.error.message, /\(OK\)/);
  assert.match(failed.error.message, /closed before the whole answer arrived/);
});

describe('errors no retry can fix: shown at once, no second request, Retry for the person', () => {
  const modes = [
    { code: 'InvalidParameter' },
    { code: 'Forbidden.RAM' },
    // On a new filter: the old rows stay, stale, under the query now asked for.
    { code: 'InvalidAccessKeyId.NotFound', newQuery: { status: ['FAILED'] } },
  ];
  for (const mode of modes) {
    const title = `error=${mode.code}${mode.newQuery ? ' on a new filter' : ''}`;
    widgetTest(title, async ({ page, good }) => {
      await server.faults(`error=${mode.code}`);
      if (mode.newQuery) await page.evaluate((q) => window.BatchTasks.setQuery(q), mode.newQuery);
      else await page.evaluate(() => window.BatchTasks.refresh());
      const failed = await waitForState(page, (s) => s.error !== null);
      const failedAt = Date.now();
      const expected = envelopeError(mode.code);
      assertErrorShown(failed.error, expected);
      assert.equal(failed.error.retryable, false);
      assert.equal(failed.loading, false, 'no retry is scheduled');
      assertKeptStale(failed, good);
      if (mode.newQuery) assert.deepEqual(failed.query.status, mode.newQuery.status);

      await waitForAnnouncement(page, `Error ${mode.code}: ${expected.message}`);
      await button(page, 'Retry').waitFor();
      assert.equal(await button(page, 'Retry now').count(), 0);
      await sleep(Math.max(0, 3000 - (Date.now() - failedAt)));
      assert.equal(await apiRequests(), 1, 'no second request within 3 s');

      await server.faults('none', false);
      await press(page, 'Retry');
      const recovered = await waitForState(page, (s) => s.error === null && !s.loading);
      assert.equal(await apiRequests(), 2);
      assert.equal(recovered.stale, false);
      assert.ok(recovered.lastUpdated > good.lastUpdated);
      const want = await server.api(apiParams(mode.newQuery ? { Status: JSON.stringify(mode.newQuery.status) } : {}));
      assert.deepEqual(recovered.rows, want.json.TaskList);
    });
  }
});

widgetTest('a persistent ServiceUnavailable: four attempts, then the widget stops and offers Retry', async ({ page, good }) => {
  const expected = envelopeError('ServiceUnavailable');
  await refreshUnder(page, 'error=ServiceUnavailable');
  await waitForState(page, (s) => s.error !== null);
  await button(page, 'Retry now').waitFor(); // the person need not wait for the backoff
  await waitForAnnouncement(page, `Error ServiceUnavailable: ${expected.message} Retrying.`);
  // Backoff of 0.5-1 s, 1-2 s and 2-4 s: all four attempts within about 7 s.
  const gaveUp = await waitForState(page, (s) => s.error !== null && !s.loading);
  assertErrorShown(gaveUp.error, expected);
  assert.equal(gaveUp.error.retryable, true);
  assertKeptStale(gaveUp, good);
  assert.equal(await apiRequests(), 4);
  const failures = await page.evaluate(() => window.errorEvents);
  assert.deepEqual(failures.map((e) => e.retrying), [true, true, true, false]);
  await waitForAnnouncement(page, `Error ServiceUnavailable: ${expected.message}`);
  await button(page, 'Retry').waitFor();
  assert.equal(await button(page, 'Retry now').count(), 0);

  await server.faults('none', false);
  await press(page, 'Retry');
  await waitForFreshRows(page, good);
  assert.equal(await apiRequests(), 5, 'no retry slipped in after the widget gave up');
});

widgetTest('throttling at a rate (error=Throttling:0.5): the retry gets through without anyone clearing it', async ({ page, good }) => {
  await refreshUnder(page, 'error=Throttling:0.5'); // the 1st, 3rd, 5th... request is throttled
  const failed = await waitForState(page, (s) => s.error !== null);
  assertErrorShown(failed.error, envelopeError('Throttling'));
  assertKeptStale(failed, good);
  await waitForFreshRows(page, good);
  assert.equal(await apiRequests(), 2);
  assert.deepEqual((await page.evaluate(() => window.errorEvents)).map((e) => [e.code, e.retrying]), [['Throttling', true]]);
});

describe('slow answers: the rows stay while the widget waits, then fresh rows, no error, no retry', () => {
  for (const spec of ['latency=1500', 'trickle=2000']) {
    widgetTest(spec, async ({ page, good }) => {
      await refreshUnder(page, spec);
      await sleep(700);
      const waiting = await page.evaluate(() => window.BatchTasks.getState());
      assert.equal(waiting.loading, true);
      assert.equal(waiting.error, null);
      assert.equal(waiting.stale, false, 'rows of the same query are not stale while they reload');
      assert.deepEqual(waiting.rows, good.rows);
      await waitForFreshRows(page, good);
      assert.equal(await apiRequests(), 1);
      assert.deepEqual(await page.evaluate(() => window.errorEvents), []);
    });
  }
});

widgetTest('numbers sent as strings (numstrings) are read as the numbers they are', async ({ page, good }) => {
  await refreshUnder(page, 'numstrings');
  const state = await waitForFreshRows(page, good);
  assert.equal(state.totalCount, good.totalCount);
  assert.ok(state.rows.every((r) => typeof r.TotalCount === 'number' && typeof r.SuccessCount === 'number'));
  assert.equal(await apiRequests(), 1);
});

describe('answers that overtake each other: never the rows of a query that was replaced', () => {
  const older = { status: ['FAILED'] };
  const newer = { status: ['COMPLETED'] };
  const modes = [
    // Holds the 1st request 1.5 s and answers the 2nd at once.
    { name: 'reorder=1500', spec: 'reorder=1500', clearAfterFirst: false },
    // Only the first request is slow: the fault is cleared once it has arrived.
    { name: 'latency=1500 on the first request only', spec: 'latency=1500', clearAfterFirst: true },
  ];
  for (const mode of modes) {
    widgetTest(mode.name, async ({ page, good }) => {
      const olderRows = (await server.api(apiParams({ Status: JSON.stringify(older.status) }))).json.TaskList;
      const newerAnswer = (await server.api(apiParams({ Status: JSON.stringify(newer.status) }))).json;
      assert.notDeepEqual(ids(olderRows), ids(newerAnswer.TaskList), 'the two queries have different rows');
      // Record the API answers in the order they reach the page, and, frame by
      // frame, every set of rows the widget shows.
      const answered = [];
      page.on('requestfinished', (request) => {
        if (isApiCall(request)) answered.push(new URLSearchParams(request.postData()).get('Status'));
      });
      await page.evaluate(() => {
        window.rowSetsDrawn = new Set();
        const watch = () => {
          window.rowSetsDrawn.add(window.BatchTasks.getState().rows.map((r) => r.BatchId).join(','));
          requestAnimationFrame(watch);
        };
        watch();
      });

      await server.faults(mode.spec);
      await page.evaluate((q) => window.BatchTasks.setQuery(q), older);
      await eventually(async () => (await apiRequests()) === 1, 3000, 'the older query reaches the server');
      if (mode.clearAfterFirst) await server.faults('none', false);
      await page.evaluate((q) => window.BatchTasks.setQuery(q), newer);
      await eventually(() => answered.length === 2, 5000, 'both answers reach the page');
      assert.deepEqual(answered, [JSON.stringify(newer.status), JSON.stringify(older.status)],
        'the older answer arrived last');
      await sleep(300); // a few frames in which the late answer could (wrongly) be drawn

      const settled = await waitForState(page, (s) => !s.loading);
      assert.deepEqual(settled.query.status, newer.status);
      assert.equal(settled.error, null);
      assert.equal(settled.stale, false);
      assert.deepEqual(settled.rows, newerAnswer.TaskList);
      assert.equal(settled.totalCount, newerAnswer.TotalCount);
      const drawn = await page.evaluate(() => [...window.rowSetsDrawn]);
      assert.deepEqual(drawn.filter((set) => set !== ids(good.rows).join(',')), [ids(newerAnswer.TaskList).join(',')],
        'only the first page and the newer query\'s rows were ever drawn');
      const loads = await page.evaluate(() => window.loadEvents);
      assert.deepEqual(loads.map((l) => l.totalCount), [newerAnswer.TotalCount], 'one load, of the newer query');
      const pages = Math.ceil(newerAnswer.TotalCount / 30);
      await waitForAnnouncement(page, `Page 1 of ${pages}: 30 batch tasks shown, ${newerAnswer.TotalCount} in all.`);
      assert.equal(await apiRequests(), 2);
    });
  }
});
