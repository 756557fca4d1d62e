// The benchmark (not a test): the widget and a minimal DOM baseline
// (bench/baseline/), side by side in headless Chromium against the same mock
// API. Measures what the page downloads, the time to the first rows, and what
// it costs while idle; writes build/bench/bench.json and build/bench/bench.md
// and prints the Markdown. Run through scripts/bench.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = path.join(repoRoot, 'build/bench');
const baselineDir = path.join(repoRoot, 'bench/baseline');
const firstRowsMark = 'batch-tasks:first-rows';
// Both servers get the same frozen data set, so both pages fetch identical bytes.
const mockArgs = ['--frozen', '--now', '2026-04-06T20:51:44Z'];
const loadTimeoutMs = 30000;
const warmupLoads = 1;        // per page, not counted: the first load after launch pays for process start-up
const idleSettleSeconds = 1;  // after the first rows, before the idle window opens
const goals = {
  idleCpuPercent: 1,          // of one core
  firstRowsRatio: 1.5,        // widget median / baseline median
  firstLoadBrotliBytes: 250_000,
};

class BenchError extends Error {}

const usage = `usage: scripts/bench [--loads N] [--idle-seconds S] [--no-build]
  --loads N          timed fresh loads per page (default 7, at least 1)
  --idle-seconds S   length of the idle window after load (default 10)
  --no-build         skip scripts/setup and scripts/build wasm; use build/wasm/site as it is`;

function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        loads: { type: 'string', default: '7' },
        'idle-seconds': { type: 'string', default: '10' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new BenchError(`${error.message} (scripts/bench --help lists the options)`);
  }
  if (parsed.help) return { help: true };
  const loads = Number(parsed.loads);
  const idleSeconds = Number(parsed['idle-seconds']);
  if (!Number.isInteger(loads) || loads < 1) throw new BenchError(`--loads must be a whole number of at least 1, not '${parsed.loads}'`);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= 0) throw new BenchError(`--idle-seconds must be a positive number, not '${parsed['idle-seconds']}'`);
  return { loads, idleSeconds, build: !parsed['no-build'] };
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

// --- one page load -----------------------------------------------------------

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

// Loads `pageSpec.url` in a fresh context and waits for the first-rows mark.
// Records every request the page made; optionally measures an idle window.
async function loadPage(browser, viewport, pageSpec, { idleSeconds = 0 } = {}) {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
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
      const isApi = new URL(entry.url).pathname === apiPath;
      if (isApi) apiAnswers.push(response.body().then((body) => ({ ...entry, body }), () => ({ ...entry, body: null })));
      else requests.push(entry);
    });

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
        started: at('batch-tasks:started'),
      };
    }, apiPath);

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
    return { firstRowsMs, phases, requests, apiAnswers: answers, idle };
  } finally {
    await context.close();
  }
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
    const viewport = harness.browserViewport;

    // Alternate the pages, so drift on the machine affects both alike.
    const loads = { widget: [], baseline: [] };
    for (let round = 0; round < warmupLoads + options.loads; round++) {
      for (const pageSpec of pages) {
        const load = await loadPage(browser, viewport, pageSpec);
        if (round >= warmupLoads) loads[pageSpec.key].push(load);
        const which = round < warmupLoads ? 'warm-up load' : `load ${round + 1 - warmupLoads}/${options.loads}`;
        process.stderr.write(`bench: ${pageSpec.key} ${which}: first rows at ${load.firstRowsMs.toFixed(0)} ms\n`);
      }
    }
    const idle = {};
    for (const pageSpec of pages) {
      process.stderr.write(`bench: ${pageSpec.key} idle for ${options.idleSeconds} s\n`);
      const load = await loadPage(browser, viewport, pageSpec, { idleSeconds: options.idleSeconds });
      loads[pageSpec.key].push({ ...load, untimed: true }); // its requests still count towards the transfer sizes
      idle[pageSpec.key] = load.idle;
    }

    const results = {};
    for (const pageSpec of pages) {
      results[pageSpec.key] = {
        url: pageSpec.url,
        root: path.relative(repoRoot, pageSpec.root),
        transfer: transferSizes(pageSpec, loads[pageSpec.key]),
        firstRowsMs: summarise(loads[pageSpec.key].filter((load) => !load.untimed).map((load) => load.firstRowsMs)),
        phasesMs: summarisePhases(loads[pageSpec.key].filter((load) => !load.untimed)),
        idle: idle[pageSpec.key],
      };
    }
    return { chromium: browser.version(), pages: results };
  } finally {
    await browser?.close().catch(() => {});
    for (const server of servers) await server.stop().catch(() => {});
  }
}

// --- report ------------------------------------------------------------------

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(0)} ms`;
const mark = (met) => (met ? 'yes' : '**no**');
const phase = (page, key) => (typeof page.phasesMs[key] === 'number' ? ms(page.phasesMs[key]) : '–');

function verdicts(pages) {
  const { widget, baseline } = pages;
  const ratio = widget.firstRowsMs.median / baseline.firstRowsMs.median;
  return {
    idleCpu: { value: widget.idle.cpuPercentOfOneCore, goal: `< ${goals.idleCpuPercent}% of one core`, met: widget.idle.cpuPercentOfOneCore < goals.idleCpuPercent },
    firstRows: { value: ratio, goal: `<= ${goals.firstRowsRatio} x baseline median`, met: ratio <= goals.firstRowsRatio },
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
      `${report.environment.cpus} cores (load average ${report.environment.loadAverageAtStart.toFixed(1)} → ${report.environment.loadAverageAtEnd.toFixed(1)}); ${report.options.loads} timed fresh loads per page after ${warmupLoads} warm-up, ` +
      `idle window ${report.options.idleSeconds} s starting ${idleSettleSeconds} s after the first rows. KB = 1000 bytes.`,
    '',
    '| measure | widget | baseline | goal | met |',
    '|---|---:|---:|---|---|',
    `| static files, raw | ${kb(widget.transfer.static.raw)} | ${kb(baseline.transfer.static.raw)} | | |`,
    `| static files, gzip -9 | ${kb(widget.transfer.static.gzip)} | ${kb(baseline.transfer.static.gzip)} | | |`,
    `| static files, brotli 11 | ${kb(widget.transfer.static.brotli)} | ${kb(baseline.transfer.static.brotli)} | | |`,
    `| API response (first page), raw / brotli | ${kb(widget.transfer.api.raw)} / ${kb(widget.transfer.api.brotli)} | ${kb(baseline.transfer.api.raw)} / ${kb(baseline.transfer.api.brotli)} | | |`,
    `| whole first load, brotli (static + API) | ${kb(widget.transfer.firstLoad.brotli)} | ${kb(baseline.transfer.firstLoad.brotli)} | < ${kb(goals.firstLoadBrotliBytes)} | ${mark(v.firstLoadBrotli.met)} |`,
    `| time to first rows, median (min–max) | ${range(widget.firstRowsMs)} | ${range(baseline.firstRowsMs)} | ≤ ${goals.firstRowsRatio} × baseline (now ${v.firstRows.value.toFixed(2)} ×) | ${mark(v.firstRows.met)} |`,
    `| idle main-thread CPU, % of one core | ${widget.idle.cpuPercentOfOneCore.toFixed(2)}% | ${baseline.idle.cpuPercentOfOneCore.toFixed(2)}% | < ${goals.idleCpuPercent}% | ${mark(v.idleCpu.met)} |`,
    `| frames drawn per idle second | ${widget.idle.framesPerSecond.toFixed(1)} | ${baseline.idle.framesPerSecond.toFixed(1)} | | |`,
    `| API requests during the idle window | ${widget.idle.apiRequests} | ${baseline.idle.apiRequests} | | |`,
    '',
    'Start-up, median ms from navigation:',
    '',
    '| phase | widget | baseline |',
    '|---|---:|---:|',
    ...[
      ['first API answer in', 'apiAnswered'],
      ['shell script runs (`batch-tasks:boot`)', 'boot'],
      ['WebGL context made (`batch-tasks:webgl-context`)', 'webglContext'],
      ['the shell holds the first answer (`batch-tasks:early-answer`)', 'earlyAnswer'],
      ['wasm ran `main` (`batch-tasks:started`)', 'started'],
    ].map(([label, key]) => `| ${label} | ${phase(widget, key)} | ${phase(baseline, key)} |`),
    `| first rows drawn | ${ms(widget.firstRowsMs.median)} | ${ms(baseline.firstRowsMs.median)} |`,
    '',
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
      `\`${firstRowsMark}\` mark, each load in a fresh browser context (empty cache); the baseline sets its mark ` +
      'once its DOM table is laid out.',
    '- Idle CPU is the page\'s main-thread busy time (CDP `Performance.getMetrics` TaskDuration) over the window, ' +
      'as a share of one core; GPU-process work (SwiftShader) is not included. Frames are ' +
      '`requestAnimationFrame` callbacks the page ran.',
    '',
  );
  return lines.join('\n');
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
  const measured = await measure(options);
  const report = {
    generatedAt: new Date().toISOString(),
    options: { loads: options.loads, idleSeconds: options.idleSeconds, warmupLoads, idleSettleSeconds },
    environment: { chromium: measured.chromium, node: process.version, cpus: os.cpus().length, platform: `${os.type()} ${os.release()}`,
      loadAverageAtStart: loadAverageAtStart, loadAverageAtEnd: os.loadavg()[0] },
    goals,
    pages: measured.pages,
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
