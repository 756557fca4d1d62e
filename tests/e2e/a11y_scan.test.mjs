// An axe-core scan of the page (serious and critical violations fail), and the
// widget at 200% browser zoom: every control still on screen and reachable.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launchIsolatedBrowser, openWidgetInNewContext, startDevServer, waitForState } from './harness.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

let server;
let browser;
before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '300']);
  browser = await launchIsolatedBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(url, options = {}) {
  const opened = await openWidgetInNewContext(browser, url, { context: { viewport: { width: 1280, height: 800 }, ...options } });
  await opened.page.waitForTimeout(300);  // the frames that settle layout after the load
  return opened;
}

for (const variant of [{ name: 'light', url: '' }, { name: 'dark', url: '?theme=dark' }, { name: 'Chinese', url: '?lang=zh-CN' }]) {
  test(`axe finds no serious or critical violation (${variant.name})`, async (t) => {
    const { page, context, crashes } = await open(server.url + variant.url);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const severe = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    t.diagnostic(`axe: ${result.violations.length} violations, ${severe.length} serious or critical` +
      (result.violations.length ? `: ${result.violations.map((v) => `${v.id} (${v.impact})`).join(', ')}` : ''));
    assert.deepEqual(severe.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`), []);
    assert.deepEqual(crashes, []);
    await context.close();
  });
}

test('at 200% zoom every control is on screen, apart from the others, and works', async () => {
  // 200% zoom of a 1280x800 window: a 640x400 CSS viewport at two device pixels per CSS pixel.
  const { page, context, crashes } = await open(server.url, { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  const boxes = await page.evaluate(() => [...document.querySelectorAll('#batch-tasks-mirror > *')].map((el) => ({
    name: el.getAttribute('aria-label'), x: el.offsetLeft, y: el.offsetTop, w: el.offsetWidth, h: el.offsetHeight,
  })));
  const controls = boxes.filter((b) => !/^pcb-/.test(b.name) && b.w > 0);
  for (const name of ['Refresh', 'Export', 'Clear filters', 'Next', 'Previous', 'Rows per page']) {
    const box = controls.find((b) => b.name === name);
    assert.ok(box, `"${name}" is drawn`);
    assert.ok(box.x >= 0 && box.x + box.w <= 640, `"${name}" is within the width: ${JSON.stringify(box)}`);
    assert.ok(box.y >= 0 && box.y + box.h <= 400, `"${name}" is within the height: ${JSON.stringify(box)}`);
  }
  // No two controls of the bars on top of each other.
  const bars = controls.filter((b) => b.h < 40);
  for (let i = 0; i < bars.length; ++i) {
    for (let j = i + 1; j < bars.length; ++j) {
      const a = bars[i];
      const b = bars[j];
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      assert.ok(!overlap, `"${a.name}" and "${b.name}" overlap`);
    }
  }
  const next = controls.find((b) => b.name === 'Next');
  await page.mouse.click(next.x + next.w / 2, next.y + next.h / 2);
  await waitForState(page, (s) => s.rowsPageNumber === 2 && !s.loading);
  assert.deepEqual(crashes, []);
  await context.close();
});
