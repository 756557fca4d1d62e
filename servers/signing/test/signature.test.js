// Signature V3: the published test vector, through both the vendor's signer
// (the one the service uses) and this suite's own verifier.
import test from 'node:test';
import assert from 'node:assert/strict';
import openApiUtilPackage from '@alicloud/openapi-util';
import { v3Signature, canonicalQuery, signatureProblems, EMPTY_SHA256 } from './support.js';

const OpenApiUtil = openApiUtilPackage.default ?? openApiUtilPackage;

const VECTOR = {
  keyId: 'YourAccessKeyId',
  secret: 'YourAccessKeySecret',
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': EMPTY_SHA256,
  },
  query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
  canonicalHash: '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
  signature: '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
};
const SIGNED = 'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version';

test('the vendor signer reproduces the published vector', () => {
  const request = { method: 'POST', pathname: '/', query: { ...VECTOR.query }, headers: { ...VECTOR.headers, accept: 'application/json' } };
  const authorization = OpenApiUtil.getAuthorization(request, 'ACS3-HMAC-SHA256', EMPTY_SHA256, VECTOR.keyId, VECTOR.secret);
  assert.equal(authorization,
    `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${SIGNED},Signature=${VECTOR.signature}`);
});

test("the tests' own verifier reproduces the published vector", () => {
  const rawQuery = 'RegionId=cn-shanghai&ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd';
  const result = v3Signature({
    method: 'POST', path: '/', rawQuery, headers: VECTOR.headers, signedHeaders: SIGNED.split(';'), body: '', secret: VECTOR.secret,
  });
  assert.equal(result.canonicalHash, VECTOR.canonicalHash);
  assert.equal(result.signature, VECTOR.signature);
});

test('the verifier accepts the vendor signature of any request and refuses a changed one', () => {
  const headers = {
    host: '127.0.0.1:9', 'x-acs-action': 'DescribeBatchTasks', 'x-acs-version': '2017-08-01',
    'x-acs-date': new Date().toISOString().replace(/\.\d+Z$/, 'Z'), 'x-acs-signature-nonce': 'abc',
    'x-acs-content-sha256': EMPTY_SHA256, 'x-acs-security-token': 'tok en',
  };
  const query = { TaskType: 'a b*c~(x)!', Status: '["RUNNING","FAILED"]', BatchId: '批量' };
  const request = { method: 'POST', pathname: '/', query, headers: { ...headers } };
  headers.authorization = OpenApiUtil.getAuthorization(request, 'ACS3-HMAC-SHA256', EMPTY_SHA256, 'KEY', 'SECRET');
  const rawQuery = new URLSearchParams(query).toString().replace(/\+/g, '%20');
  assert.deepEqual(signatureProblems('POST', `/?${rawQuery}`, headers, Buffer.alloc(0), { KEY: 'SECRET' }), []);
  assert.deepEqual(signatureProblems('POST', `/?${rawQuery}&PageSize=30`, headers, Buffer.alloc(0), { KEY: 'SECRET' }),
    ['Specified signature does not match our calculation']);
  assert.match(signatureProblems('POST', `/?${rawQuery}`, headers, Buffer.alloc(0), { KEY: 'OTHER' }).join(), /does not match/);
});

test('canonical query: RFC 3986, encoded once, sorted by name', () => {
  assert.equal(canonicalQuery('b=2&a=1&B=0&a%20b=x%20y'), 'B=0&a=1&a%20b=x%20y&b=2');
  assert.equal(canonicalQuery('v=a%20b*c~d'), 'v=a%20b%2Ac~d');
  assert.equal(canonicalQuery('v=%2541'), 'v=%2541');
  assert.equal(canonicalQuery(''), '');
});
