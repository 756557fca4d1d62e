// Upstream concurrency is bounded: calls beyond --max-upstream wait, calls
// beyond --max-waiting are refused at once, and nothing is dropped silently.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startUpstream, startService, cleanEnvironment, api, until, UNCACHED } from './support.js';

const KEY_ID = 'LTAIlimitsKey001';
const SECRET = 'limits-secret-001';

test('at most --max-upstream calls in flight, at most --max-waiting queued, the rest 503', async () => {
  const upstream = await startUpstream({ secrets: { [KEY_ID]: SECRET } });
  upstream.mode = 'hold';
  const service = await startService([...UNCACHED, '--upstream', upstream.url, '--max-upstream', '2', '--max-waiting', '1', '--upstream-timeout', '30'],
    cleanEnvironment({ ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET }));
  try {
    const answers = [];
    const calls = Array.from({ length: 6 }, (_, i) => api(service, { Action: 'DescribeBatchTasks', PageNumber: String(i + 1) }).then((answer) => answers.push(answer)));
    await until(() => upstream.held.length === 2 && answers.length === 3, 'two held upstream calls and three refusals');
    assert.deepEqual(answers.map((answer) => [answer.status, answer.json.Code]), Array(3).fill([503, 'ProxyError.Busy']));
    upstream.mode = 'ok';
    for (const release of upstream.held.splice(0)) release();
    await Promise.all(calls);
    assert.deepEqual(answers.slice(3).map((answer) => answer.status), [200, 200, 200]);
    assert.equal(upstream.requests.length, 3);
    assert.equal(upstream.maxInFlight, 2);
  } finally {
    await service.stop();
    await upstream.close();
  }
});
