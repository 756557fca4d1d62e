// The timeline view in Chromium against the mock: every page of the filters
// drawn as bars, the bars in view listed for screen readers, the wheel, a
// drag and the keyboard on the canvas, Chinese, and the timeline inside the
// example portal's iframe.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  artifactsDir, canvasInk, clickControl, controlBox, launchIsolatedBrowser, startDevServer, waitForState, watchCrashes,
} from './harness.mjs';

// A live mock: its clock is the test's, so running bars reach a now near the
// data (a frozen mock's data is months before the browser's now).
const mockArgs = ['--batches', '450'];
const canvasName = 'Timeline of batches: arrows pan, + and - zoom, Up and Down choose a batch, Enter opens it';
let server;        // the widget and its API
let portalServer;  // another origin: the embedding example
let browser;

before(async () => {
  server = await startDevServer(mockArgs);
  portalServer = await startDevServer(mockArgs);
  browser = await launchIsolatedBrowser();
  mkdirSync(artifactsDir, { recursive: true });
});
after(async () => {
  await browser?.close();
  await Promise.all([server, portalServer].map((s) => s?.stop()));
});

// The widget showing the timeline with every batch loaded and listed.
async function openTimeline(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, ...options });
  const page = await context.newPage();
  const crashes = watchCrashes(page);
  await page.goto(url);
  await page.evaluate(() => window.BatchTasks.ready);
  const state = await waitForState(page, (s) => s.view === 'timeline' && s.timeline !== null && s.timeline.complete);
  // The list follows a view once it has stayed put for 250 ms: wait for the one that counts every batch loaded.
  await page.waitForFunction((total) => {
    const numbers = (document.querySelector('#batch-tasks-timeline h2')?.textContent ?? '').replace(/,/g, '').match(/\d+/g);
    return numbers !== null && numbers[1] === String(total) && document.querySelectorAll('#batch-tasks-timeline li').length > 0;
  }, state.timeline.batches);
  return { page, context, crashes, state };
}

// The mirrored list: its caption's count in view, and its items.
async function timelineList(target) {
  return target.evaluate(() => {
    const section = document.getElementById('batch-tasks-timeline');
    const caption = section.querySelector('h2').textContent;
    const items = [...section.querySelectorAll('li')].map((li) => ({
      text: li.firstChild.textContent, action: li.querySelector('button')?.textContent ?? '',
    }));
    return { hidden: section.hidden, tableHidden: document.getElementById('batch-tasks-table').hidden, caption, items };
  });
}
const inView = (caption) => Number(/(\d[\d,]*) /.exec(caption.split(':')[1] ?? caption)[1].replace(/,/g, ''));

test('the timeline draws every batch of the filters and lists the bars in view for screen readers', async () => {
  const { page, context, crashes, state } = await openTimeline(`${server.url}#view=timeline`);
  assert.equal(state.timeline.batches, 450);
  assert.equal(state.timeline.pagesLoaded, 5, '100 a page');
  assert.equal(state.timeline.capped, false);
  const list = await timelineList(page);
  assert.equal(list.hidden, false);
  assert.equal(list.tableHidden, true, 'the table is not what is on screen');
  assert.match(list.caption, /^Timeline of batch tasks: [\d,]+ of 450 in view/);
  assert.ok(list.items.length > 0 && list.items.length <= 200);
  for (const item of list.items) {
    assert.match(item.text, /, (COMPLETED|FAILED|RUNNING|DISPATCHING), \d{4}-\d\d-\d\d \d\d:\d\d:\d\d – (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|running)$/);
    assert.match(item.action, /^Show the details of pcb-/);
  }
  // Drawn: bars in several status colours, not a blank canvas.
  const ink = await canvasInk(page);
  assert.ok(ink.colours > 50 && ink.inkShare > 0.05, JSON.stringify(ink));
  await page.screenshot({ path: path.join(artifactsDir, 'timeline.png') });
  // The toggle says which view is shown.
  const toggle = page.locator('#batch-tasks-mirror').getByRole('checkbox', { name: 'Timeline', exact: true });
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  // A listed bar opens its details, beside the timeline.
  const id = /of (pcb-\S+)$/.exec(list.items[0].action)[1];
  await page.locator('#batch-tasks-timeline li button').first().evaluate((button) => button.click());
  await waitForState(page, (s, want) => s.selectedBatchId === want && s.detail !== null, id);
  await controlBox(page, canvasName);
  // Frame times are measured.
  const diagnostics = await page.evaluate(() => window.BatchTasks.diagnostics());
  assert.ok(diagnostics.frameMs.median > 0 && diagnostics.frameMs.p95 >= diagnostics.frameMs.median, JSON.stringify(diagnostics.frameMs));
  // Back to the table: the table is what screen readers get again.
  await clickControl(page, 'Table');
  await waitForState(page, (s) => s.view === 'table');
  await page.waitForFunction(() => document.getElementById('batch-tasks-timeline').hidden &&
    !document.getElementById('batch-tasks-table').hidden);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('the wheel zooms in on the canvas, a drag pans it, and the keyboard opens a bar', async () => {
  const { page, context, crashes } = await openTimeline(`${server.url}?refresh=off#view=timeline`);
  const canvas = await controlBox(page, canvasName);
  const before = await timelineList(page);
  // The wheel, over the canvas: fewer bars in view.
  await page.mouse.move(canvas.x + canvas.width * 0.8, canvas.y + canvas.height * 0.6);
  for (let i = 0; i < 8; ++i) await page.mouse.wheel(0, -120);
  await page.waitForFunction((count) => {
    const caption = document.querySelector('#batch-tasks-timeline h2').textContent;
    return Number(/(\d[\d,]*) of/.exec(caption)[1].replace(/,/g, '')) < count;
  }, inView(before.caption));
  const zoomed = await timelineList(page);
  assert.ok(inView(zoomed.caption) >= 1, zoomed.caption);
  // A drag to the right shows earlier bars: the bars in view change (some
  // long-running ones may span the whole window and stay).
  const y = canvas.y + canvas.height * 0.6;
  await page.mouse.move(canvas.x + 200, y);
  await page.mouse.down();
  for (let x = 200; x <= 800; x += 50) await page.mouse.move(canvas.x + x, y);
  await page.mouse.up();
  await page.waitForFunction((listed) => {
    const items = [...document.querySelectorAll('#batch-tasks-timeline li')].map((li) => li.firstChild.textContent);
    return items.length > 0 && items.join('\n') !== listed;
  }, zoomed.items.map((item) => item.text).join('\n'));
  let state = await page.evaluate(() => window.BatchTasks.getState());
  assert.equal(state.selectedBatchId, '', 'a drag opens nothing');
  // The keyboard: focus the canvas on its axis (no bar there), Down picks the
  // first bar in view, Enter opens it.
  await page.mouse.click(canvas.x + 5, canvas.y + 5);
  const panned = await timelineList(page);
  const first = /of (pcb-\S+)$/.exec(panned.items[0].action)[1];
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  state = await waitForState(page, (s) => s.selectedBatchId !== '');
  assert.equal(state.selectedBatchId, first);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('in Chinese the timeline and its list are in Chinese', async () => {
  const { page, context, crashes } = await openTimeline(`${server.url}?lang=zh-CN#view=timeline`, { locale: 'zh-CN' });
  const list = await timelineList(page);
  assert.match(list.caption, /^批量任务时间线：视图中 [\d,]+ 个，共 450 个/);
  assert.ok(list.items.every((item) => /，(已完成|失败|运行中|分发中)，/.test(item.text)), list.items[0]?.text);
  assert.match(list.items[0].action, /pcb-/);
  const toggle = page.locator('#batch-tasks-mirror').getByRole('checkbox', { name: '时间线', exact: true });
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  await controlBox(page, '批次时间线：左右方向键平移，+ 和 - 缩放，上下方向键选择批次，回车打开');
  await page.screenshot({ path: path.join(artifactsDir, 'timeline-zh.png') });
  assert.deepEqual(crashes, []);
  await context.close();
});

test('inside the example portal\'s iframe, the timeline follows the portal\'s filters', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const crashes = watchCrashes(page);
  await page.goto(`${portalServer.url}portal.html?widget=${encodeURIComponent(`${server.url}index.html#view=timeline`)}`);
  let frame;
  for (let i = 0; i < 200 && !frame; ++i) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes('index.html'));
    if (!frame) await page.waitForTimeout(50);
  }
  assert.ok(frame, 'the widget frame exists');
  await frame.waitForFunction(() => {
    const s = window.BatchTasks && window.BatchTasks.getState();
    return s && s.view === 'timeline' && s.timeline && s.timeline.complete && s.timeline.batches === 450;
  }, null, { timeout: 15000 });
  await frame.waitForFunction(() => document.querySelectorAll('#batch-tasks-timeline li').length > 0);
  // The portal's filters reach the timeline: only failed batches, every page of them.
  await page.check('input[value=FAILED]');
  await page.click('button[type=submit]');
  await frame.waitForFunction(() => {
    const s = window.BatchTasks.getState();
    return s.query.status.join() === 'FAILED' && !s.loading && s.timeline.complete && s.timeline.batches === s.totalCount &&
      s.totalCount > 0 && s.totalCount < 450;
  }, null, { timeout: 15000 });
  await frame.waitForFunction(() => {
    const items = [...document.querySelectorAll('#batch-tasks-timeline li')];
    return items.length > 0 && items.every((li) => li.firstChild.textContent.includes(', FAILED, '));
  });
  await page.screenshot({ path: path.join(artifactsDir, 'timeline-portal.png') });
  assert.deepEqual(crashes, []);
  await context.close();
});
