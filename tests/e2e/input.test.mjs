// Input as browsers deliver it: wheels in pixel, line and page units, a finger
// that taps or drags, a paste from the system clipboard, and an IME
// composing Chinese; keys only while focused, cursor shapes, a change of
// devicePixelRatio, and copying without navigator.clipboard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickControl, controlBox, launchIsolatedBrowser, openWidgetInNewContext, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '400']);
  browser = await launchIsolatedBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// 100 rows, so the table scrolls.
const tallPage = () => `${server.url}#size=100`;

// Where the mirror says each row is drawn now: batch id -> top (CSS pixels).
async function rowTops(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#batch-tasks-mirror > *')]
    .filter((el) => /^pcb-/.test(el.getAttribute('aria-label')))
    .map((el) => [el.getAttribute('aria-label'), parseFloat(el.style.top)])));
}

// How far the table's rows moved up since `before`. A row partly under the
// header is mirrored clipped, so the shift seen by most rows is the one.
async function scrolledBy(page, before) {
  const after = await rowTops(page);
  const shifts = Object.keys(after).filter((id) => id in before).map((id) => before[id] - after[id]);
  assert.ok(shifts.length > 0, 'rows visible before and after');
  const counts = new Map();
  for (const shift of shifts) counts.set(shift, (counts.get(shift) || 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

// DOM_DELTA_PIXEL, DOM_DELTA_LINE, DOM_DELTA_PAGE.
const WheelEventModes = { pixel: 0, line: 1, page: 2 };

// Sends one synthetic wheel event over the table; true if the page was kept from scrolling.
function wheel(page, init) {
  return page.evaluate((init) => {
    const canvas = document.getElementById('batch-tasks-canvas');
    const box = canvas.getBoundingClientRect();
    const event = new WheelEvent('wheel', { clientX: box.left + 400, clientY: box.top + 400, bubbles: true, cancelable: true, ...init });
    return !canvas.dispatchEvent(event);
  }, init);
}

const framesDrawn = (page) => page.evaluate(() => window.BatchTasks.diagnostics().framesDrawn);

// Waits until the widget has drawn since `before` and then stopped: it draws
// only while something changes, so that is when the input has been handled.
async function settled(page, before) {
  await page.waitForFunction((n) => window.BatchTasks.diagnostics().framesDrawn > n + 2, before);
  let last = -1;
  for (let now = await framesDrawn(page); now !== last; now = await framesDrawn(page)) {
    last = now;
    await page.waitForTimeout(100);
  }
}

test('a wheel notch scrolls the same in pixel, line and page units, and never the page', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, tallPage());
  await page.mouse.move(400, 400);
  const notch = async (init) => {
    const before = await rowTops(page);
    const frames = await framesDrawn(page);
    assert.ok(await wheel(page, init), 'the wheel event is taken by the widget');
    await settled(page, frames);
    const moved = await scrolledBy(page, before);
    // And back again, so each measure starts from the top.
    const frames2 = await framesDrawn(page);
    await wheel(page, { ...init, deltaY: -init.deltaY });
    await settled(page, frames2);
    return moved;
  };
  const pixels = await notch({ deltaY: 100, deltaMode: WheelEventModes.pixel });
  const lines = await notch({ deltaY: 3, deltaMode: WheelEventModes.line });
  const pages = await notch({ deltaY: 1, deltaMode: WheelEventModes.page });
  assert.ok(pixels > 0, `a notch scrolls down: ${pixels}`);
  assert.equal(lines, pixels, 'three lines are one notch, as 100 pixels are');
  assert.equal(pages, 3 * pixels, 'a page is three notches');
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.deepEqual(crashes, []);
  await context.close();
});

// One finger through the DevTools protocol, as a touch screen sends it.
async function touch(cdp, type, points) {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y]) => ({ x, y })) });
}

test('a finger: a tap opens a batch, a drag scrolls the table and opens nothing', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, tallPage(), { context: { hasTouch: true } });
  const cdp = await context.newCDPSession(page);
  const tops = await rowTops(page);
  const [firstId, firstTop] = Object.entries(tops)[0];

  // A drag upwards of 200 px, in steps: the rows follow, nothing is selected.
  const x = 500;
  const y0 = firstTop + 300;
  const frames = await framesDrawn(page);
  await touch(cdp, 'touchStart', [[x, y0]]);
  for (let step = 1; step <= 10; ++step) await touch(cdp, 'touchMove', [[x, y0 - step * 20]]);
  await touch(cdp, 'touchEnd', []);
  await settled(page, frames);
  const moved = await scrolledBy(page, tops);
  assert.ok(moved > 150 && moved <= 200, `the rows followed the finger: ${moved} px for a 200 px drag`);
  assert.equal((await page.evaluate(() => window.BatchTasks.getState())).selectedBatchId, '', 'a drag opens nothing');

  // A tap (with a little jitter) on a row opens its details.
  const now = await rowTops(page);
  const [tapId, tapTop] = Object.entries(now)[2];
  assert.notEqual(tapId, firstId);
  await touch(cdp, 'touchStart', [[x, tapTop + 8]]);
  await touch(cdp, 'touchMove', [[x + 2, tapTop + 10]]);
  await touch(cdp, 'touchEnd', []);
  const state = await waitForState(page, (s, id) => s.selectedBatchId === id, tapId);
  assert.equal(state.selectedBatchId, tapId);
  assert.deepEqual(crashes, []);
  await context.close();
});

// Clicks the task type field and waits until the hidden input has the focus.
async function editTaskType(page) {
  await clickControl(page, 'Task type, text field: activate to edit');
  await page.waitForFunction(() => document.activeElement?.id === 'batch-tasks-text-input');
}

test('paste into a field comes from the system clipboard, through the browser\'s paste', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, server.url, {
    context: { permissions: ['clipboard-read', 'clipboard-write'] },
  });
  await page.evaluate(() => navigator.clipboard.writeText('polarclaw_uninstall_skills'));
  await editTaskType(page);
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Enter');
  const state = await waitForState(page, (s) => s.query.taskType === 'polarclaw_uninstall_skills' && !s.loading);
  assert.ok(state.rows.length > 0);
  assert.ok(state.rows.every((r) => r.TaskType === 'polarclaw_uninstall_skills'));
  assert.deepEqual(crashes, []);
  await context.close();
});

test('an IME composes Chinese: only the committed text reaches the field', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, server.url);
  const cdp = await context.newCDPSession(page);
  await editTaskType(page);
  // Pinyin being composed, then the chosen characters committed.
  await cdp.send('Input.imeSetComposition', { text: 'an', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: 'anzhuang', selectionStart: 8, selectionEnd: 8 });
  await cdp.send('Input.imeSetComposition', { text: '安装', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.insertText', { text: '安装' });
  await page.keyboard.press('Enter');
  const state = await waitForState(page, (s) => s.query.taskType !== '' && !s.loading);
  assert.equal(state.query.taskType, '安装', 'the committed characters, once, without the pinyin');
  assert.deepEqual(crashes, []);
  await context.close();
});

test('keys reach the widget only while it has the focus; the host page keeps its own', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, server.url);
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { id: 'host-input' });
    input.style.cssText = 'position: fixed; left: 8px; bottom: 8px; z-index: 10';
    document.body.append(input);
  });
  await page.focus('#host-input');
  // Typing, Backspace and "n" (the widget's next-page key) belong to the host's field.
  await page.keyboard.type('abcn');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('n');
  await page.waitForTimeout(300);
  assert.equal(await page.inputValue('#host-input'), 'abcn');
  assert.equal((await page.evaluate(() => window.BatchTasks.getState())).query.pageNumber, 1);
  // With the focus on the widget, the same key is the widget's.
  await page.focus('#batch-tasks-canvas');
  await page.keyboard.press('n');
  await waitForState(page, (s) => s.query.pageNumber === 2);
  assert.equal(await page.inputValue('#host-input'), 'abcn');
  assert.deepEqual(crashes, []);
  await context.close();
});

test('the mouse cursor takes the shape ImGui asks for', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, server.url);
  const cursor = () => page.evaluate(() => document.getElementById('batch-tasks-canvas').style.cursor);
  const field = await controlBox(page, 'Task type, text field: activate to edit');
  await page.mouse.move(field.x + field.width / 2, field.y + field.height / 2);
  await page.waitForFunction(() => document.getElementById('batch-tasks-canvas').style.cursor === 'text');
  const refresh = await controlBox(page, 'Refresh');
  await page.mouse.move(refresh.x + refresh.width / 2, refresh.y + refresh.height / 2);
  await page.waitForFunction(() => document.getElementById('batch-tasks-canvas').style.cursor === 'default');
  assert.equal(await cursor(), 'default');
  assert.deepEqual(crashes, []);
  await context.close();
});

test('a new devicePixelRatio (zoom, another screen) resizes the backing store', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, server.url, { context: { viewport: { width: 900, height: 600 } } });
  const backing = () => page.evaluate(() => {
    const c = document.getElementById('batch-tasks-canvas');
    return { width: c.width, cssWidth: c.clientWidth, ratio: devicePixelRatio };
  });
  assert.deepEqual(await backing(), { width: 900, cssWidth: 900, ratio: 1 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 900, height: 600, deviceScaleFactor: 2, mobile: false });
  // The emulator sends no media-query change; the next frame (here, after a
  // mouse move) notices the new ratio.
  await page.mouse.move(450, 300);
  await page.waitForFunction(() => document.getElementById('batch-tasks-canvas').width === 1800);
  assert.deepEqual(await backing(), { width: 1800, cssWidth: 900, ratio: 2 });
  assert.deepEqual(crashes, []);
  await context.close();
});

test('copy falls back to the selection when navigator.clipboard is missing', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, server.url, {
    async prepare(page) {
      await page.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
        window.__copied = [];
        document.addEventListener('copy', () => window.__copied.push(String(document.getSelection())));
      });
    },
  });
  const id = (await page.evaluate(() => window.BatchTasks.getState())).rows[0].BatchId;
  await page.evaluate((batchId) => window.BatchTasks.select(batchId), id);
  await waitForState(page, (s, want) => s.selectedBatchId === want, id);
  await clickControl(page, 'Copy');
  await page.waitForFunction(() => window.__copied.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__copied), [id]);
  assert.deepEqual(crashes, []);
  await context.close();
});
