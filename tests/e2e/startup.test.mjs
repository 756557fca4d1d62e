// A page that cannot run the widget says why instead of showing a blank
// rectangle: no WebAssembly, no WebGL 2, shaders WebGL refuses, a failed
// download. A slow download shows its progress; a slow first answer,
// placeholder rows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchIsolatedBrowser, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen']);
  browser = await launchIsolatedBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Opens the page with `prepare(page)` run first; resolves with what the page
// shows in its status box and why BatchTasks.ready was rejected.
// With `started`, the failure comes after the widget ran (BatchTasks.ready
// resolved), so the message itself is awaited.
async function failedStart(url, prepare, { started = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const uncaught = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  await prepare(page);
  await page.goto(url);
  if (started) await page.waitForFunction(() => document.getElementById('batch-tasks-status').classList.contains('batch-tasks-error'));
  const rejection = started ? (await page.locator('#batch-tasks-status-text').textContent()).trim()
    : await page.evaluate(() => window.BatchTasks.ready.then(() => null, (error) => error.message));
  const status = page.locator('#batch-tasks-status');
  const shown = {
    rejection,
    text: (await page.locator('#batch-tasks-status-text').textContent()).trim(),
    statusVisible: await status.isVisible(),
    isError: await status.evaluate((el) => el.classList.contains('batch-tasks-error')),
    canvasHidden: await page.locator('#batch-tasks-canvas').evaluate((el) => el.hidden),
    role: await status.getAttribute('role'),
    lang: await page.evaluate(() => document.documentElement.lang),
    uncaught,
  };
  await context.close();
  return shown;
}

function assertShownError(shown, pattern) {
  assert.match(shown.text, pattern);
  assert.equal(shown.rejection, shown.text, 'BatchTasks.ready is rejected with the same message (unless it had resolved)');
  assert.ok(shown.statusVisible && shown.isError, 'shown as an error');
  assert.equal(shown.role, 'status', 'screen readers hear it');
  assert.ok(shown.canvasHidden, 'no blank canvas in its place');
  assert.deepEqual(shown.uncaught, []);
}

test('no WebAssembly: the page says so, in the page\'s language', async () => {
  const noWasm = (page) => page.addInitScript(() => { delete window.WebAssembly; });
  assertShownError(await failedStart(server.url, noWasm), /cannot run WebAssembly/);
  assertShownError(await failedStart(`${server.url}?lang=zh-CN`, noWasm), /不支持 WebAssembly/);
});

test('the page picks its language by the widget\'s rule before the widget runs', async () => {
  const noWasm = (page) => page.addInitScript(() => { delete window.WebAssembly; });
  for (const tag of ['zh', 'ZH-tw', 'zh_Hans_SG']) {
    const shown = await failedStart(`${server.url}?lang=${tag}`, noWasm);
    assertShownError(shown, /不支持 WebAssembly/);
    assert.equal(shown.lang, 'zh-CN', tag);
  }
  for (const tag of ['zhx', 'en-US', 'constructor', '-zh']) {
    const shown = await failedStart(`${server.url}?lang=${tag}`, noWasm);
    assertShownError(shown, /cannot run WebAssembly/);
    assert.equal(shown.lang, 'en', tag);
  }
});

test('no WebGL 2: the page says so instead of drawing nothing', async () => {
  const shown = await failedStart(server.url, (page) => page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : getContext.call(this, type, ...rest);
    };
  }));
  assertShownError(shown, /WebGL 2 is not available/);
});

test('a failed download names what failed', async () => {
  const wasm404 = await failedStart(server.url, (page) => page.route(/batch_tasks\.[0-9a-f]+\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' })));
  assertShownError(wasm404, /could not be downloaded \(HTTP 404 for batch_tasks\.[0-9a-f]+\.wasm\)/);
  const jsDropped = await failedStart(server.url, (page) => page.route(/batch_tasks\.[0-9a-f]+\.js$/, (route) => route.abort()));
  assertShownError(jsDropped, /could not be downloaded \(batch_tasks\.[0-9a-f]+\.js\)/);
  const notWasm = await failedStart(server.url, (page) => page.route(/batch_tasks\.[0-9a-f]+\.wasm$/, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: '<html>a captive portal</html>' })));
  assertShownError(notWasm, /could not be downloaded/);
});

// Records whether the progress bar was ever shown, and its last value then.
function watchProgress(page) {
  return page.addInitScript(() => {
    window.__progressShown = [];
    document.addEventListener('DOMContentLoaded', () => {
      const bar = document.getElementById('batch-tasks-progress');
      new MutationObserver(() => { if (!bar.hidden) window.__progressShown.push(bar.value); })
        .observe(bar, { attributes: true, attributeFilter: ['hidden', 'value'] });
    });
  });
}

test('a slow download shows progress, then the widget', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await watchProgress(page);
  await page.route(/batch_tasks\.[0-9a-f]+\.wasm$/, async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await route.fulfill({ response });
  });
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  await waitForState(page, (s) => s.rows.length > 0);
  const shown = await page.evaluate(() => window.__progressShown);
  assert.ok(shown.length > 0, 'the progress bar appeared');
  assert.ok(shown.every((v) => v >= 0 && v <= 1));
  assert.equal(await page.locator('#batch-tasks-status').isVisible(), false, 'and went away once the widget ran');
  await context.close();
});

test('a slow first answer: placeholders are drawn meanwhile, not a blank canvas', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  let releaseAnswer;
  const answerHeld = new Promise((resolve) => { releaseAnswer = resolve; });
  await page.route('**/api', async (route) => {
    await answerHeld;  // until the test has seen the placeholders
    await route.continue();
  });
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  // The first frame waits for the answer only briefly, then draws placeholders.
  await page.waitForFunction(() => window.BatchTasks.diagnostics().framesDrawn > 0);
  const state = await page.evaluate(() => window.BatchTasks.getState());
  assert.equal(state.loading, true);
  assert.deepEqual(state.rows, []);
  assert.equal(await page.locator('#batch-tasks-status').isVisible(), false, 'the loading message gives way to the drawn widget');
  releaseAnswer();
  await waitForState(page, (s) => s.rows.length > 0);
  await context.close();
});

test('shaders the browser refuses: the page says so instead of drawing nothing', async () => {
  const shown = await failedStart(server.url, (page) => page.addInitScript(() => {
    const shaderSource = WebGL2RenderingContext.prototype.shaderSource;
    WebGL2RenderingContext.prototype.shaderSource = function (shader, source) {
      return shaderSource.call(this, shader, `${source}\nthis does not compile;\n`);
    };
  }), { started: true });
  assertShownError(shown, /did not accept the task table's shaders/);
});
