// A page that cannot run the widget says why instead of showing a blank
// rectangle: no WebAssembly, no WebGL 2, shaders WebGL refuses, a failed
// download. A slow download shows its progress; a slow first answer,
// placeholder rows. A repeat visit takes the compiled wasm from Chromium's
// code cache, and the shaders are linked while the wasm downloads.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchIsolatedBrowser, launchProfile, startDevServer, waitForState, watchCrashes } from './harness.mjs';

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

// Chromium's trace of one visit to `url` in `context`, until the first rows
// and `settleMs` after: the names and arguments of the events asked for.
async function tracedVisit(context, url, names, settleMs) {
  const page = await context.newPage();
  const crashes = watchCrashes(page);
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value.filter((e) => names.includes(e.name))));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline', 'v8.wasm'] }, transferMode: 'ReportEvents',
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('batch-tasks:first-rows').length > 0);
  await page.waitForTimeout(settleMs);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  assert.deepEqual(crashes, []);
  return events;
}

test('a repeat visit takes the compiled wasm from Chromium\'s code cache', async () => {
  // V8 writes compiled wasm to the cache once a module has 1 MB of optimised
  // code (--wasm-caching-threshold), which this widget's start-up never has:
  // lowered here, so what is tested is the page's part, that the wasm is
  // fetched so Chromium can keep its compiled code and hand it back (a wasm
  // compiled from a new Response() or from a <link rel=preload> never is).
  const profile = mkdtempSync(path.join(tmpdir(), 'bt-code-cache-'));
  const context = await launchProfile(profile,
    ['--js-flags=--wasm-caching-threshold=1 --wasm-caching-timeout-ms=0 --wasm-tiering-budget=1000']);
  try {
    const names = ['v8.wasm.cachedModule', 'v8.wasm.moduleCacheHit', 'v8.wasm.moduleCacheInvalid', 'wasm.SetUrl'];
    const first = await tracedVisit(context, server.url, names, 1000);
    const wasmUrl = first.find((e) => e.name === 'wasm.SetUrl')?.args?.url || '';
    assert.match(wasmUrl, /batch_tasks\.[0-9a-f]+\.wasm$/, 'the wasm is compiled from its own response, which names its URL');
    assert.ok(first.some((e) => e.name === 'v8.wasm.cachedModule'), 'the first visit leaves its compiled wasm in the code cache');
    const repeat = await tracedVisit(context, server.url, names, 0);
    const hit = repeat.find((e) => e.name === 'v8.wasm.moduleCacheHit');
    assert.ok(hit, `the repeat visit takes the compiled wasm from the code cache (saw: ${repeat.map((e) => e.name).join(', ')})`);
    assert.equal(hit.args.url, wasmUrl);
    assert.ok(hit.args.consumedCacheSize > 0);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('the shaders are linked while the wasm downloads, and the first frame waits for no link', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const crashes = watchCrashes(page);
  await page.addInitScript(() => {
    const gl = WebGL2RenderingContext.prototype;
    const log = { links: [], completed: new Set(), early: [], parallel: false };
    window.__glLog = log;
    const getExtension = gl.getExtension;
    gl.getExtension = function (name) {
      const extension = getExtension.call(this, name);
      if (name === 'KHR_parallel_shader_compile' && extension) log.parallel = true;
      return extension;
    };
    const linkProgram = gl.linkProgram;
    gl.linkProgram = function (program) {
      log.links.push(performance.now());
      return linkProgram.call(this, program);
    };
    // With KHR_parallel_shader_compile: questions asked before the link is
    // known to be complete (each would wait for it).
    const getProgramParameter = gl.getProgramParameter;
    gl.getProgramParameter = function (program, pname) {
      const value = getProgramParameter.call(this, program, pname);
      if (pname === 0x91B1) { // COMPLETION_STATUS_KHR, the question that never waits
        if (value) log.completed.add(program);
      } else if (!log.completed.has(program)) {
        log.early.push(`getProgramParameter(0x${pname.toString(16)})`);
      }
      return value;
    };
    for (const name of ['getUniformLocation', 'getAttribLocation', 'getActiveUniform', 'getActiveAttrib']) {
      const original = gl[name];
      gl[name] = function (program, ...rest) {
        if (!log.completed.has(program)) log.early.push(name);
        return original.call(this, program, ...rest);
      };
    }
  });
  // Chromium's trace says when the renderer waited for the GPU process.
  const cdp = await context.newCDPSession(page);
  const events = [];
  const wanted = ['ImplementationBase::WaitForCmd', 'FireAnimationFrame', 'batch-tasks:first-frame', 'navigationStart'];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value.filter((e) => wanted.includes(e.name))));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['gpu', 'devtools.timeline', 'blink.user_timing'] }, transferMode: 'ReportEvents',
  });
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  await waitForState(page, (s) => s.rows.length > 0);
  await page.waitForFunction(() => performance.getEntriesByName('batch-tasks:first-rows').length > 0);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  const seen = await page.evaluate(() => ({
    links: window.__glLog.links,
    early: window.__glLog.early,
    parallel: window.__glLog.parallel,
    main: performance.getEntriesByName('batch-tasks:main')[0]?.startTime,
  }));
  assert.equal(seen.links.length, 1, 'one link: the widget takes the program the page linked');
  assert.ok(typeof seen.main === 'number' && seen.links[0] < seen.main, 'linked before the wasm\'s main began');
  // KHR_parallel_shader_compile is offered by most GPUs' drivers, not by SwiftShader.
  if (seen.parallel) assert.deepEqual(seen.early, [], 'nothing asked about the program before its link was complete');

  const mark = events.find((e) => e.name === 'batch-tasks:first-frame');
  assert.ok(mark, 'the first frame is marked');
  const frame = events.find((e) => e.name === 'FireAnimationFrame' && e.pid === mark.pid && e.ts <= mark.ts && mark.ts <= e.ts + e.dur);
  assert.ok(frame, 'the first frame is in the trace');
  const waits = events.filter((e) => e.name === 'ImplementationBase::WaitForCmd' && e.pid === frame.pid && e.tid === frame.tid &&
    e.ts >= frame.ts && e.ts < frame.ts + frame.dur);
  assert.equal(waits.length, 0, 'the first frame never waits for the GPU process (no link, no question about it)');
  assert.deepEqual(crashes, []);
  await context.close();
});
