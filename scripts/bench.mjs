// The benchmark (not a test): the widget and a minimal DOM baseline
// (bench/baseline/), side by side in headless Chromium against the same mock
// API, served with the README's CDN cache headers. Measures what the page
// downloads, the time to the first rows on first visits (a fresh browser
// context each) and on repeat visits (one browser profile after a first
// load), where that time goes according to Chromium's trace
// (scripts/bench-trace.mjs), what the page costs while idle, and the
// timeline's main-thread milliseconds per frame while panning 10,000 batches;
// writes build/bench/bench.json and build/bench/bench.md and prints the Markdown.
// Run through scripts/bench.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { phasesFromTrace, startTrace } from './bench-trace.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = path.join(repoRoot, 'build/bench');
const baselineDir = path.join(repoRoot, 'bench/baseline');
const firstRowsMark = 'batch-tasks:first-rows';
// Both servers get the same frozen data set, so both pages fetch identical bytes.
// --cdn-cache: index.html cached for a minute, hashed files for a year, as the README's CDN headers say.
const mockArgs = ['--frozen', '--now', '2026-04-06T20:51:44Z', '--cdn-cache'];
const loadTimeoutMs = 30000;
const warmupLoads = 1;        // per page, not counted: the first load after launch pays for process start-up
const idleSettleSeconds = 1;  // after the first rows, before the idle window opens
const goals = {
  idleCpuPercent: 1,          // of one core
  firstRowsRatio: 2.5,        // widget median / baseline median, first visits (issue #17)
  repeatRowsRatio: 2.5,       // the same on repeat visits
  firstLoadBrotliBytes: 250_000,
};

// The timeline (issue #16): a mock with this many batches, panned by mouse drags.
const timelineBatches = 10000;
const timelineGoals = { medianMs: 2, p95Ms: 4 };
const timelineCanvasName = 'Timeline of batches: arrows pan, + and - zoom, Up and Down choose a batch, Enter opens it';

class BenchError extends Error {}

const usage = `usage: scripts/bench [--loads N] [--repeat-loads N] [--trace-loads N] [--idle-seconds S] [--timeline-drags N] [--timeline-only] [--no-build]
  --loads N          timed first visits per page, each in a fresh browser context (default 7, at least 1)
  --repeat-loads N   timed repeat visits per page, in one browser profile after a first load (default 6, at least 1)
  --trace-loads N    further loads per page and kind of visit, traced for the phase table (default 3; 0: none)
  --idle-seconds S   length of the idle window after load (default 10)
  --timeline-drags N drags across the timeline of ${timelineBatches} batches per view measured (default 4, at least 1)
  --timeline-only    measure only the timeline (no loads, sizes or idle window)
  --no-build         skip scripts/setup and scripts/build wasm; use build/wasm/site as it is`;

function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        loads: { type: 'string', default: '7' },
        'repeat-loads': { type: 'string', default: '6' },
        'trace-loads': { type: 'string', default: '3' },
        'idle-seconds': { type: 'string', default: '10' },
        'timeline-drags': { type: 'string', default: '4' },
        'timeline-only': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new BenchError(`${error.message} (scripts/bench --help lists the options)`);
  }
  if (parsed.help) return { help: true };
  const loads = Number(parsed.loads);
  const repeatLoads = Number(parsed['repeat-loads']);
  const traceLoads = Number(parsed['trace-loads']);
  const idleSeconds = Number(parsed['idle-seconds']);
  if (!Number.isInteger(loads) || loads < 1) throw new BenchError(`--loads must be a whole number of at least 1, not '${parsed.loads}'`);
  if (!Number.isInteger(repeatLoads) || repeatLoads < 1) throw new BenchError(`--repeat-loads must be a whole number of at least 1, not '${parsed['repeat-loads']}'`);
  if (!Number.isInteger(traceLoads) || traceLoads < 0) throw new BenchError(`--trace-loads must be a whole number, not '${parsed['trace-loads']}'`);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= 0) throw new BenchError(`--idle-seconds must be a positive number, not '${parsed['idle-seconds']}'`);
  const timelineDrags = Number(parsed['timeline-drags']);
  if (!Number.isInteger(timelineDrags) || timelineDrags < 1) throw new BenchError(`--timeline-drags must be a whole number of at least 1, not '${parsed['timeline-drags']}'`);
  return { loads, repeatLoads, traceLoads, idleSeconds, timelineDrags, timelineOnly: parsed['timeline-only'], build: !parsed['no-build'] };
}

// scripts/setup and scripts/build print their own one-line reasons on failure.
function runStep(script, args = []) {
  const result = spawnSync(path.join(repoRoot, 'scripts', script), args, { stdio: 'inherit' });
  if (result.error) throw new BenchError(`could not run scripts/${script}: ${result.error.message}`);
  if (result.status !== 0) throw new BenchError(`scripts/${script} ${args.join(' ')} failed (see above)`);
}

// --- sizes -------------------------------------------------------------------

function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

function sumSizes(list) {
  return list.reduce((total, sizes) => ({
    raw: total.raw + sizes.raw, gzip: total.gzip + sizes.gzip, brotli: total.brotli + sizes.brotli,
  }), { raw: 0, gzip: 0, brotli: 0 });
}

// The file in the served folder behind a static URL the page requested, the
// way scripts/devserver maps it ("/" is index.html).
function servedFile(rootDir, url) {
  let relative = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '');
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const file = path.resolve(rootDir, relative);
  if (!file.startsWith(rootDir + path.sep)) throw new BenchError(`the page requested ${url}, outside ${rootDir}`);
  return file;
}

// --- statistics --------------------------------------------------------------

function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples };
}

// Medians of each start-up phase a page marked (null where it marked none).
function summarisePhases(loads) {
  const keys = Object.keys(loads[0]?.phases || {});
  return Object.fromEntries(keys.map((key) => {
    const values = loads.map((load) => load.phases[key]).filter((v) => typeof v === 'number');
    return [key, values.length ? summarise(values).median : null];
  }));
}

// Medians of what the traced loads say; flags as how many of them said yes.
function summariseTraces(list) {
  if (!list.length) return null;
  const out = { loads: list.length };
  for (const key of Object.keys(list[0])) {
    const values = list.map((t) => t[key]);
    if (values.every((v) => typeof v === 'boolean' || v === null) && values.some((v) => typeof v === 'boolean')) {
      out[key] = values.filter(Boolean).length;
    } else if (values.some((v) => v && typeof v === 'object')) {
      const spans = values.filter((v) => v && typeof v === 'object');
      out[key] = spans.length ? { file: spans[0].file, start: summarise(spans.map((v) => v.start)).median,
        end: summarise(spans.map((v) => v.end)).median } : null;
    } else {
      const numbers = values.filter((v) => typeof v === 'number');
      out[key] = numbers.length ? summarise(numbers).median : null;
    }
  }
  return out;
}

// --- one page load -----------------------------------------------------------

let browserViewportSize = null;

// Counts the requestAnimationFrame callbacks the page actually runs (frames it
// drew), whoever asked for them; installed before any of the page's scripts.
function countAnimationFrames() {
  const request = window.requestAnimationFrame.bind(window);
  let framesRun = 0;
  window.requestAnimationFrame = function (callback) {
    return request(function (time) {
      framesRun += 1;
      return callback(time);
    });
  };
  Object.defineProperty(window, '__benchFramesRun', { get: () => framesRun });
}

// Loads `pageSpec.url` in a new page of `context` and waits for the
// first-rows mark. Records every request the page made; optionally measures
// an idle window, or records Chromium's trace of the load (`trace`).
async function loadPage(context, pageSpec, { idleSeconds = 0, trace = false } = {}) {
  const page = await context.newPage();
  try {
    await page.addInitScript(countAnimationFrames);
    const problems = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('crash', () => problems.push('the page crashed'));
    const apiPath = new URL('api', pageSpec.url).pathname;
    const requests = [];
    const apiAnswers = [];
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`));
    page.on('response', (response) => {
      const request = response.request();
      const entry = { method: request.method(), url: response.url(), status: response.status() };
      const pathname = new URL(entry.url).pathname;
      const isApi = pathname === apiPath;
      // The service's GET {api}/config (regions) is an API call too, not a static file.
      if (isApi) apiAnswers.push(response.body().then((body) => ({ ...entry, body }), () => ({ ...entry, body: null })));
      else if (pathname !== `${apiPath}/config`) requests.push(entry);
    });

    const tracing = trace ? await startTrace(await context.newCDPSession(page)) : null;
    await page.goto(pageSpec.url, { waitUntil: 'commit', timeout: loadTimeoutMs });
    try {
      await page.waitForFunction((mark) => performance.getEntriesByName(mark, 'mark').length > 0,
        firstRowsMark, { timeout: loadTimeoutMs, polling: 50 });
    } catch {
      throw new BenchError(`${pageSpec.name} (${pageSpec.url}) set no '${firstRowsMark}' mark within ${loadTimeoutMs / 1000} s` +
        (problems.length ? `: ${problems.join('; ')}` : ''));
    }
    // startTime is relative to the time origin, which for a navigation is its start.
    const firstRowsMs = await page.evaluate((mark) => performance.getEntriesByName(mark, 'mark')[0].startTime, firstRowsMark);
    // Where the time went: the widget's start-up marks and the first API answer.
    const phases = await page.evaluate((apiPath) => {
      const at = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
      const api = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === apiPath);
      return {
        apiAnswered: api ? api.responseEnd : null,
        boot: at('batch-tasks:boot'),
        webglContext: at('batch-tasks:webgl-context'),
        earlyAnswer: at('batch-tasks:early-answer'),
        main: at('batch-tasks:main'),
        started: at('batch-tasks:started'),
        firstFrame: at('batch-tasks:first-frame'),
      };
    }, apiPath);
    let traced = null;
    if (tracing) {
      await page.waitForTimeout(200); // the trace's last events (the frame's end) come in after the mark
      traced = phasesFromTrace(await tracing.stop(), page.url());
      if (!traced) throw new BenchError(`${pageSpec.name}: the trace of ${pageSpec.url} holds no navigation or no first rows`);
    }

    let idle = null;
    if (idleSeconds > 0) {
      await page.waitForTimeout(idleSettleSeconds * 1000);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const metrics = async () => {
        const { metrics: list } = await cdp.send('Performance.getMetrics');
        const byName = Object.fromEntries(list.map(({ name, value }) => [name, value]));
        return { ...byName, frames: await page.evaluate(() => window.__benchFramesRun) };
      };
      const apiAnswersBefore = apiAnswers.length;
      const start = await metrics();
      await page.waitForTimeout(idleSeconds * 1000);
      const end = await metrics();
      // Timestamp and TaskDuration are in seconds; TaskDuration is main-thread
      // busy time, so busy/elapsed is the share of one core.
      const elapsed = end.Timestamp - start.Timestamp;
      const taskSeconds = end.TaskDuration - start.TaskDuration;
      idle = {
        windowSeconds: elapsed,
        taskSeconds,
        scriptSeconds: end.ScriptDuration - start.ScriptDuration,
        cpuPercentOfOneCore: (taskSeconds / elapsed) * 100,
        frames: end.frames - start.frames,
        framesPerSecond: (end.frames - start.frames) / elapsed,
        apiRequests: apiAnswers.length - apiAnswersBefore,
      };
      await cdp.detach();
    }

    if (problems.length) throw new BenchError(`${pageSpec.name} (${pageSpec.url}): ${problems.join('; ')}`);
    const answers = await Promise.all(apiAnswers);
    return { firstRowsMs, phases, traced, requests, apiAnswers: answers, idle };
  } finally {
    await page.close();
  }
}

// A first visit: a fresh browser context, nothing cached.
async function firstVisit(browser, pageSpec, options) {
  const context = await browser.newContext({ viewport: browserViewportSize });
  try {
    return await loadPage(context, pageSpec, options);
  } finally {
    await context.close();
  }
}

// --- the timeline while panning ----------------------------------------------

// The widget showing the timeline of the mock's ${timelineBatches} batches, loaded;
// then drags across its canvas (the pointer moved a step per frame), each
// followed by diagnostics().frameMs: the main thread's time per drawn frame
// over the latest 120 frames, which the drag filled. Two views: fitted (every
// bar in view) and zoomed in (the wheel, ten notches, over the newest bars).
async function measureTimeline(harness, browser, options) {
  // A live mock (not the frozen one of the loads): its clock is the browser's,
  // so the running bars reach a now next to the data, as they do in production.
  const server = await harness.startDevServer(['--batches', String(timelineBatches)]);
  const context = await browser.newContext({ viewport: harness.browserViewport });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}?refresh=off#view=timeline`);
    await page.evaluate(() => window.BatchTasks.ready);
    const loadStarted = Date.now();
    await page.waitForFunction(() => {
      const s = window.BatchTasks.getState();
      return s && s.timeline && s.timeline.complete;
    }, null, { timeout: 300000, polling: 250 });
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const state = await page.evaluate(() => window.BatchTasks.getState());
    if (state.timeline.batches !== timelineBatches) {
      throw new BenchError(`the timeline loaded ${state.timeline.batches} batches, not ${timelineBatches}`);
    }
    const canvas = await harness.controlBox(page, timelineCanvasName);
    const nextFrame = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    const y = canvas.y + canvas.height * 0.6;
    async function drag(fromShare, toShare) {
      const steps = 160;
      const from = canvas.x + canvas.width * fromShare;
      const to = canvas.x + canvas.width * toShare;
      await page.mouse.move(from, y);
      await page.mouse.down();
      const framesBefore = (await page.evaluate(() => window.BatchTasks.diagnostics())).framesDrawn;
      for (let i = 1; i <= steps; i++) {
        await page.mouse.move(from + ((to - from) * i) / steps, y);
        await nextFrame();
      }
      await page.mouse.up();
      const d = await page.evaluate(() => window.BatchTasks.diagnostics());
      return { ...d.frameMs, frames: d.framesDrawn - framesBefore };
    }
    async function pan(view) {
      await drag(0.3, 0.7); // warm-up: not counted
      const drags = [];
      for (let i = 0; i < options.timelineDrags; i++) {
        const result = await drag(i % 2 ? 0.3 : 0.7, i % 2 ? 0.7 : 0.3);
        drags.push(result);
        process.stderr.write(`bench: timeline ${view}, drag ${i + 1}/${options.timelineDrags}: ` +
          `median ${result.median.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms over the latest 120 of ${result.frames} frames\n`);
      }
      const medians = drags.map((d) => d.median).sort((a, b) => a - b);
      const p95s = drags.map((d) => d.p95).sort((a, b) => a - b);
      return {
        drags,
        medianMs: medians[Math.floor((medians.length - 1) / 2)],
        p95Ms: p95s[Math.floor((p95s.length - 1) / 2)],
        worstP95Ms: p95s[p95s.length - 1],
      };
    }
    const fitted = await pan('fitted');
    const caption = () => page.evaluate(() => document.querySelector('#batch-tasks-timeline h2')?.textContent ?? '');
    const fittedCaption = await caption();
    await page.mouse.move(canvas.x + canvas.width * 0.95, y);
    for (let i = 0; i < 10; i++) {
      await page.mouse.wheel(0, -120);
      await nextFrame();
    }
    const zoomed = await pan('zoomed in');
    return {
      batches: state.timeline.batches, lanes: state.timeline.lanes, pages: state.timeline.pagesLoaded, loadSeconds,
      fitted: { ...fitted, inView: fittedCaption }, zoomed: { ...zoomed, inView: await caption() },
    };
  } finally {
    await context.close().catch(() => {});
    await server.stop().catch(() => {});
  }
}

function timelineMarkdown(timeline) {
  if (!timeline) return [];
  const row = (name, view) => `| ${name} | ${view.medianMs.toFixed(2)} ms | ${view.p95Ms.toFixed(2)} ms (worst ${view.worstP95Ms.toFixed(2)}) | ` +
    `≤ ${timelineGoals.medianMs} / ≤ ${timelineGoals.p95Ms} ms | ${mark(view.medianMs <= timelineGoals.medianMs && view.p95Ms <= timelineGoals.p95Ms)} | ${view.inView} |`;
  return [
    `## Timeline with ${timelineBatches.toLocaleString('en')} batches (mock \`--batches ${timelineBatches}\`): main-thread milliseconds per frame while panning`,
    '',
    `${timeline.batches.toLocaleString('en')} batches in ${timeline.lanes} lanes, loaded in ${timeline.pages} pages in ${timeline.loadSeconds.toFixed(1)} s. ` +
      `Each drag moves the pointer across 40% of the canvas in 160 steps, one per frame; \`diagnostics().frameMs\` then covers the latest 120 frames drawn. ` +
      `Medians over ${timeline.fitted.drags.length} drags per view, after one warm-up drag.`,
    '',
    '| view | median | p95 | goal (median / p95) | met | in view (the mirrored list\'s caption) |',
    '|---|---:|---:|---|---|---|',
    row('fitted: every bar', timeline.fitted),
    row('zoomed in: ten wheel notches', timeline.zoomed),
    '',
  ];
}

// --- the run -----------------------------------------------------------------

function transferSizes(pageSpec, loads) {
  // Every static URL any load asked for (they should all ask for the same).
  const urls = new Map();
  for (const load of loads) {
    for (const request of load.requests) {
      if (request.status >= 400) throw new BenchError(`${pageSpec.name}: ${request.method} ${request.url} answered ${request.status}`);
      if (request.status >= 300) continue; // a redirect; its target is requested too
      urls.set(new URL(request.url).pathname, request.url);
    }
  }
  const files = [...urls.values()].map((url) => {
    const file = servedFile(pageSpec.root, url);
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new BenchError(`${pageSpec.name}: cannot read ${file} for ${url}: ${error.code || error.message}`);
    }
    return { path: path.relative(pageSpec.root, file), url: new URL(url).pathname, ...compressedSizes(bytes) };
  }).sort((a, b) => b.raw - a.raw);

  const firstAnswer = loads[0].apiAnswers[0];
  if (!firstAnswer || firstAnswer.status !== 200 || !firstAnswer.body) {
    throw new BenchError(`${pageSpec.name}: the first API answer was ${firstAnswer ? `HTTP ${firstAnswer.status}` : 'missing'}`);
  }
  const api = { ...compressedSizes(firstAnswer.body), requestsPerLoad: loads[0].apiAnswers.length };
  const staticTotal = sumSizes(files);
  return { files, static: staticTotal, api, firstLoad: sumSizes([staticTotal, api]) };
}

async function measure(options) {
  const harness = await import('../tests/e2e/harness.mjs');
  const servers = [];
  let browser;
  try {
    // A second --root after the harness's own: the devserver keeps the last one.
    const widgetServer = await harness.startDevServer(mockArgs);
    servers.push(widgetServer);
    const baselineServer = await harness.startDevServer([...mockArgs, '--root', baselineDir]);
    servers.push(baselineServer);
    const pages = [
      { key: 'widget', name: 'the widget', url: widgetServer.url, root: path.resolve(harness.siteDir) },
      { key: 'baseline', name: 'the baseline', url: baselineServer.url, root: baselineDir },
    ];
    for (const pageSpec of pages) {
      try {
        statSync(path.join(pageSpec.root, 'index.html'));
      } catch {
        throw new BenchError(`${pageSpec.root}/index.html is missing${pageSpec.key === 'widget' ? '; run scripts/build wasm' : ''}`);
      }
    }

    try {
      browser = await harness.launchIsolatedBrowser();
    } catch (error) {
      throw new BenchError(`could not start Chromium: ${error.message.split('\n')[0]}`);
    }
    browserViewportSize = harness.browserViewport;
    const say = (pageSpec, which, load) => process.stderr.write(
      `bench: ${pageSpec.key} ${which}: first rows at ${load.firstRowsMs.toFixed(0)} ms\n`);

    // First visits. Alternate the pages, so drift on the machine affects both alike.
    const loads = { widget: [], baseline: [] };
    const traced = { first: { widget: [], baseline: [] }, repeat: { widget: [], baseline: [] } };
    for (let round = 0; round < warmupLoads + options.loads; round++) {
      for (const pageSpec of pages) {
        const load = await firstVisit(browser, pageSpec);
        if (round >= warmupLoads) loads[pageSpec.key].push(load);
        say(pageSpec, round < warmupLoads ? 'warm-up first visit' : `first visit ${round + 1 - warmupLoads}/${options.loads}`, load);
      }
    }
    for (let round = 0; round < options.traceLoads; round++) {
      for (const pageSpec of pages) {
        const load = await firstVisit(browser, pageSpec, { trace: true });
        traced.first[pageSpec.key].push(load.traced);
        say(pageSpec, `traced first visit ${round + 1}/${options.traceLoads}`, load);
      }
    }

    // Repeat visits: one browser profile per page (on disk, as a person's
    // is: Chromium keeps compiled code only there), a first load, then the
    // timed ones; each a new tab, as a person opening the page again.
    const repeats = { widget: [], baseline: [] };
    const profiles = {};
    try {
      for (const pageSpec of pages) {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'bt-bench-profile-'));
        profiles[pageSpec.key] = { dir, context: await harness.launchProfile(dir) };
        say(pageSpec, 'first visit of its profile', await loadPage(profiles[pageSpec.key].context, pageSpec));
      }
      for (let round = 0; round < options.repeatLoads + options.traceLoads; round++) {
        for (const pageSpec of pages) {
          const trace = round >= options.repeatLoads;
          const load = await loadPage(profiles[pageSpec.key].context, pageSpec, { trace });
          if (trace) traced.repeat[pageSpec.key].push(load.traced);
          else repeats[pageSpec.key].push(load);
          say(pageSpec, trace ? `traced repeat visit ${round + 1 - options.repeatLoads}/${options.traceLoads}`
            : `repeat visit ${round + 1}/${options.repeatLoads}`, load);
        }
      }
    } finally {
      for (const { dir, context } of Object.values(profiles)) {
        await context.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      }
    }

    const idle = {};
    for (const pageSpec of pages) {
      process.stderr.write(`bench: ${pageSpec.key} idle for ${options.idleSeconds} s\n`);
      const load = await firstVisit(browser, pageSpec, { idleSeconds: options.idleSeconds });
      loads[pageSpec.key].push({ ...load, untimed: true }); // its requests still count towards the transfer sizes
      idle[pageSpec.key] = load.idle;
    }

    process.stderr.write(`bench: the timeline with ${timelineBatches} batches\n`);
    const timeline = await measureTimeline(harness, browser, options);

    const results = {};
    for (const pageSpec of pages) {
      results[pageSpec.key] = {
        url: pageSpec.url,
        root: path.relative(repoRoot, pageSpec.root),
        transfer: transferSizes(pageSpec, loads[pageSpec.key]),
        firstRowsMs: summarise(loads[pageSpec.key].filter((load) => !load.untimed).map((load) => load.firstRowsMs)),
        repeatFirstRowsMs: summarise(repeats[pageSpec.key].map((load) => load.firstRowsMs)),
        phasesMs: summarisePhases(loads[pageSpec.key].filter((load) => !load.untimed)),
        repeatPhasesMs: summarisePhases(repeats[pageSpec.key]),
        trace: { first: summariseTraces(traced.first[pageSpec.key]), repeat: summariseTraces(traced.repeat[pageSpec.key]) },
        idle: idle[pageSpec.key],
      };
    }
    return { chromium: browser.version(), pages: results, timeline };
  } finally {
    await browser?.close().catch(() => {});
    for (const server of servers) await server.stop().catch(() => {});
  }
}

// --- report ------------------------------------------------------------------

// Where the time goes, from the traced loads: medians, ms from navigation.
function traceTable(report) {
  const columns = [['first', 'widget'], ['first', 'baseline'], ['repeat', 'widget'], ['repeat', 'baseline']];
  const traces = columns.map(([visit, key]) => report.pages[key].trace[visit]);
  if (traces.every((t) => !t)) return [];
  const num = (v) => (typeof v === 'number' ? v.toFixed(0) : '–');
  const span = (from, to) => (t) => (typeof t[from] === 'number' && typeof t[to] === 'number' ? `${num(t[from])}–${num(t[to])}` : '–');
  const scriptSpan = (key) => (t) => (t[key] ? `${num(t[key].start)}–${num(t[key].end)}` : '–');
  const count = (key) => (t) => (typeof t[key] === 'number' ? `${t[key]} of ${t.loads}` : '–');
  const rows = [
    ['HTML received (from the HTTP cache: loads)', (t) => `${num(t.htmlReceived)} (${count('htmlFromCache')(t)})`],
    ['shell script evaluated (boot.js; baseline.js)', scriptSpan('bootScript')],
    ['WebGL context made (`boot` → `webgl-context` marks)', span('boot', 'webglContext')],
    ['wasm requested → received (from the HTTP cache: loads)', (t) => `${span('wasmSent', 'wasmReceived')(t)} (${count('wasmFromCache')(t)})`],
    ['wasm streaming compile, start → end', span('compileStart', 'compileEnd')],
    ['compiled wasm taken from the code cache (`v8.wasm.moduleCacheHit`)', count('moduleCacheHit')],
    ['compiled wasm written to the code cache (`v8.wasm.cachedModule`)', count('moduleCached')],
    ['batch_tasks.js evaluated', scriptSpan('widgetScript')],
    ['wasm instantiated', span('instantiateStart', 'instantiateEnd')],
    ['`main` begins (`batch-tasks:main`) → start-up done (`batch-tasks:started`)', span('main', 'started')],
    ['first API request sent → answer in', span('apiSent', 'apiReceived')],
    ['shader program linked in the GPU process', (t) => num(t.link)],
    ['first frame (its animation frame, start → `batch-tasks:first-frame`)', span('firstFrameStart', 'firstFrame')],
    ['**first rows** (`batch-tasks:first-rows`)', (t) => `**${num(t.firstRows)}**`],
    ['wasm compiled lazily on the main thread before first rows, ms (functions)', (t) => `${num(t.lazyCompileMs)} (${num(t.lazyCompiled)})`],
    ['main thread waiting on the GPU process (GL round trips) before first rows, ms (waits)', (t) => `${num(t.glWaitMs)} (${num(t.glWaits)})`],
    ['… of which in the first frame, ms (waits)', (t) => `${num(t.firstFrameGlWaitMs)} (${num(t.firstFrameGlWaits)})`],
    ['main thread busy before first rows, ms', (t) => num(t.mainThreadBusyMs)],
  ];
  const loads = traces.find(Boolean).loads;
  return [
    `Where the time goes: Chromium's trace, median of ${loads} traced loads each, ms from navigation (a–b: from a to b):`,
    '',
    '| phase | first visit, widget | first visit, baseline | repeat visit, widget | repeat visit, baseline |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(([label, cell]) => `| ${label} | ${traces.map((t) => (t ? cell(t) : '–')).join(' | ')} |`),
    '',
  ];
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(0)} ms`;
const mark = (met) => (met ? 'yes' : '**no**');

function verdicts(pages) {
  const { widget, baseline } = pages;
  const ratio = widget.firstRowsMs.median / baseline.firstRowsMs.median;
  const repeatRatio = widget.repeatFirstRowsMs.median / baseline.repeatFirstRowsMs.median;
  return {
    idleCpu: { value: widget.idle.cpuPercentOfOneCore, goal: `< ${goals.idleCpuPercent}% of one core`, met: widget.idle.cpuPercentOfOneCore < goals.idleCpuPercent },
    firstRows: { value: ratio, goal: `<= ${goals.firstRowsRatio} x baseline median`, met: ratio <= goals.firstRowsRatio },
    repeatRows: { value: repeatRatio, goal: `<= ${goals.repeatRowsRatio} x baseline median`, met: repeatRatio <= goals.repeatRowsRatio },
    firstLoadBrotli: { value: widget.transfer.firstLoad.brotli, goal: `< ${goals.firstLoadBrotliBytes} bytes brotli`, met: widget.transfer.firstLoad.brotli < goals.firstLoadBrotliBytes },
  };
}

function markdown(report) {
  const { widget, baseline } = report.pages;
  const v = report.verdicts;
  const range = (s) => `${ms(s.median)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const lines = [
    `# Benchmark: widget vs. DOM baseline`,
    '',
    `${report.generatedAt}, Chromium ${report.environment.chromium} headless (SwiftShader), ` +
      `${report.environment.cpus} cores (load average ${report.environment.loadAverageAtStart.toFixed(1)} → ${report.environment.loadAverageAtEnd.toFixed(1)}); ${report.options.loads} timed first visits per page after ${warmupLoads} warm-up, ` +
      `${report.options.repeatLoads} timed repeat visits per page in one profile, ${report.options.traceLoads} traced loads per page and kind; ` +
      `idle window ${report.options.idleSeconds} s starting ${idleSettleSeconds} s after the first rows. KB = 1000 bytes.`,
    '',
    '| measure | widget | baseline | goal | met |',
    '|---|---:|---:|---|---|',
    `| static files, raw | ${kb(widget.transfer.static.raw)} | ${kb(baseline.transfer.static.raw)} | | |`,
    `| static files, gzip -9 | ${kb(widget.transfer.static.gzip)} | ${kb(baseline.transfer.static.gzip)} | | |`,
    `| static files, brotli 11 | ${kb(widget.transfer.static.brotli)} | ${kb(baseline.transfer.static.brotli)} | | |`,
    `| API response (first page), raw / brotli | ${kb(widget.transfer.api.raw)} / ${kb(widget.transfer.api.brotli)} | ${kb(baseline.transfer.api.raw)} / ${kb(baseline.transfer.api.brotli)} | | |`,
    `| whole first load, brotli (static + API) | ${kb(widget.transfer.firstLoad.brotli)} | ${kb(baseline.transfer.firstLoad.brotli)} | < ${kb(goals.firstLoadBrotliBytes)} | ${mark(v.firstLoadBrotli.met)} |`,
    `| time to first rows, first visit, median (min–max) | ${range(widget.firstRowsMs)} | ${range(baseline.firstRowsMs)} | ≤ ${goals.firstRowsRatio} × baseline (now ${v.firstRows.value.toFixed(2)} ×) | ${mark(v.firstRows.met)} |`,
    `| time to first rows, repeat visit, median (min–max) | ${range(widget.repeatFirstRowsMs)} | ${range(baseline.repeatFirstRowsMs)} | ≤ ${goals.repeatRowsRatio} × baseline (now ${v.repeatRows.value.toFixed(2)} ×) | ${mark(v.repeatRows.met)} |`,
    `| idle main-thread CPU, % of one core | ${widget.idle.cpuPercentOfOneCore.toFixed(2)}% | ${baseline.idle.cpuPercentOfOneCore.toFixed(2)}% | < ${goals.idleCpuPercent}% | ${mark(v.idleCpu.met)} |`,
    `| frames drawn per idle second | ${widget.idle.framesPerSecond.toFixed(1)} | ${baseline.idle.framesPerSecond.toFixed(1)} | | |`,
    `| API requests during the idle window | ${widget.idle.apiRequests} | ${baseline.idle.apiRequests} | | |`,
    '',
    ...traceTable(report),
    ...timelineMarkdown(report.timeline),
    '| file | page | raw | gzip -9 | brotli 11 |',
    '|---|---|---:|---:|---:|',
  ];
  for (const [key, result] of Object.entries(report.pages)) {
    for (const file of result.transfer.files) {
      lines.push(`| ${file.path} | ${key} | ${kb(file.raw)} | ${kb(file.gzip)} | ${kb(file.brotli)} |`);
    }
  }
  const fontFiles = widget.transfer.files.filter((file) => /\.(woff2?|ttf|otf)$/i.test(file.path));
  lines.push(
    '',
    'Notes:',
    '- Sizes are of the files the page requested, read from the served folder and compressed here, each on its own ' +
      '(as a server would send them); the whole first load adds the first API response, compressed the same way. ' +
      (fontFiles.length ? `Font files requested: ${fontFiles.map((file) => file.path).join(', ')}.`
        : 'The widget requested no font files: Roboto is inside batch_tasks.wasm, and text Roboto lacks is drawn with the system\'s fonts.'),
    '- Time to first rows runs from navigation start (the performance time origin) to the ' +
      `\`${firstRowsMark}\` mark; the baseline sets its mark once its DOM table is laid out. A first visit is a fresh ` +
      'browser context (empty cache); a repeat visit is a new tab in one on-disk profile that has loaded the page ' +
      'before, the site served with the README\'s CDN headers (`index.html` cached a minute, hashed files a year).',
    '- The phase table comes from Chromium\'s trace (CDP `Tracing`, scripts/bench-trace.mjs) of separate loads, ' +
      'since tracing slows a page: read it for where the time goes, the first table for how long it takes.',
    '- Idle CPU is the page\'s main-thread busy time (CDP `Performance.getMetrics` TaskDuration) over the window, ' +
      'as a share of one core; GPU-process work (SwiftShader) is not included. Frames are ' +
      '`requestAnimationFrame` callbacks the page ran.',
    '',
  );
  return lines.join('\n');
}

async function measureTimelineOnly(options) {
  const harness = await import('../tests/e2e/harness.mjs');
  try {
    statSync(path.join(harness.siteDir, 'index.html'));
  } catch {
    throw new BenchError(`${harness.siteDir}/index.html is missing; run scripts/build wasm`);
  }
  const browser = await harness.launchIsolatedBrowser();
  try {
    return await measureTimeline(harness, browser, options);
  } finally {
    await browser.close().catch(() => {});
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(usage);
    return;
  }
  if (options.build) {
    runStep('setup');
    runStep('build', ['wasm']);
  }
  const started = Date.now();
  // Other work on the machine skews every timing here; the report says how busy it was.
  const loadAverageAtStart = os.loadavg()[0];
  if (options.timelineOnly) {
    const timeline = await measureTimelineOnly(options);
    const report = { generatedAt: new Date().toISOString(), options: { timelineDrags: options.timelineDrags },
      environment: { cpus: os.cpus().length, loadAverageAtStart, loadAverageAtEnd: os.loadavg()[0] }, timelineGoals, timeline };
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(path.join(outputDir, 'bench-timeline.json'), `${JSON.stringify(report, null, 2)}\n`);
    const table = [`${report.generatedAt}, ${report.environment.cpus} cores (load average ` +
      `${loadAverageAtStart.toFixed(1)} → ${report.environment.loadAverageAtEnd.toFixed(1)})`, '', ...timelineMarkdown(timeline)].join('\n');
    writeFileSync(path.join(outputDir, 'bench-timeline.md'), table);
    process.stdout.write(table);
    return;
  }
  const measured = await measure(options);
  const report = {
    generatedAt: new Date().toISOString(),
    options: { loads: options.loads, repeatLoads: options.repeatLoads, traceLoads: options.traceLoads,
      idleSeconds: options.idleSeconds, warmupLoads, idleSettleSeconds },
    environment: { chromium: measured.chromium, node: process.version, cpus: os.cpus().length, platform: `${os.type()} ${os.release()}`,
      loadAverageAtStart: loadAverageAtStart, loadAverageAtEnd: os.loadavg()[0] },
    goals,
    pages: measured.pages,
    timelineGoals,
    timeline: measured.timeline,
    verdicts: verdicts(measured.pages),
    durationSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(path.join(outputDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  const table = markdown(report);
  writeFileSync(path.join(outputDir, 'bench.md'), table);
  process.stdout.write(table);
}

main().catch((error) => {
  const message = error instanceof BenchError ? error.message : (error?.message || String(error)).split('\n')[0];
  console.error(`bench: ${message}`);
  process.exit(1);
});
