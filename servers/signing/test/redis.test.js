// Replicas sharing the cache, the single-flight lock and the budget through
// Redis (Debian's redis-server, started here on a free loopback port and
// stopped after). When redis-server is missing these tests fail and say to run
// scripts/setup; they never skip.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startUpstream, startService, startRedis, freePort, cleanEnvironment, api, until } from './support.js';
import { AnswerCache, MINUTE_MS } from '../src/answer_cache.js';
import { LocalStore, RedisStore } from '../src/cache_store.js';

const KEY_ID = 'LTAIredisKey001';
const SECRET = 'redis-secret-001';
const ENV = () => cleanEnvironment({ ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET });
const REGION = 'cn-hangzhou';
const START = 29_000_000 * MINUTE_MS;
const OK = { status: 200, body: '{"RequestId":"R","TotalCount":1}', requestId: 'R', reachedUpstream: true };

function list(page) {
  return { action: 'DescribeBatchTasks', regionId: REGION, parameters: { RegionId: REGION, PageNumber: String(page) } };
}

// Two caches as two replicas would have them, over one Redis, with one clock the test moves.
async function twoReplicas(redis, { budget, upstream }) {
  const clock = { now: START };
  const logs = [];
  const replicas = [];
  for (let i = 0; i < 2; i++) {
    const store = new RedisStore({
      url: redis.url, local: new LocalStore({ maxEntries: 100, maxBytes: 1 << 20 }), localShare: Math.floor(budget / 2),
      answerKeepMs: 600000, log: (line) => logs.push(line),
    });
    await store.connect();
    replicas.push({
      store,
      cache: new AnswerCache({
        upstream, store, listTtlMs: 5000, detailTtlMs: 5000, staleMaxMs: 600000, budgetPerMinute: budget, lockMs: 2000,
        now: () => clock.now,
      }),
    });
  }
  return { replicas, clock, logs, close: () => Promise.all(replicas.map(({ store }) => store.close())) };
}

test('two replicas share one budget per region per minute, and one throttling mark', async () => {
  const redis = await startRedis();
  const calls = [];
  let next = OK;
  const { replicas: [a, b], clock, close } = await twoReplicas(redis, { budget: 3, upstream: async (call) => { calls.push(clock.now); return next; } });
  try {
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).cache.answer(list(i))));
    assert.equal(calls.length, 3);
    assert.equal(results.filter((result) => result.status === 'rejected' && result.reason.code === 'Throttling.ProxyBudget').length, 7);
    clock.now += MINUTE_MS;
    next = { status: 400, body: '{"Code":"Throttling.User"}', requestId: null, reachedUpstream: true };
    await a.cache.answer(list(100));
    next = OK;
    await assert.rejects(b.cache.answer(list(101)), { code: 'Throttling.User' }); // a's throttling holds b back too
    assert.equal(calls.length, 4);
    clock.now += MINUTE_MS;
    await b.cache.answer(list(101));
    assert.equal(calls.length, 5);
  } finally {
    await close();
    await redis.stop();
  }
});

test('a replica releases only its own lock', async () => {
  const redis = await startRedis();
  const { replicas: [a, b], close } = await twoReplicas(redis, { budget: 60, upstream: async () => OK });
  try {
    const token = await a.store.lock('k', 60000);
    assert.ok(token);
    assert.equal(await b.store.lock('k', 60000), null);
    await b.store.unlock('k', 'not-the-token');
    assert.equal(await a.store.isLocked('k'), true);
    await a.store.unlock('k', token);
    assert.equal(await a.store.isLocked('k'), false);
  } finally {
    await close();
    await redis.stop();
  }
});

test('a replica asking while another fetches the same answer gets that answer without a second upstream call', async () => {
  const redis = await startRedis();
  const held = [];
  const { replicas: [a, b], close } = await twoReplicas(redis, {
    budget: 60, upstream: () => new Promise((resolve) => held.push(() => resolve(OK))),
  });
  try {
    const first = a.cache.answer(list(1));
    await until(() => held.length === 1, 'the first replica\'s call');
    const second = b.cache.answer(list(1));
    held[0]();
    const [one, two] = await Promise.all([first, second]);
    assert.equal(held.length, 1);
    assert.deepEqual([one.body, two.body, two.stale], [OK.body, OK.body, null]);
  } finally {
    await close();
    await redis.stop();
  }
});

test('two service processes sharing Redis make one upstream call per query per TTL', async () => {
  const redis = await startRedis();
  const upstream = await startUpstream({ secrets: { [KEY_ID]: SECRET } });
  const args = ['--upstream', upstream.url, '--cache', redis.url, '--cache-ttl', '600', '--replicas', '2'];
  const services = [await startService(args, ENV()), await startService(args, ENV())];
  try {
    // First, concurrent identical requests at both processes while the upstream holds its answer.
    upstream.mode = 'hold';
    const concurrent = Promise.all(Array.from({ length: 40 }, (_, i) => api(services[i % 2], { Action: 'DescribeBatchTasks', PageNumber: '1' })));
    await until(() => upstream.held.length === 1, 'the one upstream call');
    upstream.mode = 'ok';
    upstream.held[0]();
    assert.deepEqual([...new Set((await concurrent).map((answer) => answer.status))], [200]);
    // Then three queries, each asked several times at each process.
    for (let round = 0; round < 3; round++) {
      for (const service of services) {
        for (const page of ['1', '2', '3']) {
          assert.equal((await api(service, { Action: 'DescribeBatchTasks', PageNumber: page })).status, 200);
        }
      }
    }
    assert.equal(upstream.requests.length, 3);
    assert.deepEqual(upstream.requests.map((seen) => seen.query.PageNumber).sort(), ['1', '2', '3']);
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await upstream.close();
    await redis.stop();
  }
});

test('Redis stopping mid-run loses no request: both processes go on in-process and say so once', { timeout: 120000 }, async () => {
  const redis = await startRedis();
  const upstream = await startUpstream({ secrets: { [KEY_ID]: SECRET } });
  const args = ['--upstream', upstream.url, '--cache', redis.url, '--cache-ttl', '600', '--replicas', '2'];
  const services = [await startService(args, ENV()), await startService(args, ENV())];
  try {
    const ask = (i) => api(services[i % 2], { Action: 'DescribeBatchTasks', PageNumber: String(1 + (i % 4)) });
    const before = await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i)));
    const during = Promise.all(Array.from({ length: 200 }, (_, i) => ask(i)));
    await redis.stop('SIGKILL');
    const after = await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i + 1)));
    for (const answer of [...before, ...(await during), ...after]) assert.equal(answer.status, 200);
    await until(() => services.every((service) => /Redis at .* is unreachable/.test(service.stderr)), 'the log lines');
    for (const service of services) assert.equal(service.stderr.match(/is unreachable/g).length, 1, service.stderr);
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await upstream.close();
    await redis.stop();
  }
});

test('with Redis unreachable from the start the service serves in-process; the log names the host, never a password', async () => {
  const port = await freePort(); // nothing listens there
  const logs = [];
  const store = new RedisStore({
    url: `redis://reader:hunter2-secret@127.0.0.1:${port}`, local: new LocalStore({ maxEntries: 10, maxBytes: 1 << 20 }),
    localShare: 1, answerKeepMs: 1000, log: (line) => logs.push(line),
  });
  await store.connect(500);
  try {
    assert.equal(await store.takeBudget(REGION, 1, 60), true);
    assert.equal(await store.takeBudget(REGION, 1, 60), false, 'in-process, one replica\'s share: 1');
    assert.equal(logs.length, 1);
    assert.match(logs[0], new RegExp(`Redis at 127\\.0\\.0\\.1:${port} is unreachable`));
    assert.ok(!logs.join('\n').includes('hunter2'));
  } finally {
    await store.close();
  }
  const upstream = await startUpstream({ secrets: { [KEY_ID]: SECRET } });
  const service = await startService(['--upstream', upstream.url, '--cache', `redis://127.0.0.1:${port}`], ENV());
  try {
    for (let i = 0; i < 3; i++) assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
    assert.equal(upstream.requests.length, 1);
    assert.equal(service.stderr.match(/is unreachable/g).length, 1);
  } finally {
    await service.stop();
    await upstream.close();
  }
});

test('when Redis comes back after an outage, the store shares again and says so', async () => {
  let redis = await startRedis();
  const logs = [];
  const store = new RedisStore({
    url: redis.url, local: new LocalStore({ maxEntries: 10, maxBytes: 1 << 20 }), localShare: 1, answerKeepMs: 60000,
    log: (line) => logs.push(line), retryMs: 0,
  });
  await store.connect();
  try {
    assert.equal(await store.takeBudget(REGION, 7, 2), true);
    await redis.stop('SIGKILL');
    await until(() => store.down, 'the outage noticed');
    assert.equal(await store.takeBudget(REGION, 7, 2), false, 'in-process: the share (1) was spent before the outage');
    redis = await startRedis(redis.port);
    // Commands go on in-process until one reaches the new Redis (the client reconnects by itself).
    for (let attempt = 0; attempt < 200 && store.down; attempt++) {
      await store.blockedUntil(REGION);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(store.down, false);
    assert.equal(await store.takeBudget(REGION, 7, 2), true, 'a fresh Redis counts from zero');
    assert.deepEqual(logs.map((line) => /is (unreachable|back)/.exec(line)[1]), ['unreachable', 'back']);
  } finally {
    await store.close();
    await redis.stop();
  }
});
