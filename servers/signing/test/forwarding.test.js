// The service end to end against a local upstream that verifies every
// signature: what is forwarded, what is refused before any upstream call,
// and that credentials never come back.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startUpstream, startService, cleanEnvironment, api, request, makeSite, LIST_ANSWER, UNCACHED } from './support.js';

const KEY_ID = 'LTAI5tTestKeyIdValue001';
const SECRET = 'TestSecretValue-do-not-leak-9f8e7d';
const TOKEN = 'CAIS-sts-token-do-not-leak-123456';
const ENVELOPE_FIELDS = ['Code', 'HostId', 'Message', 'Recommend', 'RequestId'];

let upstream;
let service;
let site;

test.before(async () => {
  upstream = await startUpstream({ secrets: { [KEY_ID]: SECRET } });
  site = makeSite();
  service = await startService([...UNCACHED, '--upstream', upstream.url, '--upstream-timeout', '0.5', '--site', site],
    cleanEnvironment({ ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN }));
});
test.after(async () => {
  await service?.stop();
  await upstream?.close();
});
test.beforeEach(() => {
  upstream.mode = 'ok';
  upstream.requests.length = 0;
});

function assertNoCredentials(...texts) {
  for (const text of texts) {
    for (const secret of [KEY_ID, SECRET, TOKEN]) assert.ok(!String(text).includes(secret), `a credential appeared in ${String(text).slice(0, 200)}`);
  }
}

test('a list call is forwarded signed, with only the known parameters', async () => {
  const answer = await api(service, {
    Action: 'DescribeBatchTasks', TaskType: 'polarclaw_install_skills', Status: '["RUNNING","FAILED"]',
    StartTime: '2026-04-06T20:51:40Z', EndTime: '', PageSize: '30', PageNumber: '2', RegionId: 'cn-hangzhou',
    Foo: 'bar', AccessKeyId: 'attacker', Version: '1999-01-01', __fault: 'drop',
  }, { method: 'POST' });
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.json, { ...LIST_ANSWER, Upstream: 'upstream' });
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.equal(upstream.requests.length, 1);
  const [seen] = upstream.requests;
  assert.deepEqual(seen.problems, []);
  assert.equal(seen.method, 'POST');
  assert.ok(seen.url.startsWith('/?'));
  assert.deepEqual(seen.query, {
    TaskType: 'polarclaw_install_skills', Status: '["RUNNING","FAILED"]', StartTime: '2026-04-06T20:51:40Z',
    PageSize: '30', PageNumber: '2', RegionId: 'cn-hangzhou',
  });
  assert.equal(seen.headers['x-acs-action'], 'DescribeBatchTasks');
  assert.equal(seen.headers['x-acs-version'], '2017-08-01');
  assert.equal(seen.headers.host, upstream.host);
  assert.equal(seen.headers['x-acs-security-token'], TOKEN);
  assert.match(seen.headers.authorization, /SignedHeaders=[^,]*x-acs-security-token/);
  assert.match(seen.headers['x-acs-signature-nonce'], /^[0-9a-f]{32}$/);
  assert.equal(seen.body, '');
});

test('Status in any form becomes one JSON array', async () => {
  await api(service, { Action: 'DescribeBatchTasks', Status: 'RUNNING' });
  await api(service, { Action: 'DescribeBatchTasks', 'Status.2': 'FAILED', 'Status.1': 'RUNNING' });
  await api(service, { Action: 'DescribeBatchTasks', Status: '' });
  assert.deepEqual(upstream.requests.map((seen) => seen.query.Status), ['["RUNNING"]', '["RUNNING","FAILED"]', undefined]);
  assert.deepEqual(upstream.requests.map((seen) => seen.problems), [[], [], []]);
});

test('the detail call forwards BatchId only; the action may come from x-acs-action', async () => {
  let answer = await api(service, { Action: 'DescribeBatchTask', BatchId: 'pcb-abc 批', PageSize: '30' });
  assert.equal(answer.status, 200);
  assert.deepEqual(upstream.requests[0].query, { BatchId: 'pcb-abc 批', RegionId: 'cn-hangzhou' });
  assert.equal(upstream.requests[0].headers['x-acs-action'], 'DescribeBatchTask');
  answer = await api(service, { PageSize: '50' }, { method: 'POST', headers: { 'x-acs-action': 'DescribeBatchTasks' } });
  assert.equal(answer.status, 200);
  assert.deepEqual(upstream.requests[1].query, { PageSize: '50', RegionId: 'cn-hangzhou' });
  assert.deepEqual(upstream.requests.map((seen) => seen.problems), [[], []]);
});

test('write and unknown actions are refused and nothing is sent upstream', async () => {
  for (const action of ['CreateBatchTask', 'DescribeDBClusters', 'DeleteDBCluster', 'describebatchtasks', 'toString', '__proto__']) {
    const answer = await api(service, { Action: action, RegionId: 'cn-hangzhou' }, { method: 'POST' });
    assert.equal(answer.status, 403, action);
    assert.equal(answer.json.Code, 'InvalidAction');
    assert.deepEqual(Object.keys(answer.json).sort(), ENVELOPE_FIELDS);
  }
  const missing = await api(service, { PageSize: '30' });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.Code, 'MissingParameter');
  assert.equal(upstream.requests.length, 0);
});

test('upstream connections are kept alive and reused', async () => {
  const before = upstream.connections;
  for (let i = 0; i < 5; i++) assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
  assert.equal(upstream.requests.length, 5);
  assert.ok(upstream.connections - before <= 1, `${upstream.connections - before} connections for 5 calls`);
});

test('a kept-alive connection the upstream closed is retried once on a new one', async () => {
  await api(service, { Action: 'DescribeBatchTasks' }); // leaves an idle connection in the pool
  upstream.mode = 'close-reused';
  const answer = await api(service, { Action: 'DescribeBatchTasks' });
  assert.equal(answer.status, 200);
  assert.equal(upstream.requests.length, 3, 'the first call, the one cut off, and its retry');
});

test('the request never chooses the upstream host', async () => {
  const answer = await request(service.port, 'GET', 'http://evil.example/api?Action=DescribeBatchTasks', { headers: { Host: 'evil.example' } });
  assert.equal(answer.status, 200);
  assert.equal(upstream.requests[0].headers.host, upstream.host);
});

test('browser rules: cross-origin calls, non-form POSTs and big bodies are refused before the upstream', async () => {
  let answer = await request(service.port, 'POST', '/api', { body: 'Action=DescribeBatchTasks', headers: { 'Content-Type': 'text/plain' } });
  assert.deepEqual([answer.status, answer.json.Code], [403, 'Forbidden.ContentType']);
  answer = await request(service.port, 'POST', '/api?Action=DescribeBatchTasks', { headers: { 'Content-Length': '0' } });
  assert.deepEqual([answer.status, answer.json.Code], [403, 'Forbidden.ContentType'], 'an SDK-style POST is a non-form POST here');
  answer = await api(service, { Action: 'DescribeBatchTasks' }, { method: 'POST', headers: { Origin: 'https://evil.example' } });
  assert.deepEqual([answer.status, answer.json.Code], [403, 'Forbidden.CrossOrigin']);
  answer = await api(service, { Action: 'DescribeBatchTasks' }, { headers: { Origin: 'null' } });
  assert.deepEqual([answer.status, answer.json.Code], [403, 'Forbidden.CrossOrigin']);
  answer = await request(service.port, 'POST', '/api', {
    body: `Action=DescribeBatchTasks&x=${'y'.repeat(70000)}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.deepEqual([answer.status, answer.json.Code], [413, 'RequestEntityTooLarge']);
  answer = await request(service.port, 'PUT', '/api?Action=DescribeBatchTasks');
  assert.deepEqual([answer.status, answer.json.Code], [405, 'MethodNotAllowed']);
  assert.equal(upstream.requests.length, 0);
  answer = await api(service, { Action: 'DescribeBatchTasks' }, { method: 'POST', headers: { Origin: `http://127.0.0.1:${service.port}` } });
  assert.equal(answer.status, 200);
});

// Throttling answers pass through too; answer_cache tests what follows them.
test('PolarDB errors pass through; credentials echoed by an upstream are blanked', async () => {
  upstream.mode = 'echo';
  const answer = await api(service, { Action: 'DescribeBatchTasks' });
  assert.equal(answer.status, 400);
  assert.equal(answer.json.Code, 'InvalidAccessKeyId.NotFound');
  assert.ok(answer.text.includes('***'));
  assertNoCredentials(answer.text);
});

test('answers that are not JSON, and answers too slow, become envelopes', async () => {
  upstream.mode = 'html';
  let answer = await api(service, { Action: 'DescribeBatchTasks' });
  assert.deepEqual([answer.status, answer.json.Code], [502, 'ProxyError.BadUpstreamResponse']);
  upstream.mode = 'slow';
  answer = await api(service, { Action: 'DescribeBatchTasks' });
  assert.deepEqual([answer.status, answer.json.Code], [504, 'ProxyError.UpstreamTimeout']);
  assert.equal(upstream.requests.length, 2, 'a timed-out call is not repeated');
});

test('bad input never crashes the service', async () => {
  const targets = ['/api?%zz=%', '/api?Action=%E0%A4%A', `/api?${'a=1&'.repeat(1200)}Action=DescribeBatchTasks`, '/api?Action[]=x',
    '/%2e%2e/etc/passwd', '/..%2f..%2fetc', '/api/../../x', '/%00', '/api?RegionId=../../x&Action=DescribeBatchTasks'];
  for (const target of targets) {
    const answer = await request(service.port, 'GET', target);
    assert.ok(answer.status >= 200 && answer.status < 500, `${target}: ${answer.status}`);
  }
  const chunked = await request(service.port, 'POST', '/api', { body: 'Action=DescribeBatchTasks', headers: { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(chunked.status, 411);
  const alive = await api(service, { Action: 'DescribeBatchTasks' });
  assert.equal(alive.status, 200);
});

test('no response or log line ever contains a credential', async () => {
  const texts = [];
  for (const target of ['/api?Action=DescribeBatchTasks', '/api?Action=Nope', '/api', '/', '/api/x', '/nope', '/api/config']) {
    const answer = await request(service.port, 'GET', target);
    texts.push(JSON.stringify(answer.headers), answer.text);
  }
  assertNoCredentials(...texts, service.stdout, service.stderr);
});

test('one JSON audit line per API request, with what was asked and what came of it', async () => {
  await api(service, { Action: 'DescribeBatchTasks', PageSize: '50', Junk: 'x' });
  await api(service, { Action: 'CreateBatchTask' });
  await new Promise((resolve) => setTimeout(resolve, 200)); // the child's stdout arrives asynchronously
  const [forwarded, refused] = service.auditLines().slice(-2);
  assert.equal(forwarded.action, 'DescribeBatchTasks');
  assert.equal(forwarded.region, 'cn-hangzhou');
  assert.deepEqual(forwarded.parameters, { RegionId: 'cn-hangzhou', PageSize: '50' });
  assert.equal(forwarded.status, 200);
  assert.equal(forwarded.requestId, LIST_ANSWER.RequestId);
  assert.equal(forwarded.upstream, true);
  assert.equal(typeof forwarded.ms, 'number');
  assert.ok(!Number.isNaN(Date.parse(forwarded.time)));
  assert.equal(forwarded.user, null);
  assert.deepEqual([refused.action, refused.status, refused.upstream, refused.code], ['CreateBatchTask', 403, false, 'InvalidAction']);
});

test('the built site is served with its documented headers', async () => {
  let answer = await request(service.port, 'GET', '/widget.wasm');
  assert.deepEqual([answer.status, answer.headers['content-type']], [200, 'application/wasm']);
  assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
  answer = await request(service.port, 'GET', '/');
  assert.deepEqual([answer.status, answer.headers['cache-control']], [200, 'public, max-age=60']);
  answer = await request(service.port, 'GET', '/widget.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
  assert.deepEqual([answer.text, answer.headers['content-encoding'], answer.headers.vary], ['BROTLI-BYTES', 'br', 'Accept-Encoding']);
  answer = await request(service.port, 'GET', '/widget.js', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.deepEqual([answer.text, answer.headers['content-encoding']], ['GZIP-BYTES', 'gzip']);
  answer = await request(service.port, 'GET', '/widget.js');
  assert.deepEqual([answer.text, answer.headers['content-encoding']], ["console.log('plain');", undefined]);
  const etag = answer.headers.etag;
  answer = await request(service.port, 'GET', '/widget.js', { headers: { 'If-None-Match': etag } });
  assert.equal(answer.status, 304);
  assert.equal((await request(service.port, 'GET', '/.env')).status, 404);
  assert.equal((await request(service.port, 'POST', '/index.html')).status, 405);
});

test('mock-only endpoints do not exist here', async () => {
  assert.equal((await request(service.port, 'GET', '/api/__stats')).status, 404);
  assert.equal((await request(service.port, 'POST', '/api/__control', { body: '{}', headers: { 'Content-Type': 'application/json' } })).status, 404);
});

test('an upstream that refuses connections is a 502', async () => {
  const gone = await startUpstream({ secrets: {} });
  await gone.close();
  const lonely = await startService(['--upstream', gone.url],
    cleanEnvironment({ ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET }));
  try {
    const answer = await api(lonely, { Action: 'DescribeBatchTasks' });
    assert.deepEqual([answer.status, answer.json.Code], [502, 'ProxyError.UpstreamUnreachable']);
  } finally {
    await lonely.stop();
  }
});
