// The answer cache in-process, with a clock the tests move themselves: TTLs,
// minute boundaries and --stale-max are crossed by setting the time, never by
// waiting for it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { AnswerCache, cacheKey, MINUTE_MS } from '../src/answer_cache.js';
import { LocalStore, LruAnswers } from '../src/cache_store.js';
import { ApiError } from '../src/errors.js';

const REGION = 'cn-hangzhou';
// A minute boundary, so offsets read as seconds into the minute.
const START = 29_000_000 * MINUTE_MS;

const OK = (n) => ({ status: 200, body: JSON.stringify({ RequestId: `R-${n}`, TotalCount: n }), requestId: `R-${n}`, reachedUpstream: true });
const THROTTLED = {
  status: 400, reachedUpstream: true, requestId: 'THR-1',
  body: JSON.stringify({ RequestId: 'THR-1', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' }),
};

function list(page = 1, regionId = REGION) {
  return { action: 'DescribeBatchTasks', regionId, parameters: { RegionId: regionId, PageNumber: String(page) } };
}

// A fake upstream answering from `next` (a result, an ApiError to throw, or
// 'hold' to answer when the test calls release()); records every call.
function makeCache({ budget = 60, ttlS = 5, detailTtlS = 5, staleMaxS = 600, maxEntries = 100, maxBytes = 1 << 20 } = {}) {
  const clock = { now: START };
  const upstream = { calls: [], next: null, held: [] };
  let served = 0;
  const cache = new AnswerCache({
    upstream: async (call) => {
      upstream.calls.push({ call, at: clock.now });
      const next = upstream.next;
      if (next === 'hold') return new Promise((resolve) => upstream.held.push(() => resolve(OK(++served))));
      if (next instanceof ApiError) throw next;
      return next ?? OK(++served);
    },
    store: new LocalStore({ maxEntries, maxBytes }),
    listTtlMs: ttlS * 1000, detailTtlMs: detailTtlS * 1000, staleMaxMs: staleMaxS * 1000,
    budgetPerMinute: budget, lockMs: 1000, now: () => clock.now,
  });
  return { cache, clock, upstream, at: (seconds) => { clock.now = START + seconds * 1000; } };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('the key is the same for the same call whatever the parameter order, different across regions and actions', () => {
  const a = { action: 'DescribeBatchTasks', regionId: REGION, parameters: { RegionId: REGION, PageSize: '30', Status: '["RUNNING"]' } };
  const b = { action: 'DescribeBatchTasks', regionId: REGION, parameters: { Status: '["RUNNING"]', PageSize: '30', RegionId: REGION } };
  assert.equal(cacheKey(a), cacheKey(b));
  assert.notEqual(cacheKey(a), cacheKey({ ...a, regionId: 'ap-southeast-1', parameters: { ...a.parameters, RegionId: 'ap-southeast-1' } }));
  assert.notEqual(cacheKey(a), cacheKey({ ...a, action: 'DescribeBatchTask' }));
});

test('N concurrent identical requests make one upstream call and get the same answer', async () => {
  const { cache, upstream } = makeCache();
  upstream.next = 'hold';
  const answers = Promise.all(Array.from({ length: 50 }, () => cache.answer(list())));
  await settle();
  assert.equal(upstream.held.length, 1);
  upstream.held[0]();
  const results = await answers;
  assert.equal(upstream.calls.length, 1);
  assert.ok(results.every((result) => result.status === 200 && result.body === results[0].body && result.stale === null));
});

test('within the TTL identical requests are answered from the cache with their age; after it upstream is asked again', async () => {
  const { cache, upstream, at } = makeCache({ ttlS: 5, detailTtlS: 30 });
  const first = await cache.answer(list());
  assert.deepEqual([first.ageSeconds, first.stale, first.reachedUpstream], [0, null, true]);
  at(4);
  const second = await cache.answer(list());
  assert.deepEqual([second.ageSeconds, second.stale, second.reachedUpstream, second.body], [4, null, false, first.body]);
  assert.equal(upstream.calls.length, 1);
  await cache.answer(list(2)); // another query is another key
  assert.equal(upstream.calls.length, 2);
  at(5);
  assert.equal((await cache.answer(list())).ageSeconds, 0);
  assert.equal(upstream.calls.length, 3);
  // Details keep their own TTL.
  const detail = { action: 'DescribeBatchTask', regionId: REGION, parameters: { RegionId: REGION, BatchId: 'pcb-1' } };
  await cache.answer(detail);
  at(25);
  assert.equal((await cache.answer(detail)).ageSeconds, 20);
  assert.equal(upstream.calls.filter(({ call }) => call.action === 'DescribeBatchTask').length, 1);
});

test('the upstream budget is never exceeded: stale answers, then refusals saying when it renews, then a new minute', async () => {
  const { cache, upstream, at } = makeCache({ budget: 3, ttlS: 5 });
  await cache.answer(list(1));
  at(10);
  await cache.answer(list(2));
  await cache.answer(list(3));
  assert.equal(upstream.calls.length, 3);
  at(30);
  const stale = await cache.answer(list(1)); // expired, budget spent: the last answer, 30 s old
  assert.deepEqual([stale.status, stale.stale, stale.ageSeconds, stale.reachedUpstream], [200, 'budget', 30, false]);
  await assert.rejects(cache.answer(list(4)), (error) => {
    assert.equal(error.code, 'Throttling.ProxyBudget');
    assert.equal(error.status, 400);
    assert.match(error.message, /budget of 3 PolarDB calls a minute for cn-hangzhou is spent; it renews at \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z/);
    assert.equal(error.retryAfterSeconds, 30);
    return true;
  });
  for (let i = 0; i < 100; i++) await cache.answer(list(1 + (i % 3)));
  assert.equal(upstream.calls.length, 3);
  at(60); // the next minute: a new budget
  assert.equal((await cache.answer(list(4))).ageSeconds, 0);
  assert.equal(upstream.calls.length, 4);
  // Per minute, never more than the budget.
  const perMinute = new Map();
  for (const { at: time } of upstream.calls) perMinute.set(Math.floor(time / MINUTE_MS), (perMinute.get(Math.floor(time / MINUTE_MS)) ?? 0) + 1);
  assert.ok([...perMinute.values()].every((count) => count <= 3));
});

test('the budget is per region', async () => {
  const { cache, upstream } = makeCache({ budget: 1 });
  await cache.answer(list(1, 'cn-hangzhou'));
  await cache.answer(list(1, 'ap-southeast-1'));
  await assert.rejects(cache.answer(list(2, 'cn-hangzhou')), { code: 'Throttling.ProxyBudget' });
  assert.equal(upstream.calls.length, 2);
});

test('after a Throttling answer no upstream call for that region until the minute turns; the cache is served meanwhile', async () => {
  const { cache, upstream, at } = makeCache({ ttlS: 5 });
  await cache.answer(list(1));
  at(20);
  upstream.next = THROTTLED;
  const throttled = await cache.answer(list(1));
  assert.deepEqual([throttled.status, throttled.stale, throttled.ageSeconds], [200, 'throttled', 20]);
  assert.equal(upstream.calls.length, 2);
  upstream.next = null;
  at(40);
  const meanwhile = await cache.answer(list(1));
  assert.deepEqual([meanwhile.stale, meanwhile.ageSeconds], ['throttled', 40]);
  await assert.rejects(cache.answer(list(2)), (error) => {
    assert.equal(error.code, 'Throttling.User');
    assert.match(error.message, /calls it again at/);
    assert.equal(error.retryAfterSeconds, 20);
    return true;
  });
  await cache.answer(list(1, 'ap-southeast-1')); // other regions are not held back
  assert.equal(upstream.calls.length, 3);
  at(59.999);
  await cache.answer(list(1));
  assert.equal(upstream.calls.filter(({ call }) => call.regionId === REGION).length, 2);
  at(60);
  const renewed = await cache.answer(list(1));
  assert.deepEqual([renewed.stale, renewed.ageSeconds, renewed.reachedUpstream], [null, 0, true]);
});

test('a Throttling answer with nothing cached passes through, and so do Throttling and Throttling.Api', async () => {
  for (const code of ['Throttling', 'Throttling.Api', 'Throttling.User']) {
    const { cache, upstream } = makeCache();
    upstream.next = { ...THROTTLED, body: JSON.stringify({ RequestId: 'T', Code: code, Message: 'm' }) };
    const first = await cache.answer(list(1));
    assert.deepEqual([first.status, JSON.parse(first.body).Code, first.stale], [400, code, null]);
    await assert.rejects(cache.answer(list(1)), { code: 'Throttling.User' });
    assert.equal(upstream.calls.length, 1);
  }
});

test('on upstream 5xx, timeouts and unreachable endpoints the last good answer is served, marked stale, up to --stale-max', async () => {
  const { cache, upstream, at } = makeCache({ staleMaxS: 600 });
  await cache.answer(list(1));
  at(40);
  upstream.next = { status: 503, body: JSON.stringify({ Code: 'ServiceUnavailable' }), requestId: null, reachedUpstream: true };
  let answer = await cache.answer(list(1));
  assert.deepEqual([answer.status, answer.stale, answer.ageSeconds], [200, 'upstream-error', 40]);
  for (const code of ['ProxyError.UpstreamTimeout', 'ProxyError.UpstreamUnreachable', 'ProxyError.BadUpstreamResponse']) {
    upstream.next = new ApiError(code);
    answer = await cache.answer(list(1));
    assert.deepEqual([answer.status, answer.stale, answer.ageSeconds], [200, 'upstream-error', 40]);
  }
  at(600);
  assert.equal((await cache.answer(list(1))).ageSeconds, 600);
  at(601);
  await assert.rejects(cache.answer(list(1)), { code: 'ProxyError.BadUpstreamResponse' });
  upstream.next = new ApiError('ProxyError.UpstreamTimeout');
  await assert.rejects(cache.answer(list(2)), { code: 'ProxyError.UpstreamTimeout' }); // nothing cached
});

test('client errors are passed on and not cached', async () => {
  const { cache, upstream, at } = makeCache();
  upstream.next = { status: 400, body: JSON.stringify({ Code: 'InvalidParameter' }), requestId: null, reachedUpstream: true };
  assert.equal((await cache.answer(list(1))).status, 400);
  assert.equal((await cache.answer(list(1))).status, 400);
  assert.equal(upstream.calls.length, 2);
  upstream.next = null;
  assert.equal((await cache.answer(list(1))).status, 200);
  at(30);
  upstream.next = { status: 403, body: JSON.stringify({ Code: 'Forbidden.RAM' }), requestId: null, reachedUpstream: true };
  assert.equal((await cache.answer(list(1))).status, 403, 'a permission change is shown, not hidden behind an old answer');
});

test('the answer memory is bounded in entries and bytes, least recently used out first', () => {
  const entry = (size) => ({ status: 200, body: 'x'.repeat(size), requestId: null, storedAt: 0 });
  const byCount = new LruAnswers({ maxEntries: 2, maxBytes: 1 << 20 });
  byCount.set('a', entry(1));
  byCount.set('b', entry(1));
  byCount.get('a');
  byCount.set('c', entry(1));
  assert.deepEqual([byCount.get('a') !== null, byCount.get('b'), byCount.get('c') !== null], [true, null, true]);
  const byBytes = new LruAnswers({ maxEntries: 100, maxBytes: 1000 });
  byBytes.set('a', entry(400));
  byBytes.set('b', entry(400));
  assert.equal(byBytes.size, 1);
  assert.equal(byBytes.get('a'), null);
  assert.ok(byBytes.bytes <= 1000);
  byBytes.set('huge', entry(5000));
  assert.equal(byBytes.get('huge'), null);
  assert.equal(byBytes.size, 1);
});
