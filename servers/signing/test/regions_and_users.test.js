// Regions: RegionId picks the endpoint, unknown regions reach nothing; and
// who is reading: the sign-in proxy's header is required and audited.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startUpstream, startService, runService, cleanEnvironment, api, request, until, UNCACHED } from './support.js';
import { RegionTable, standardEndpoint } from '../src/regions.js';

const KEY_ID = 'LTAIregionKey01';
const SECRET = 'region-secret-01';
const ENV = { ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };

let hangzhou;
let singapore;
let service;

test.before(async () => {
  hangzhou = await startUpstream({ secrets: { [KEY_ID]: SECRET }, name: 'hangzhou' });
  singapore = await startUpstream({ secrets: { [KEY_ID]: SECRET }, name: 'singapore' });
  service = await startService([...UNCACHED, '--region', `cn-hangzhou=${hangzhou.url}`, '--region', `ap-southeast-3=${singapore.url}`,
    '--user-header', 'X-Forwarded-User'], cleanEnvironment(ENV));
});
test.after(async () => {
  await service?.stop();
  await hangzhou?.close();
  await singapore?.close();
});
test.beforeEach(() => {
  hangzhou.requests.length = 0;
  singapore.requests.length = 0;
});

const USER = { 'X-Forwarded-User': 'alice@example.com' };

test('standard endpoints: the central one for the SDK map, the regional host for the rest', () => {
  assert.equal(standardEndpoint('cn-hangzhou'), 'https://polardb.aliyuncs.com/');
  assert.equal(standardEndpoint('ap-southeast-1'), 'https://polardb.aliyuncs.com/');
  assert.equal(standardEndpoint('cn-zhangjiakou'), 'https://polardb.cn-zhangjiakou.aliyuncs.com/');
  assert.equal(standardEndpoint('eu-central-1'), 'https://polardb.eu-central-1.aliyuncs.com/');
  const table = new RegionTable(['eu-central-1', 'cn-beijing=http://127.0.0.1:9/x/']);
  assert.deepEqual(table.config(), { regions: ['eu-central-1', 'cn-beijing'], defaultRegion: 'eu-central-1' });
  assert.equal(table.endpoint('cn-beijing').pathname, '/x/');
  assert.deepEqual(new RegionTable([]).config(), { regions: ['cn-hangzhou'], defaultRegion: 'cn-hangzhou' });
  for (const bad of [['cn hangzhou'], ['cn-hangzhou', 'cn-hangzhou'], ['cn-beijing=ftp://x/'], ['cn-beijing=http://x/?a=1'], ['=http://x/']]) {
    assert.throws(() => new RegionTable(bad), Error, bad.join(' '));
  }
});

test('GET {api}/config lists the regions served, the first as default', async () => {
  const answer = await request(service.port, 'GET', '/api/config', { headers: USER });
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.json, { regions: ['cn-hangzhou', 'ap-southeast-3'], defaultRegion: 'cn-hangzhou' });
});

test("a request's RegionId chooses the endpoint; none means the default", async () => {
  assert.equal((await api(service, { Action: 'DescribeBatchTasks', RegionId: 'ap-southeast-3' }, { headers: USER })).json.Upstream, 'singapore');
  assert.equal((await api(service, { Action: 'DescribeBatchTasks', RegionId: 'cn-hangzhou' }, { headers: USER })).json.Upstream, 'hangzhou');
  assert.equal((await api(service, { Action: 'DescribeBatchTasks' }, { headers: USER })).json.Upstream, 'hangzhou');
  assert.deepEqual(singapore.requests.map((seen) => [seen.query.RegionId, seen.headers.host, seen.problems.length]),
    [['ap-southeast-3', singapore.host, 0]]);
  assert.deepEqual(hangzhou.requests.map((seen) => seen.query.RegionId), ['cn-hangzhou', 'cn-hangzhou']);
});

test('an unknown region gets a 400 envelope and reaches no upstream', async () => {
  for (const region of ['cn-shanghai', 'CN-HANGZHOU', '../admin', 'x'.repeat(300)]) {
    const answer = await api(service, { Action: 'DescribeBatchTasks', RegionId: region }, { headers: USER });
    assert.deepEqual([answer.status, answer.json.Code], [400, 'InvalidRegionId'], region);
    assert.match(answer.json.Message, /cn-hangzhou, ap-southeast-3/);
  }
  assert.equal(hangzhou.requests.length + singapore.requests.length, 0);
});

test('without the user header: 401 with an envelope, for the API and its config', async () => {
  for (const headers of [{}, { 'X-Forwarded-User': '' }, { 'X-Forwarded-User': '   ' }, { 'X-Other-User': 'mallory' }]) {
    const answer = await api(service, { Action: 'DescribeBatchTasks' }, { headers });
    assert.deepEqual([answer.status, answer.json.Code], [401, 'MissingUser'], JSON.stringify(headers));
    assert.deepEqual(Object.keys(answer.json).sort(), ['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  }
  assert.equal((await request(service.port, 'GET', '/api/config')).status, 401);
  assert.equal(hangzhou.requests.length + singapore.requests.length, 0);
});

test('the audit line names the user, region and upstream RequestId', async () => {
  await api(service, { Action: 'DescribeBatchTask', BatchId: 'pcb-1', RegionId: 'ap-southeast-3' }, { headers: { 'X-Forwarded-User': 'bob@example.com' } });
  await api(service, { Action: 'DescribeBatchTasks', PageNumber: '7' }, { headers: { 'X-Forwarded-User': '' } });
  await new Promise((resolve) => setTimeout(resolve, 200)); // the child's stdout arrives asynchronously
  const lines = service.auditLines();
  const read = lines.find((line) => line.parameters.BatchId === 'pcb-1');
  const anonymous = lines.at(-1);
  assert.equal(read.user, 'bob@example.com');
  assert.equal(read.region, 'ap-southeast-3');
  assert.deepEqual(read.parameters, { RegionId: 'ap-southeast-3', BatchId: 'pcb-1' });
  assert.equal(read.requestId, '925B84D9-CA72-432C-95CF-738C22000000');
  assert.equal(read.upstream, true);
  assert.deepEqual([anonymous.user, anonymous.status, anonymous.upstream], [null, 401, false]);
});

test('bad flags stop the start with one line', async () => {
  for (const args of [['--region', 'not a region'], ['--user-header', 'X Bad'], ['--port', 'eighty'], ['--api-path', '/'], ['--nonsense'],
    ['--upstream', 'http://127.0.0.1:1/', '--region', 'cn-hangzhou=http://127.0.0.1:2/'], ['--site', '/nonexistent/site']]) {
    const result = await runService(args, cleanEnvironment(ENV));
    assert.equal(result.code, 2, args.join(' '));
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
});

test('--audit-log appends the audit lines to a file instead of stdout', async () => {
  const env = cleanEnvironment(ENV);
  const file = path.join(env.HOME, 'audit.log');
  fs.writeFileSync(file, '{"earlier":true}\n');
  const other = await startService([...UNCACHED, '--region', `cn-hangzhou=${hangzhou.url}`, '--user-header', 'X-Forwarded-User', '--audit-log', file], env);
  try {
    assert.equal((await api(other, { Action: 'DescribeBatchTasks' }, { headers: { 'X-Forwarded-User': 'carol' } })).status, 200);
    await until(() => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length === 2, 'the audit line');
  } finally {
    await other.stop();
  }
  const [earlier, line] = fs.readFileSync(file, 'utf8').trim().split('\n').map((text) => JSON.parse(text));
  assert.deepEqual(earlier, { earlier: true });
  assert.deepEqual([line.user, line.action, line.status, line.upstream], ['carol', 'DescribeBatchTasks', 200, true]);
  assert.equal(other.stdout.trim().split('\n').length, 1, 'stdout has only the start-up line');
});
