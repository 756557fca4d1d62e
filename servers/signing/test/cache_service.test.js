// The answer cache through the running service: concurrent identical requests
// share one upstream call, answers say their age and staleness in headers,
// and a throttled region is left alone. No assertion depends on how long
// anything takes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startUpstream, startService, cleanEnvironment, api, until } from './support.js';

const KEY_ID = 'LTAIcacheKey001';
const SECRET = 'cache-secret-001';
const ENV = () => cleanEnvironment({ ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET });

async function withService(args, body) {
  const upstream = await startUpstream({ secrets: { [KEY_ID]: SECRET } });
  const service = await startService(['--upstream', upstream.url, ...args], ENV());
  try {
    await body(service, upstream);
  } finally {
    await service.stop();
    await upstream.close();
  }
}

// Starts a step that must not straddle a minute boundary only with several
// seconds of the minute left (a wait before the step, not a timing assertion).
async function awayFromMinuteEnd(seconds = 10) {
  const left = 60000 - (Date.now() % 60000);
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

test('100 concurrent identical requests make one upstream call; all get its answer', async () => {
  await withService(['--cache-ttl', '600'], async (service, upstream) => {
    upstream.mode = 'hold';
    const answers = Promise.all(Array.from({ length: 100 }, () => api(service, { Action: 'DescribeBatchTasks', PageSize: '30' })));
    await until(() => upstream.held.length === 1, 'the one upstream call');
    upstream.mode = 'ok';
    upstream.held[0]();
    const results = await answers;
    assert.deepEqual([...new Set(results.map((answer) => answer.status))], [200]);
    assert.equal(upstream.requests.length, 1);
    // Within the TTL, a later identical request (parameters in another order, as a POST) is a cache hit.
    const later = await api(service, { PageSize: '30', Action: 'DescribeBatchTasks' }, { method: 'POST' });
    assert.equal(later.status, 200);
    assert.equal(upstream.requests.length, 1);
    assert.match(later.headers['x-batch-tasks-age'], /^\d+$/);
    assert.equal(later.headers['x-batch-tasks-stale'], undefined);
    assert.equal(later.headers['cache-control'], 'no-store');
    await until(() => service.auditLines().length === 101, 'the audit lines');
    const audit = service.auditLines().at(-1);
    assert.deepEqual([audit.upstream, typeof audit.age], [false, 'number']);
  });
});

test('an upstream failure is answered with the last good answer, marked upstream-error with its age', async () => {
  await withService(['--cache-ttl', '0', '--upstream-timeout', '0.5'], async (service, upstream) => {
    const fresh = await api(service, { Action: 'DescribeBatchTasks' });
    assert.deepEqual([fresh.status, fresh.headers['x-batch-tasks-age'], fresh.headers['x-batch-tasks-stale']], [200, '0', undefined]);
    for (const mode of ['fail', 'html', 'slow']) {
      upstream.mode = mode;
      const stale = await api(service, { Action: 'DescribeBatchTasks' });
      assert.equal(stale.status, 200, mode);
      assert.equal(stale.text, fresh.text, mode);
      assert.equal(stale.headers['x-batch-tasks-stale'], 'upstream-error', mode);
      assert.match(stale.headers['x-batch-tasks-age'], /^\d+$/, mode);
    }
    await until(() => service.auditLines().length === 4, 'the audit lines');
    assert.equal(service.auditLines().at(-1).stale, 'upstream-error');
    // Nothing cached for another query: the error itself, as before.
    upstream.mode = 'fail';
    const nothing = await api(service, { Action: 'DescribeBatchTasks', PageNumber: '2' });
    assert.equal(nothing.status, 500);
  });
});

test('after a Throttling answer the region gets no upstream call this minute: stale answers or a refusal with Retry-After', async () => {
  await withService(['--cache-ttl', '0', '--cors-origin', 'https://portal.example'], async (service, upstream) => {
    await awayFromMinuteEnd();
    await api(service, { Action: 'DescribeBatchTasks' });
    upstream.mode = 'throttled';
    const first = await api(service, { Action: 'DescribeBatchTasks' });
    assert.deepEqual([first.status, first.headers['x-batch-tasks-stale']], [200, 'throttled']);
    const cors = await api(service, { Action: 'DescribeBatchTasks' }, { headers: { Origin: 'https://portal.example' } });
    assert.equal(cors.headers['x-batch-tasks-stale'], 'throttled');
    assert.match(cors.headers['access-control-expose-headers'], /X-Batch-Tasks-Age, X-Batch-Tasks-Stale/);
    const uncached = await api(service, { Action: 'DescribeBatchTasks', PageNumber: '7' });
    assert.deepEqual([uncached.status, uncached.json.Code], [400, 'Throttling.User']);
    assert.match(uncached.json.Message, /calls it again at/);
    assert.match(uncached.headers['retry-after'], /^\d+$/);
    assert.ok(Number(uncached.headers['retry-after']) <= 60);
    assert.equal(upstream.requests.length, 2, 'nothing reached PolarDB after it throttled');
  });
});

test('a spent budget answers stale, then with a Throttling.ProxyBudget envelope saying when it renews', async () => {
  await withService(['--cache-ttl', '0', '--upstream-budget', '2'], async (service, upstream) => {
    await awayFromMinuteEnd();
    await api(service, { Action: 'DescribeBatchTasks' });
    await api(service, { Action: 'DescribeBatchTask', BatchId: 'pcb-1' });
    const stale = await api(service, { Action: 'DescribeBatchTasks' });
    assert.deepEqual([stale.status, stale.headers['x-batch-tasks-stale']], [200, 'budget']);
    const refused = await api(service, { Action: 'DescribeBatchTasks', PageNumber: '2' });
    assert.deepEqual([refused.status, refused.json.Code], [400, 'Throttling.ProxyBudget']);
    assert.match(refused.json.Message, /budget of 2 PolarDB calls a minute for cn-hangzhou is spent; it renews at /);
    assert.deepEqual(Object.keys(refused.json).sort(), ['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    assert.match(refused.headers['retry-after'], /^\d+$/);
    assert.equal(upstream.requests.length, 2);
  });
});

test('bad cache flags are refused at start', async () => {
  for (const args of [['--cache', 'http://127.0.0.1:1'], ['--upstream-budget', '0'], ['--cache-ttl', '-1'], ['--replicas', 'x']]) {
    await assert.rejects(startService(args, ENV()), /exited with 2/, args.join(' '));
  }
});
