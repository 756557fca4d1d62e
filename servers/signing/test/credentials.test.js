// The default credential chain, for every source that can be served on
// loopback: environment, STS token, credentials file and profile, and a
// credentials URI that rotates. And the one-line refusal without any.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { startUpstream, startService, runService, cleanEnvironment, api, UNCACHED } from './support.js';

const KEYS = {
  LTAIenvKey0001: 'env-secret-0001',
  LTAIfileDefault: 'file-default-secret',
  LTAIfileOps: 'file-ops-secret',
  'STS.cliKey': 'cli-sts-secret',
  'STS.uriKeyA': 'uri-secret-A',
  'STS.uriKeyB': 'uri-secret-B',
  'STS.uriKeyC': 'uri-secret-C',
};

let upstream;
test.before(async () => { upstream = await startUpstream({ secrets: KEYS }); });
test.after(async () => { await upstream?.close(); });
test.beforeEach(() => { upstream.requests.length = 0; });

function credentialOf(seen) {
  return /Credential=([^,]+)/.exec(seen.headers.authorization)?.[1];
}

async function withService(env, body) {
  const service = await startService([...UNCACHED, '--upstream', upstream.url], env);
  try {
    await body(service);
  } finally {
    await service.stop();
  }
  for (const secret of Object.values(KEYS)) {
    assert.ok(!service.stdout.includes(secret) && !service.stderr.includes(secret), 'a secret reached a log line');
  }
  return service;
}

test('environment: an AccessKey pair', async () => {
  await withService(cleanEnvironment({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenvKey0001', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-0001' }), async (service) => {
    assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
  });
  const [seen] = upstream.requests;
  assert.deepEqual(seen.problems, []);
  assert.equal(credentialOf(seen), 'LTAIenvKey0001');
  assert.equal(seen.headers['x-acs-security-token'], undefined);
});

test('environment: STS credentials carry their token, signed', async () => {
  await withService(cleanEnvironment({
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenvKey0001', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-0001', ALIBABA_CLOUD_SECURITY_TOKEN: 'sts-token-env',
  }), async (service) => {
    assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
  });
  const [seen] = upstream.requests;
  assert.deepEqual(seen.problems, []);
  assert.equal(seen.headers['x-acs-security-token'], 'sts-token-env');
});

test('credentials file: the profile ALIBABA_CLOUD_PROFILE names', async () => {
  const env = cleanEnvironment();
  const file = path.join(env.HOME, 'credentials.ini');
  fs.writeFileSync(file, [
    '[default]', 'type = access_key', 'access_key_id = LTAIfileDefault', 'access_key_secret = file-default-secret', '',
    '[ops]', 'type = access_key', 'access_key_id = LTAIfileOps', 'access_key_secret = file-ops-secret', '',
  ].join('\n'));
  await withService({ ...env, ALIBABA_CLOUD_CREDENTIALS_FILE: file }, async (service) => {
    assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
  });
  await withService({ ...env, ALIBABA_CLOUD_CREDENTIALS_FILE: file, ALIBABA_CLOUD_PROFILE: 'ops' }, async (service) => {
    assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
  });
  assert.deepEqual(upstream.requests.map(credentialOf), ['LTAIfileDefault', 'LTAIfileOps']);
  assert.deepEqual(upstream.requests.map((seen) => seen.problems), [[], []]);
});

test("the Alibaba Cloud CLI's current profile (~/.aliyun/config.json), here an STS token", async () => {
  const env = cleanEnvironment();
  fs.mkdirSync(path.join(env.HOME, '.aliyun'));
  fs.writeFileSync(path.join(env.HOME, '.aliyun', 'config.json'), JSON.stringify({
    current: 'ops',
    profiles: [
      { name: 'default', mode: 'AK', access_key_id: 'LTAIfileDefault', access_key_secret: 'file-default-secret' },
      { name: 'ops', mode: 'StsToken', access_key_id: 'STS.cliKey', access_key_secret: 'cli-sts-secret', sts_token: 'cli-sts-token' },
    ],
  }));
  await withService(env, async (service) => {
    assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
  });
  const [seen] = upstream.requests;
  assert.deepEqual(seen.problems, []);
  assert.equal(credentialOf(seen), 'STS.cliKey');
  assert.equal(seen.headers['x-acs-security-token'], 'cli-sts-token');
});

test('credentials URI: expiring credentials are fetched again, lasting ones are kept', async () => {
  const issued = { key: 'STS.uriKeyA', expiresInSeconds: 5 * 60, fetches: 0 };
  const uriServer = http.createServer((request, response) => {
    issued.fetches++;
    const body = JSON.stringify({
      Code: 'Success', AccessKeyId: issued.key, AccessKeySecret: KEYS[issued.key], SecurityToken: `token-of-${issued.key}`,
      Expiration: new Date(Date.now() + issued.expiresInSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise((resolve) => uriServer.listen(0, '127.0.0.1', resolve));
  const uri = `http://127.0.0.1:${uriServer.address().port}/credentials`;
  try {
    await withService(cleanEnvironment({ ALIBABA_CLOUD_CREDENTIALS_URI: uri }), async (service) => {
      assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
      issued.key = 'STS.uriKeyB'; // rotated at the source; A expires within the library's refresh window
      issued.expiresInSeconds = 3600;
      assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
      const fetchesWithB = issued.fetches;
      issued.key = 'STS.uriKeyC'; // B lasts an hour: the library keeps it and asks no more
      assert.equal((await api(service, { Action: 'DescribeBatchTasks' })).status, 200);
      assert.equal(issued.fetches, fetchesWithB);
    });
  } finally {
    await new Promise((resolve) => uriServer.close(resolve));
  }
  assert.deepEqual(upstream.requests.map(credentialOf), ['STS.uriKeyA', 'STS.uriKeyB', 'STS.uriKeyB']);
  assert.deepEqual(upstream.requests.map((seen) => seen.headers['x-acs-security-token']),
    ['token-of-STS.uriKeyA', 'token-of-STS.uriKeyB', 'token-of-STS.uriKeyB']);
  assert.deepEqual(upstream.requests.map((seen) => seen.problems), [[], [], []]);
});

test('no credentials anywhere: one line naming where it looked, a non-zero exit, nothing served', async () => {
  const result = await runService(['--upstream', upstream.url], cleanEnvironment());
  assert.notEqual(result.code, 0);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  for (const place of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE', '.alibabacloud/credentials',
    'ECS instance role (disabled', 'ALIBABA_CLOUD_CREDENTIALS_URI']) {
    assert.ok(lines[0].includes(place), `the line does not name ${place}: ${lines[0]}`);
  }
  assert.equal(upstream.requests.length, 0);
});

test('a credentials URI that answers without a complete key is refused without quoting it', async () => {
  const leaky = http.createServer((request, response) => {
    const body = JSON.stringify({ AccessKeyId: 'LTAIhalfKey', AccessKeySecret: 'half-secret-never-logged' });
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(body);
  });
  await new Promise((resolve) => leaky.listen(0, '127.0.0.1', resolve));
  try {
    const result = await runService(['--upstream', upstream.url],
      cleanEnvironment({ ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:${leaky.address().port}/` }));
    assert.notEqual(result.code, 0);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.ok(!result.stderr.includes('half-secret-never-logged'), result.stderr);
    assert.match(result.stderr, /ALIBABA_CLOUD_CREDENTIALS_URI set/);
  } finally {
    await new Promise((resolve) => leaky.close(resolve));
  }
});
