// The page runs under a strict Content Security Policy: no inline script, no
// eval, only 'wasm-unsafe-eval' for compiling the wasm.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startDevServer, waitForState } from './harness.mjs';

// The policy README.md documents for static hosts.
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

let server;
let browser;
before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '100']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the widget runs under the documented CSP with no violation', async () => {
  const page = await browser.newPage();
  const crashes = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  // Record violations before any of the page's own script runs.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if ((headers['content-type'] || '').startsWith('text/html')) headers['content-security-policy'] = contentSecurityPolicy;
    await route.fulfill({ response, headers });
  });
  await page.goto(server.url);
  await page.evaluate(() => window.BatchTasks.ready);
  const state = await waitForState(page, (s) => s.rows.length > 0);
  assert.ok(state.rows.length > 0);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  // The policy is really in force: an inline script is refused and reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.body.appendChild(s);
  });
  await page.waitForFunction(() => window.cspViolations.length > 0);
  assert.equal(await page.evaluate(() => window.inlineRan), undefined);
  assert.deepEqual(crashes, []);
  await page.close();
});
