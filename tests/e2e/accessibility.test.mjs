// The accessibility mirror: every control drawn on the canvas is in the
// accessibility tree with its role and name and really acts on the widget; the
// page of rows is an ARIA table with the canvas's text; loads are announced.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clipboardWhere, launchBrowser, openWidget, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '300']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the table and every control are in the accessibility tree', async () => {
  const { page, crashes } = await openWidget(browser, server.url);
  const state = await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  const table = page.getByRole('table');
  await page.waitForFunction((n) => document.querySelectorAll('#batch-tasks-table tbody tr').length === n, state.rows.length);
  const headers = await table.getByRole('columnheader').allTextContents();
  assert.deepEqual(headers, ['BatchId', 'Name', 'Type', 'Status', 'Progress', 'Begin (UTC)', 'End (UTC)', 'Duration', 'Details']);
  const firstRow = state.rows[0];
  const rowHeader = table.getByRole('rowheader', { name: firstRow.BatchId, exact: true });
  assert.equal(await rowHeader.count(), 1);
  const cells = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
  assert.equal(cells[0], firstRow.TaskName);
  assert.equal(cells[2], firstRow.Status);
  for (const name of ['Refresh', 'Next', 'Previous', 'First', 'Last', 'Export', 'Clear filters', 'UTC', 'Local time']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, `a "${name}" button`);
  }
  for (const name of ['Auto-refresh', 'Time range', 'Rows per page']) {
    const menu = page.getByRole('button', { name, exact: true });
    assert.equal(await menu.count(), 1, `the "${name}" menu`);
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  }
  assert.equal(await page.getByRole('button', { name: /^Page number, text field/ }).count(), 1);
  assert.equal(await page.getByRole('button', { name: /^Task type, text field/ }).count(), 1);
  assert.ok(await page.getByRole('button', { name: 'Previous', exact: true }).getAttribute('aria-disabled') === 'true');
  assert.deepEqual(crashes, []);
  await page.close();
});

test('a keyboard-only journey: next page, a status filter, details, copying the id, and back', async () => {
  const { page, crashes } = await openWidget(browser, server.url);
  await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await next.focus();
  await page.keyboard.press('Enter');
  let state = await waitForState(page, (s) => s.rowsPageNumber === 2 && !s.loading);
  await page.waitForFunction(() => document.getElementById('batch-tasks-live').textContent.startsWith('Page 2 of'));

  await page.getByRole('button', { name: /^FAILED \d+$/ }).focus();
  await page.keyboard.press('Space');
  state = await waitForState(page, (s) => s.query.status.length === 1 && !s.loading && s.rowsPageNumber === 1);
  assert.deepEqual(state.query.status, ['FAILED']);
  assert.ok(state.rows.every((r) => r.Status === 'FAILED'));

  const id = state.rows[0].BatchId;
  await page.getByRole('button', { name: `Show the details of ${id}` }).focus();
  await page.keyboard.press('Enter');
  state = await waitForState(page, (s, want) => s.selectedBatchId === want, id);
  // Copy the batch's id from the details, by keyboard, to the system clipboard.
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await page.getByRole('button', { name: 'Copy', exact: true }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await clipboardWhere(page, (text) => text === id), id);
  await page.getByRole('button', { name: 'Close', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Close', exact: true }).focus();
  await page.keyboard.press('Enter');
  state = await waitForState(page, (s) => s.selectedBatchId === '');
  assert.deepEqual(crashes, []);
  await page.close();
});

test('text fields take typing through the labelled input', async () => {
  const { page, crashes } = await openWidget(browser, server.url);
  await waitForState(page, (s) => s.rows.length > 0 && !s.loading);
  await page.getByRole('button', { name: /^Task type, text field/ }).focus();
  await page.keyboard.press('Enter');
  const input = page.getByRole('textbox', { name: 'Task type' });
  await input.waitFor();
  await page.waitForFunction(() => document.activeElement === document.getElementById('batch-tasks-text-input'));
  await page.keyboard.type('polarclaw_uninstall_skills');
  await page.keyboard.press('Enter');
  const state = await waitForState(page, (s) => s.query.taskType === 'polarclaw_uninstall_skills' && !s.loading);
  assert.ok(state.rows.every((r) => r.TaskType === 'polarclaw_uninstall_skills'));
  assert.deepEqual(crashes, []);
  await page.close();
});
