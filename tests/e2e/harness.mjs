// Shared pieces of the browser tests: the development server with its mock
// API, Debian's Chromium driven by playwright-core, and a page that fails the
// test on any crash (uncaught exception, wasm trap, abort).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const siteDir = process.env.BT_SITE_DIR || path.join(repoRoot, 'build/wasm/site');
export const artifactsDir = path.join(repoRoot, 'build/test-artifacts');

// Starts scripts/devserver on a free port; resolves once it says where it listens.
export async function startDevServer(extraArgs = []) {
  const child = spawn('python3', [path.join(repoRoot, 'scripts/devserver'), '--port', '0', '--quiet',
    '--root', siteDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /Serving (http:\/\/\S+\/)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`devserver exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    async api(params, headers = {}) {
      const response = await fetch(new URL('api', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, json: await response.json() };
    },
    // Switches the mock's faults while pages keep their own requests plain.
    async faults(spec, resetStats = true) {
      const response = await fetch(new URL('api/__control', url), {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ faults: spec, resetStats }),
      });
      if (!response.ok) throw new Error(`__control answered ${response.status}`);
    },
    // Any control request, e.g. {fail: [batchId]}, {stall: [...]}, {resume: [...]},
    // {reset: true} (see servers/mock/batchserver/mock.py); resolves to the parsed
    // answer ({faults, stats, overrides}).  A refused request (nothing changed)
    // rejects with the mock's Code and Message, and the answer as `error.body`.
    async control(body) {
      const response = await fetch(new URL('api/__control', url), {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (!response.ok) {
        throw Object.assign(new Error(`__control answered ${response.status} ${answer.Code}: ${answer.Message}`),
          { status: response.status, body: answer });
      }
      return answer;
    },
    // API requests seen per Action since the last reset.
    async stats() {
      return (await fetch(new URL('api/__stats', url))).json();
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

// Flags that keep Chromium headless, software-rendered and off the network.
const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
  '--disable-gpu-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
  '--mute-audio', '--no-default-browser-check', '--disable-breakpad',
];

export async function launchBrowser() {
  return launchProfile(mkdtempSync(path.join(tmpdir(), 'bt-chromium-')));
}

// The same Chromium with its profile in `userDataDir`, kept on disk between
// page loads as a person's is (the HTTP cache and the code cache live there);
// `extraArgs` are further command-line flags.
export async function launchProfile(userDataDir, extraArgs = []) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, ...extraArgs],
    viewport: { width: 1280, height: 800 },
  });
}

// The same Chromium and flags as launchBrowser, but as a Browser without a
// profile of its own, for callers that need many fresh contexts
// (browser.newContext(): nothing cached or shared between them), such as
// scripts/bench. Give each context `browserViewport` to match launchBrowser.
export const browserViewport = { width: 1280, height: 800 };
export async function launchIsolatedBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
}

// Collects what would mean the page crashed (an uncaught exception, a wasm
// trap, an abort); every browser test asserts the list is empty at its end.
export function watchCrashes(page) {
  const crashes = [];
  page.on('pageerror', (error) => crashes.push(`uncaught: ${error.message}`));
  page.on('crash', () => crashes.push('the page crashed'));
  page.on('console', (message) => {
    const text = message.text();
    if (/RuntimeError|Aborted\(|abort\(|unreachable|memory access out of bounds/i.test(text)) crashes.push(`console: ${text}`);
  });
  return crashes;
}

// A page whose crashes fail the test, with the widget running.
export async function openWidget(context, url) {
  const page = await context.newPage();
  const crashes = watchCrashes(page);
  await page.goto(url);
  await page.evaluate(() => window.BatchTasks.ready);
  return { page, crashes };
}

// The widget in a fresh browser context (its own viewport, scale, locale,
// colour scheme…), shown with its first rows. `prepare(page)` runs before the
// page loads (routes, listeners).
export async function openWidgetInNewContext(browser, url, { context: options = {}, prepare } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, ...options });
  const page = await context.newPage();
  const crashes = watchCrashes(page);
  if (prepare) await prepare(page);
  await page.goto(url);
  await page.evaluate(() => window.BatchTasks.ready);
  await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  // The state changes before the frame that draws it: wait for that frame,
  // whose mirrored table and controls the tests read.
  await page.waitForFunction(() => document.querySelectorAll('#batch-tasks-table tbody tr').length > 0);
  return { page, context, crashes };
}

// Waits until the widget's state satisfies `predicate` (evaluated in the page).
export async function waitForState(page, predicate, arg) {
  await page.waitForFunction(
    ([source, value]) => {
      const state = window.BatchTasks.getState();
      return state && new Function('state', 'arg', `return (${source})(state, arg);`)(state, value);
    },
    [predicate.toString(), arg],
    { timeout: 15000 },
  );
  return page.evaluate(() => window.BatchTasks.getState());
}

// What the canvas shows, in two numbers: how many distinct colours, and the
// share of pixels that differ from the most common (background) colour. A
// blank canvas has one colour and a share of 0.
export async function canvasInk(page) {
  const png = await page.locator('#batch-tasks-canvas').screenshot();
  const probe = await page.context().newPage();
  try {
    return await probe.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const colour = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(colour, (counts.get(colour) || 0) + 1);
      }
      const pixels = data.length / 4;
      const background = Math.max(...counts.values());
      return { colours: counts.size, inkShare: (pixels - background) / pixels };
    }, png.toString('base64'));
  } finally {
    await probe.close();
  }
}

// The rectangle (CSS pixels, page coordinates) of a control the widget drew,
// found by its accessible name in the mirror; a real mouse click goes there.
export async function controlBox(page, name) {
  const mirror = page.locator('#batch-tasks-mirror');
  const control = mirror.getByRole('button', { name, exact: true }).or(mirror.getByRole('checkbox', { name, exact: true }));
  await control.first().waitFor({ state: 'attached' });
  return control.first().evaluate((el) => {
    const canvas = document.getElementById('batch-tasks-canvas').getBoundingClientRect();
    return { x: canvas.left + el.offsetLeft, y: canvas.top + el.offsetTop, width: el.offsetWidth, height: el.offsetHeight };
  });
}

// Clicks a drawn control with the mouse, as a person would.
export async function clickControl(page, name) {
  const box = await controlBox(page, name);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

// The clipboard's text once `accept` takes it, read from Node every 100 ms for
// 10 s at most (a copy lands a frame or two after the click). Not
// page.waitForFunction: it takes a predicate's promise as truthy at once.
export async function clipboardWhere(page, accept) {
  let text = '';
  for (let i = 0; i < 100; i += 1) {
    text = await page.evaluate(() => navigator.clipboard.readText());
    if (accept(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the clipboard holds ${JSON.stringify(text)}`);
}
