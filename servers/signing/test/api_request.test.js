// Request validation on its own: origins against Host, Status folding,
// parameter limits, and which calls pass.
import test from 'node:test';
import assert from 'node:assert/strict';
import { originMatchesHost, statusAsJsonArray, mergedParameters, validateCall, bodySizeError } from '../src/api_request.js';
import { RegionTable } from '../src/regions.js';

test('an Origin matches the Host it names, default ports included', () => {
  assert.ok(originMatchesHost('https://widget.example.com', 'widget.example.com'));
  assert.ok(originMatchesHost('https://widget.example.com', 'widget.example.com:443'));
  assert.ok(originMatchesHost('http://127.0.0.1:8080', '127.0.0.1:8080'));
  assert.ok(originMatchesHost('http://[::1]:8080', '[::1]:8080'));
  assert.ok(originMatchesHost('https://Widget.Example.com', 'widget.example.com'));
  for (const [origin, host] of [['https://widget.example.com', 'widget.example.com:8443'], ['http://evil.example', 'widget.example.com'],
    ['null', 'widget.example.com'], ['https://widget.example.com/path', 'widget.example.com'], ['ftp://widget.example.com', 'widget.example.com'],
    ['https://widget.example.com.evil.example', 'widget.example.com'], ['http://127.0.0.1:8081', '127.0.0.1:8080'], ['https://a', undefined]]) {
    assert.ok(!originMatchesHost(origin, host), `${origin} vs ${host}`);
  }
});

test('Status: bare, JSON array and Status.N forms fold into one JSON array', () => {
  const fold = (query) => statusAsJsonArray(mergedParameters(query, ''));
  assert.equal(fold('Status=RUNNING'), '["RUNNING"]');
  assert.equal(fold('Status=%5B%22RUNNING%22%2C%22FAILED%22%5D'), '["RUNNING","FAILED"]');
  assert.equal(fold('Status.10=C&Status.2=B&Status.1=A'), '["A","B","C"]');
  assert.equal(fold('Status=%5Bnot-json&Status=X'), '["[not-json","X"]');
  assert.equal(fold('Status='), undefined);
  assert.equal(fold(''), undefined);
});

test('parameters: query first, then the form body; at most 1000', () => {
  const params = mergedParameters('a=1&b=2', 'a=3');
  assert.deepEqual(params.get('a'), ['1', '3']);
  assert.throws(() => mergedParameters('x=1&'.repeat(1001), ''), (error) => error.code === 'BadRequest');
});

test('a call passes only with a known action and a served region; only known parameters travel', () => {
  const regions = new RegionTable(['cn-hangzhou', 'cn-beijing']);
  const call = (query, headers = {}) => validateCall(mergedParameters(query, ''), headers, regions);
  assert.deepEqual(call('Action=DescribeBatchTasks&PageSize=50&Foo=1&AccessKeyId=x&SignatureNonce=1'),
    { action: 'DescribeBatchTasks', regionId: 'cn-hangzhou', parameters: { RegionId: 'cn-hangzhou', PageSize: '50' } });
  assert.deepEqual(call('RegionId=cn-beijing&BatchId=pcb-1', { 'x-acs-action': 'DescribeBatchTask' }),
    { action: 'DescribeBatchTask', regionId: 'cn-beijing', parameters: { RegionId: 'cn-beijing', BatchId: 'pcb-1' } });
  assert.throws(() => call('Action=DescribeBatchTasks&RegionId=cn-shanghai'), (error) => error.code === 'InvalidRegionId' && error.status === 400);
  assert.throws(() => call('Action=constructor'), (error) => error.code === 'InvalidAction' && error.status === 403);
  assert.throws(() => call('PageSize=30'), (error) => error.code === 'MissingParameter');
});

test('body sizes are judged from the headers, before reading', () => {
  assert.equal(bodySizeError({}), null);
  assert.equal(bodySizeError({ 'content-length': '65536' }), null);
  assert.equal(bodySizeError({ 'content-length': '65537' }).code, 'RequestEntityTooLarge');
  assert.equal(bodySizeError({ 'content-length': '-1' }).code, 'BadRequest');
  assert.equal(bodySizeError({ 'transfer-encoding': 'chunked' }).code, 'LengthRequired');
});
