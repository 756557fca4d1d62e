// Where the answer cache keeps what several requests share: answers, the
// single-flight locks, the per-region per-minute upstream budget and the
// "throttled until minute M" marks. LocalStore keeps them in this process;
// RedisStore keeps them in Redis for every replica, and falls back to its own
// LocalStore while Redis is unreachable.
import crypto from 'node:crypto';
import { createClient } from 'redis';

const KEY_PREFIX = 'batch-tasks:v1:';
// Budget counters outlive their minute a little, for clocks that differ slightly.
const BUDGET_KEY_MS = 2 * 60 * 1000;
const REDIS_COMMAND_MS = 1000;
const REDIS_RETRY_MS = 5000;
const UNLOCK_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

function answerBytes(key, entry) {
  return Buffer.byteLength(key) + Buffer.byteLength(entry.body) + 128;
}

// Answers by key, least recently used out first once either bound is passed.
export class LruAnswers {
  constructor({ maxEntries, maxBytes }) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.entries = new Map();
    this.bytes = 0;
  }

  get(key) {
    const found = this.entries.get(key);
    if (!found) return null;
    this.entries.delete(key);
    this.entries.set(key, found);
    return found.entry;
  }

  set(key, entry) {
    this.delete(key);
    const bytes = answerBytes(key, entry);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { entry, bytes });
    this.bytes += bytes;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      this.delete(this.entries.keys().next().value);
    }
  }

  delete(key) {
    const found = this.entries.get(key);
    if (!found) return;
    this.entries.delete(key);
    this.bytes -= found.bytes;
  }

  get size() {
    return this.entries.size;
  }
}

export class LocalStore {
  constructor({ maxEntries, maxBytes }) {
    this.answers = new LruAnswers({ maxEntries, maxBytes });
    this.budgets = new Map(); // region -> {minute, used}
    this.blocks = new Map(); // region -> first minute calls are allowed again
    this.shared = false;
  }

  async getAnswer(key) {
    return this.answers.get(key);
  }

  async putAnswer(key, entry) {
    this.answers.set(key, entry);
  }

  // In-process single-flight already lets one call through per key.
  async lock() {
    return 'local';
  }

  async isLocked() {
    return false;
  }

  async unlock() {}

  used(region, minute) {
    const budget = this.budgets.get(region);
    return budget?.minute === minute ? budget.used : 0;
  }

  count(region, minute) {
    this.budgets.set(region, { minute, used: this.used(region, minute) + 1 });
  }

  // True (and counted) while fewer than `limit` calls were made in `minute`.
  async takeBudget(region, minute, limit) {
    if (this.used(region, minute) >= limit) return false;
    this.count(region, minute);
    return true;
  }

  async blockUntil(region, minute) {
    this.blocks.set(region, Math.max(minute, this.blocks.get(region) ?? 0));
  }

  async blockedUntil(region) {
    return this.blocks.get(region) ?? 0;
  }

  async close() {}
}

// Redis keys hash the request key: fixed length, nothing a client typed.
function hashed(key) {
  return crypto.createHash('sha256').update(key).digest('hex');
}

export class RedisStore {
  // `local` serves while Redis is away; `localShare` is this process's budget then.
  constructor({ url, local, localShare, answerKeepMs, log, retryMs = REDIS_RETRY_MS }) {
    // Logged without the user and password a redis:// URL may carry.
    this.where = new URL(url).host;
    this.local = local;
    this.localShare = localShare;
    this.answerKeepMs = answerKeepMs;
    this.log = log;
    this.retryMs = retryMs;
    this.shared = true;
    this.down = false;
    this.client = createClient({
      url,
      // Commands fail at once while disconnected, so a request never waits on Redis.
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * (retries + 1), 2000) },
    });
    // An outage ends when a retried command is answered (see either), not when the
    // client says it reconnected: that may be a connection the server is closing.
    this.client.on('error', (error) => this.wentDown(error));
  }

  // Waits a little for the first connection; without one the store starts in-process
  // and the client keeps trying in the background.
  async connect(waitMs = 3000) {
    const connected = this.client.connect().then(() => true, () => false);
    const gaveUp = new Promise((resolve) => setTimeout(resolve, waitMs, false).unref());
    if (!(await Promise.race([connected, gaveUp]))) this.wentDown(new Error('no connection'));
  }

  cameBack() {
    this.down = false;
    this.log(`Redis at ${this.where} is back; the cache and budget are shared again`);
  }

  wentDown(error) {
    if (this.down) return;
    this.down = true;
    this.downSince = Date.now();
    this.log(`Redis at ${this.where} is unreachable (${error?.code ?? error?.message ?? 'error'}); ` +
      `caching in this process, at most ${this.localShare} upstream calls a minute per region until it is back`);
  }

  // Runs `shared` against Redis, or `fallback` in-process when Redis fails.
  async either(shared, fallback) {
    // While Redis is down, it is tried again now and then.
    if (this.client.isReady && (!this.down || Date.now() - this.downSince > this.retryMs)) {
      // Only a retry may say Redis is back: a command that was answered just before the
      // connection dropped finishes after the drop was noticed.
      const retrying = this.down;
      let timer;
      try {
        // A Redis that stops answering without closing the connection must not hold requests.
        const gaveUp = new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })), REDIS_COMMAND_MS);
        });
        const result = await Promise.race([shared(), gaveUp]);
        if (retrying && this.down) this.cameBack();
        return result;
      } catch (error) {
        this.wentDown(error);
      } finally {
        clearTimeout(timer);
      }
    }
    return fallback();
  }

  async getAnswer(key) {
    return this.either(async () => {
      const text = await this.client.get(`${KEY_PREFIX}answer:${hashed(key)}`);
      try {
        return text ? JSON.parse(text) : null;
      } catch {
        return null; // not ours to trust: fetched again
      }
    }, () => this.local.getAnswer(key));
  }

  async putAnswer(key, entry) {
    // Kept here too, so a Redis outage still has answers to serve stale.
    await this.local.putAnswer(key, entry);
    await this.either(() => this.client.set(`${KEY_PREFIX}answer:${hashed(key)}`, JSON.stringify(entry),
      { expiration: { type: 'PX', value: this.answerKeepMs } }), () => {});
  }

  // A token when this process holds the lock, null when another does.
  async lock(key, ms) {
    const token = crypto.randomUUID();
    return this.either(async () => ((await this.client.set(`${KEY_PREFIX}lock:${hashed(key)}`, token,
      { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.round(ms)) } })) === 'OK' ? token : null), () => token);
  }

  async isLocked(key) {
    return this.either(async () => (await this.client.exists(`${KEY_PREFIX}lock:${hashed(key)}`)) === 1, () => false);
  }

  // Deletes the lock only if it is still ours: a lock that expired under a slow
  // call may belong to another replica by now.
  async unlock(key, token) {
    await this.either(() => this.client.eval(UNLOCK_SCRIPT, { keys: [`${KEY_PREFIX}lock:${hashed(key)}`], arguments: [token] }), () => {});
  }

  async takeBudget(region, minute, limit) {
    return this.either(async () => {
      const budgetKey = `${KEY_PREFIX}budget:${region}:${minute}`;
      const used = await this.client.incr(budgetKey);
      if (used === 1) await this.client.pExpire(budgetKey, BUDGET_KEY_MS);
      if (used > limit) return false;
      // Counted here too, so a Redis outage later this minute starts from what this process spent.
      this.local.count(region, minute);
      return true;
    }, () => this.local.takeBudget(region, minute, Math.min(limit, this.localShare)));
  }

  async blockUntil(region, minute) {
    await this.local.blockUntil(region, minute);
    await this.either(async () => {
      const blockKey = `${KEY_PREFIX}blocked:${region}`;
      const current = Number(await this.client.get(blockKey)) || 0;
      if (minute > current) await this.client.set(blockKey, String(minute), { expiration: { type: 'PX', value: BUDGET_KEY_MS } });
    }, () => {});
  }

  async blockedUntil(region) {
    const local = await this.local.blockedUntil(region);
    return this.either(async () => Math.max(local, Number(await this.client.get(`${KEY_PREFIX}blocked:${region}`)) || 0), () => local);
  }

  // Never waits on a Redis that is gone: the client would keep reconnecting.
  async close() {
    if (this.client.isReady) {
      const closed = this.client.close().then(() => true, () => false);
      if (await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, REDIS_COMMAND_MS, false).unref())])) return;
    }
    try {
      this.client.destroy();
    } catch { /* already closed */ }
  }
}
