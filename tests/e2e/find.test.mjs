// Find and failures (#16): the find field with a BatchId that is not on the
// page (its details open), one that does not exist (a clear message), and text
// (the page's rows and the timeline's range filtered by name); the failed
// subtasks' InstanceIds copied as a JSON array, for all and for one cause.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickControl, clipboardWhere, launchIsolatedBrowser, openWidgetInNewContext, startDevServer, waitForState } from './harness.mjs';

let server;
let browser;
before(async () => {
  // Frozen: statuses and subtasks stay as they are while the test compares.
  server = await startDevServer(['--now', '2026-04-06T20:51:44Z', '--frozen', '--batches', '400']);
  browser = await launchIsolatedBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Types into the find field through its mirrored text input, and presses Enter.
async function find(page, text) {
  await page.getByRole('button', { name: /^Find, text field/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Find' }).waitFor();
  await page.waitForFunction(() => document.activeElement === document.getElementById('batch-tasks-text-input'));
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

// Every batch the mock lists (no filters), newest first, asked directly.
async function allBatches() {
  const batches = [];
  for (let pageNumber = 1; ; pageNumber += 1) {
    const { json } = await server.api({ Action: 'DescribeBatchTasks', PageSize: '100', PageNumber: String(pageNumber) });
    batches.push(...json.TaskList);
    if (json.TaskList.length < 100) return batches;
  }
}

const matches = (needle, batch) => [batch.TaskName, batch.BatchId].some((s) => s.toLowerCase().includes(needle.toLowerCase()));

test('a BatchId not on the page opens its details; one that does not exist says so', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, `${server.url}?refresh=off`);
  let state = await waitForState(page, (s) => s.rows.length === 30);
  const onPage = new Set(state.rows.map((r) => r.BatchId));
  const batches = await allBatches();
  const target = batches.find((b) => !onPage.has(b.BatchId));
  assert.ok(target, 'a batch beyond page 1');

  await find(page, target.BatchId);
  state = await waitForState(page, (s, id) => s.selectedBatchId === id && s.detail?.subTasks !== null, target.BatchId);
  assert.deepEqual(state.find, { text: target.BatchId, kind: 'batchId', found: true });
  assert.equal(state.detail.status, target.Status);
  assert.equal(state.detail.subTasks, target.TotalCount);
  assert.equal(state.rowsPageNumber, 1, 'the page stays');
  assert.ok(state.rows.every((r) => r.BatchId !== target.BatchId));
  assert.match(await page.evaluate(() => window.location.hash), new RegExp(`batch=${target.BatchId}`));
  await context.close();

  // A fresh page for the id that does not exist (the field starts empty).
  const second = await openWidgetInNewContext(browser, `${server.url}?refresh=off`);
  await find(second.page, 'pcb-doesnotexist0000');
  state = await waitForState(second.page, (s) => s.find?.found === false);
  assert.equal(state.selectedBatchId, 'pcb-doesnotexist0000');
  assert.equal(state.detail.message, 'There is no batch task pcb-doesnotexist0000 in this region; check the BatchId.');
  assert.equal(state.detail.subTasks, null);
  assert.equal(state.error, null, 'the list is not in error');
  // The panel says it, with no retry offered.
  await second.page.getByRole('button', { name: 'Close', exact: true }).waitFor();
  assert.equal(await second.page.getByRole('button', { name: 'Retry', exact: true }).count(), 0);
  assert.deepEqual(crashes, []);
  assert.deepEqual(second.crashes, []);
  await second.context.close();
});

test('text filters the rows on the page and the timeline\'s loaded batches by name, ignoring case', async () => {
  const { page, context, crashes } = await openWidgetInNewContext(browser, `${server.url}?refresh=off`);
  let state = await waitForState(page, (s) => s.rows.length === 30);
  // A skill some rows on the page name and others do not, typed in capitals.
  const skills = ['sql-advisor', 'slow-log-insight', 'param-tuner', 'backup-checker', 'index-doctor', 'ai-copilot',
    'schema-diff', 'vector-search'];
  const skill = skills.find((k) => {
    const n = state.rows.filter((r) => matches(k, r)).length;
    return n > 0 && n < state.rows.length;
  });
  assert.ok(skill, 'a skill named by some rows of page 1');
  const needle = skill.toUpperCase();
  const expected = state.rows.filter((r) => matches(needle, r)).map((r) => r.BatchId);

  await find(page, needle);
  state = await waitForState(page, (s) => s.find?.kind === 'text');
  assert.equal(state.find.text, needle);
  assert.deepEqual(state.find.rows, expected);
  assert.equal(state.rows.length, 30, 'the page itself is kept');
  assert.equal(state.selectedBatchId, '', 'text opens nothing');
  // The mirrored table shows the rows the canvas shows: only those.
  await page.waitForFunction((n) => document.querySelectorAll('#batch-tasks-table tbody tr').length === n, expected.length);
  const shown = await page.evaluate(() => [...document.querySelectorAll('#batch-tasks-table tbody tr')]
    .map((tr) => tr.querySelector('td, th')?.textContent.trim()));
  assert.deepEqual(shown, expected);

  // The timeline's range: every batch loaded, filtered the same way.
  await page.evaluate(() => { window.location.hash = 'view=timeline'; });
  state = await waitForState(page, (s) => s.timeline?.complete === true && s.find?.timeline !== null);
  const all = await allBatches();
  assert.equal(state.timeline.batches, all.length);
  assert.equal(state.find.timeline, all.filter((b) => matches(needle, b)).length);
  assert.ok(state.find.timeline > expected.length, 'more than the page had');

  // Esc in the field clears the find.
  await page.getByRole('button', { name: /^Find, text field/ }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement === document.getElementById('batch-tasks-text-input'));
  await page.keyboard.press('Escape');
  state = await waitForState(page, (s) => s.find === null);
  assert.deepEqual(crashes, []);
  await context.close();
});

test('the failed subtasks\' InstanceIds are copied as a JSON array, for all of them and for one cause', async () => {
  // A failed batch whose failures have two causes or more, from the mock itself.
  const { json: failedPage } = await server.api({ Action: 'DescribeBatchTasks', PageSize: '100', Status: '["FAILED"]' });
  let batch;
  let failed;
  for (const candidate of failedPage.TaskList) {
    const { json } = await server.api({ Action: 'DescribeBatchTask', BatchId: candidate.BatchId });
    const subtasks = json.SubTasks.filter((t) => t.Status === 'FAILED');
    // Two causes or more, one of them shared by two subtasks or more (the same text is the same cause).
    const perMessage = new Map();
    for (const t of subtasks) perMessage.set(t.ErrorMsg, (perMessage.get(t.ErrorMsg) || 0) + 1);
    if (perMessage.size >= 2 && Math.max(...perMessage.values()) >= 2) {
      batch = candidate;
      failed = subtasks;
      break;
    }
  }
  assert.ok(batch, 'a failed batch with several causes, one of them shared');
  const allIds = [...new Set(failed.map((t) => t.InstanceId))];

  const { page, context, crashes } = await openWidgetInNewContext(browser, `${server.url}?refresh=off`, {
    context: { permissions: ['clipboard-read', 'clipboard-write'] },
  });
  await page.evaluate((id) => window.BatchTasks.select(id), batch.BatchId);
  const state = await waitForState(page, (s) => s.detail?.failureGroups?.length >= 2);
  const groups = state.detail.failureGroups;
  assert.equal(groups.reduce((n, g) => n + g.count, 0), failed.length);
  assert.ok(groups.every((g, i) => i === 0 || groups[i - 1].count >= g.count), 'largest first');
  assert.ok(groups[0].count >= 2, 'the shared cause is one group');

  await clickControl(page, 'Copy all failed ids');
  assert.equal(await clipboardWhere(page, (text) => text.startsWith('[')), JSON.stringify(allIds));

  // The largest cause, chosen from the list (named by its count and its first line), then its ids.
  const causeName = `${groups[0].count} × ${groups[0].cause.split('\n')[0]}`;
  const first = page.locator('#batch-tasks-mirror').getByRole('checkbox', { name: /^\d+ × / }).first();
  assert.equal(await first.getAttribute('aria-label'), causeName, 'the largest cause comes first');
  await clickControl(page, causeName);
  await page.getByRole('button', { name: 'Copy this cause\'s ids', exact: true }).waitFor();
  assert.equal(await first.getAttribute('aria-checked'), 'true');
  await clickControl(page, 'Copy this cause\'s ids');
  const copied = JSON.parse(await clipboardWhere(page, (text) => {
    try {
      return JSON.parse(text).length === groups[0].count;
    } catch {
      return false;
    }
  }));
  assert.ok(copied.every((id) => allIds.includes(id)), 'failed subtasks\' ids only');
  assert.deepEqual(copied, allIds.filter((id) => copied.includes(id)), 'in the list\'s order');
  assert.deepEqual(crashes, []);
  await context.close();
});
