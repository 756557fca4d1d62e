// scripts/devserver --upstream runs this service with its arguments, and
// `--api-only` mock answers Alibaba Cloud's official OpenAPI client.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawn } from 'node:child_process';
import openApiPackage from '@alicloud/openapi-client';
import { startUpstream, cleanEnvironment, api, makeSite, REPO_ROOT } from './support.js';

const { Config, Params, OpenApiRequest } = openApiPackage;
const OpenApiClient = openApiPackage.default;
const DEVSERVER = path.join(REPO_ROOT, 'scripts', 'devserver');
const KEY_ID = 'LTAIdevserverKey1';
const SECRET = 'devserver-secret-1';

// scripts/devserver on a free port; resolves with {port, apiPath, stop(), output()}.
function startDevserver(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DEVSERVER, '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (text) => { stderr += text; });
    child.stdout.on('data', (text) => {
      stdout += text;
      const match = /^Serving http:\/\/127\.0\.0\.1:(\d+)\/ \(API at (\/[^)]*)\)\n/.exec(stdout);
      if (match) {
        resolve({
          port: Number(match[1]), apiPath: match[2], output: () => stdout + stderr,
          stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
        });
      }
    });
    child.on('exit', (code) => reject(Object.assign(new Error(`devserver exited with ${code}: ${stderr}`), { code, stderr, stdout })));
  });
}

test('devserver --upstream serves the site and the signing service with the same environment variables', async () => {
  const upstream = await startUpstream({ secrets: { [KEY_ID]: SECRET } });
  const site = makeSite();
  const env = cleanEnvironment({ ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET });
  const server = await startDevserver(['--root', site, '--upstream', upstream.url, '--user-header', 'X-Auth-Request-Email'], env);
  try {
    let answer = await api(server, { Action: 'DescribeBatchTasks', PageSize: '30' }, { headers: { 'X-Auth-Request-Email': 'ops@example.com' } });
    assert.equal(answer.status, 200);
    answer = await api(server, { Action: 'DescribeBatchTasks' });
    assert.equal(answer.status, 401, 'flags of the signing service are passed on');
  } finally {
    await server.stop();
    await upstream.close();
  }
  assert.equal(upstream.requests.length, 1);
  assert.deepEqual(upstream.requests[0].problems, []);
  assert.match(server.output(), /"user":"ops@example.com"/);
  for (const secret of [KEY_ID, SECRET]) assert.ok(!server.output().includes(secret));
});

test('devserver --upstream without credentials: one line, non-zero exit', async () => {
  const env = cleanEnvironment();
  delete env.ALIBABA_CLOUD_ECS_METADATA_DISABLED; // the devserver itself keeps the metadata service out
  const failure = await startDevserver(['--root', makeSite(), '--upstream', 'http://127.0.0.1:9/'], env).then(
    () => assert.fail('it started'), (error) => error);
  assert.notEqual(failure.code, 0);
  assert.equal(failure.stderr.trim().split('\n').length, 1, failure.stderr);
  assert.match(failure.stderr, /no cloud credentials.*ALIBABA_CLOUD_ACCESS_KEY_ID.*ECS instance role \(disabled/);
});

test("the mock answers Alibaba Cloud's official OpenAPI client, per region", async () => {
  const mock = await startDevserver(['--api-only', '--quiet', '--batches', '25', '--frozen', '--now', '2026-04-06T20:51:44Z',
    '--region', 'cn-hangzhou', '--region', 'cn-zhangjiakou'], cleanEnvironment());
  try {
    const client = new OpenApiClient(new Config({
      accessKeyId: 'LTAIanything', accessKeySecret: 'anything', endpoint: `127.0.0.1:${mock.port}`, protocol: 'http',
      signatureAlgorithm: 'ACS3-HMAC-SHA256', readTimeout: 10000, connectTimeout: 5000,
    }));
    const call = (action, query) => client.callApi(new Params({
      action, version: '2017-08-01', protocol: 'http', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC',
      reqBodyType: 'formData', bodyType: 'json',
    }), new OpenApiRequest({ query }), { autoretry: false });
    const hangzhou = await call('DescribeBatchTasks', { RegionId: 'cn-hangzhou', PageSize: '50', Status: '["RUNNING","FAILED","COMPLETED","DISPATCHING"]' });
    assert.equal(hangzhou.statusCode, 200);
    assert.equal(hangzhou.body.TotalCount, 25);
    const zhangjiakou = await call('DescribeBatchTasks', { RegionId: 'cn-zhangjiakou', PageSize: '50' });
    assert.notDeepEqual(zhangjiakou.body.TaskList.map((row) => row.BatchId), hangzhou.body.TaskList.map((row) => row.BatchId));
    const detail = await call('DescribeBatchTask', { RegionId: 'cn-zhangjiakou', BatchId: zhangjiakou.body.TaskList[0].BatchId });
    assert.equal(detail.body.BatchId, zhangjiakou.body.TaskList[0].BatchId);
    await assert.rejects(call('DescribeBatchTasks', { RegionId: 'eu-central-1' }), (error) => error.code === 'InvalidRegionId' && error.data.statusCode === 400);
    await assert.rejects(call('CreateBatchTask', { RegionId: 'cn-hangzhou' }), (error) => error.code === 'InvalidAction');
  } finally {
    await mock.stop();
  }
});
