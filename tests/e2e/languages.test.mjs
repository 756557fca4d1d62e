// Chinese-speaking operators: the widget in Simplified Chinese, and text the
// UI font lacks (Chinese task names, emoji) drawn with the browser's own fonts,
// real glyphs rather than replacement boxes, with no font ever downloaded.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, controlBox, launchIsolatedBrowser, openWidgetInNewContext, startDevServer } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '300']);
  browser = await launchIsolatedBrowser();
  mkdirSync(artifactsDir, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Font files the page asked for: there should never be any.
const fontFile = /\.(ttf|otf|woff2?)(\?|$)/;

async function open(url, { browserCannotDraw = false, api } = {}) {
  const fontRequests = [];
  const opened = await openWidgetInNewContext(browser, url, {
    context: { viewport: { width: 1400, height: 820 }, locale: 'en-US' },
    async prepare(page) {
      page.on('request', (r) => { if (fontFile.test(r.url())) fontRequests.push(r.url()); });
      // Every character the widget asks the browser to draw, in order.
      await page.addInitScript((refuse) => {
        window.__glyphsAsked = [];
        for (const Context of [OffscreenCanvasRenderingContext2D, CanvasRenderingContext2D]) {
          const measure = Context.prototype.measureText;
          Context.prototype.measureText = function (text) {
            window.__glyphsAsked.push(text);
            // A browser with no font for it: no metrics at all.
            return refuse ? { width: NaN } : measure.call(this, text);
          };
        }
      }, browserCannotDraw);
      if (api) await page.route('**/api', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(api) }));
    },
  });
  return { ...opened, fontRequests };
}

// The pixels of a drawn control, as PNG bytes.
async function shot(page, name) {
  const box = await controlBox(page, name);
  return page.screenshot({ clip: box });
}

test('lang=zh-CN: controls, table and announcements in Chinese, drawn with the browser\'s fonts', async () => {
  const { page, context, crashes, fontRequests } = await open(`${server.url}?lang=zh-CN`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  // The page's own words come from the widget's catalogue too.
  assert.equal(await page.title(), '批量任务');
  assert.equal(await page.getByRole('button', { name: '任务类型，文本框：激活后编辑', exact: true }).count(), 1);
  for (const name of ['刷新', '下一页', '上一页', '导出', '清除筛选']) {
    // The toolbar's right-hand group is placed from the width it measured a
    // frame earlier: its buttons reach the mirror a frame after the rest.
    const button = page.getByRole('button', { name, exact: true });
    await button.first().waitFor({ state: 'attached', timeout: 5000 }).catch(() => {});
    assert.equal(await button.count(), 1, `a "${name}" button`);
  }
  const headers = await page.getByRole('table').getByRole('columnheader').allTextContents();
  assert.deepEqual(headers.slice(0, 4), ['批次 ID', '名称', '类型', '状态']);
  await page.waitForFunction(() => document.getElementById('batch-tasks-live').textContent.startsWith('第 1 页'));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifactsDir, 'widget-zh-CN.png') });
  assert.ok(await page.evaluate(() => window.BatchTasks.diagnostics().systemGlyphs) > 0, 'the browser drew glyphs');
  assert.ok(await page.evaluate(() => window.__glyphsAsked.includes('刷')));
  assert.deepEqual(fontRequests, [], 'no font is downloaded');

  // Real glyphs, not the fallback box: the same control differs from a render
  // by a browser that cannot draw them, and its two characters differ.
  const drawn = await shot(page, '刷新');
  const refused = await open(`${server.url}?lang=zh-CN`, { browserCannotDraw: true });
  await refused.page.waitForTimeout(300);
  const fallback = await shot(refused.page, '刷新');
  assert.notDeepEqual(drawn, fallback, 'the browser\'s glyphs change what is drawn');
  assert.equal(await refused.page.evaluate(() => window.BatchTasks.diagnostics().systemGlyphs), 0);
  const halves = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const inked = (x0, x1) => {
      const d = ctx.getImageData(x0, 0, x1 - x0, img.height).data;
      const cols = [];
      for (let x = 0; x < x1 - x0; ++x) {
        let ink = 0;
        for (let y = 0; y < img.height; ++y) if (d[(y * (x1 - x0) + x) * 4] < 128) ++ink;
        cols.push(ink);
      }
      return cols.join(',');
    };
    const mid = Math.floor(img.width / 2);
    return [inked(0, mid), inked(mid, mid * 2)];
  }, drawn.toString('base64'));
  assert.notEqual(halves[0], halves[1], 'two different characters, not two identical boxes');
  assert.deepEqual(crashes, []);
  assert.deepEqual(refused.crashes, [], 'a browser that cannot draw them costs only the glyphs');
  await context.close();
  await refused.context.close();
});

test('English with Chinese task names: the browser draws the names, Roboto the rest', async () => {
  const { page, context, crashes, fontRequests } = await open(server.url);
  const state = await page.evaluate(() => window.BatchTasks.getState());
  assert.ok(state.rows.some((r) => /[\u4e00-\u9fff]/.test(r.TaskName)), 'the first page has Chinese names');
  await page.waitForFunction(() => window.BatchTasks.diagnostics().systemGlyphs > 0);
  const asked = await page.evaluate(() => window.__glyphsAsked);
  assert.ok(asked.some((t) => /[\u4e00-\u9fff]/.test(t)));
  assert.ok(!asked.some((t) => /^[\x20-\x7e]$/.test(t)), `never asked for ASCII, which Roboto has: ${asked.join(' ')}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(fontRequests, []);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('emoji in a task name are drawn in their own colours', async () => {
  const api = {
    RequestId: 'R', TotalCount: 2, PageSize: 30, PageNumber: 1,
    TaskList: [
      { BatchId: 'pcb-a', TaskName: 'install \u{1F34A}\u{1F34A}\u{1F34A}', TaskType: 'polarclaw_install_skills', Status: 'RUNNING', TotalCount: 2, SuccessCount: 1, TaskBegin: '2026-04-06 20:51:44', TaskEnd: '' },
      { BatchId: 'pcb-b', TaskName: 'remove', TaskType: 'polarclaw_uninstall_skills', Status: 'RUNNING', TotalCount: 1, SuccessCount: 0, TaskBegin: '2026-04-06 20:51:44', TaskEnd: '' },
    ],
  };
  const { page, context, crashes, fontRequests } = await open(server.url, { api });
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => [...new Set(window.__glyphsAsked)]), ['\u{1F34A}'], 'only the emoji is not Roboto\'s');
  // Orange (the tangerine's own colour) appears nowhere else in the widget.
  const png = await page.locator('#batch-tasks-canvas').screenshot();
  const orange = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] > 90 && d[i + 1] < 190 && d[i + 2] < 80) ++n;
    return n;
  }, png.toString('base64'));
  assert.ok(orange > 50, `orange pixels: ${orange}`);
  assert.deepEqual(fontRequests, []);
  assert.deepEqual(crashes, []);
  await context.close();
});
