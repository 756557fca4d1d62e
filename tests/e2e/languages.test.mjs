// Chinese-speaking operators: the widget in Simplified Chinese, Chinese task
// names drawn with real glyphs (not replacement boxes), and the CJK font
// fetched only when Chinese is on screen.
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

async function open(url, { blockCjkFont = false, api } = {}) {
  const fontRequests = [];
  const opened = await openWidgetInNewContext(browser, url, {
    context: { viewport: { width: 1400, height: 820 }, locale: 'en-US' },
    async prepare(page) {
      page.on('request', (r) => { if (/cjk\.[0-9a-f]+\.ttf|cjk\.ttf/.test(r.url())) fontRequests.push(r.url()); });
      if (blockCjkFont) await page.route(/cjk\.[0-9a-f]*\.?ttf/, (route) => route.abort());
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

test('lang=zh-CN: controls, table and announcements in Chinese, drawn with the CJK font', async () => {
  const { page, context, crashes, fontRequests } = await open(`${server.url}?lang=zh-CN`);
  await page.waitForFunction(() => window.BatchTasks.diagnostics().cjkFont === 'loaded');
  assert.equal(fontRequests.length, 1, 'the CJK font is fetched once');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  for (const name of ['刷新', '下一页', '上一页', '导出', '清除筛选']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, `a "${name}" button`);
  }
  const headers = await page.getByRole('table').getByRole('columnheader').allTextContents();
  assert.deepEqual(headers.slice(0, 4), ['批次 ID', '名称', '类型', '状态']);
  await page.waitForFunction(() => document.getElementById('batch-tasks-live').textContent.startsWith('第 1 页'));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifactsDir, 'widget-zh-CN.png') });

  // Real glyphs, not the fallback box: the same control differs from a render
  // without the CJK font, and its two characters differ from each other.
  const withFont = await shot(page, '刷新');
  const blocked = await open(`${server.url}?lang=zh-CN`, { blockCjkFont: true });
  await blocked.page.waitForFunction(() => window.BatchTasks.diagnostics().cjkFont === 'failed');
  await blocked.page.waitForTimeout(300);
  const withoutFont = await shot(blocked.page, '刷新');
  assert.notDeepEqual(withFont, withoutFont, 'the CJK font changes what is drawn');
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
  }, withFont.toString('base64'));
  assert.notEqual(halves[0], halves[1], 'two different characters, not two identical boxes');
  assert.deepEqual(crashes, []);
  assert.deepEqual(blocked.crashes, []);
  await context.close();
  await blocked.context.close();
});

test('English with Chinese task names: the font comes for the data', async () => {
  const { page, context, crashes, fontRequests } = await open(server.url);
  const state = await page.evaluate(() => window.BatchTasks.getState());
  assert.ok(state.rows.some((r) => /[\u4e00-\u9fff]/.test(r.TaskName)), 'the first page has Chinese names');
  await page.waitForFunction(() => window.BatchTasks.diagnostics().cjkFont === 'loaded');
  assert.equal(fontRequests.length, 1);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(crashes, []);
  await context.close();
});

test('English with no Chinese anywhere: the CJK font is never fetched', async () => {
  const api = {
    RequestId: 'R', TotalCount: 2, PageSize: 30, PageNumber: 1,
    TaskList: [
      { BatchId: 'pcb-a', TaskName: 'install', TaskType: 'polarclaw_install_skills', Status: 'RUNNING', TotalCount: 2, SuccessCount: 1, TaskBegin: '2026-04-06 20:51:44', TaskEnd: '' },
      { BatchId: 'pcb-b', TaskName: 'remove', TaskType: 'polarclaw_uninstall_skills', Status: 'COMPLETED', TotalCount: 1, SuccessCount: 1, TaskBegin: '2026-04-06 20:51:44', TaskEnd: '2026-04-06 20:52:44' },
    ],
  };
  const { page, context, crashes, fontRequests } = await open(server.url, { api });
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.BatchTasks.diagnostics().cjkFont), 'none');
  assert.deepEqual(fontRequests, []);
  assert.deepEqual(crashes, []);
  await context.close();
});
