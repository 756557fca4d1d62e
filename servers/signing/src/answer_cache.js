// Keeps the viewers of one PolarDB account from spending its API quota:
// identical calls share one answer for a TTL and one call while in flight,
// upstream calls per region are capped per wall-clock minute, a Throttling
// answer stops calls to that region until the next minute, and upstream
// failures are answered with the last good answer, marked stale.
//
// answer(call) resolves to {status, body, requestId, reachedUpstream,
// ageSeconds, stale} (stale: null, 'throttled', 'upstream-error' or 'budget')
// or throws an ApiError carrying retryAfterSeconds when it has nothing to say.
import { ApiError } from './errors.js';

export const MINUTE_MS = 60 * 1000;
export const STALE_REASONS = ['throttled', 'upstream-error', 'budget'];
const THROTTLING_CODES = new Set(['Throttling', 'Throttling.User', 'Throttling.Api']);
// How often a waiter looks for the answer another replica is fetching.
const SHARED_POLL_MS = 50;

// The same request whatever order or form its parameters came in (validateCall
// already folded Status and dropped unknown ones).
export function cacheKey({ action, regionId, parameters }) {
  const sorted = Object.keys(parameters).sort().map((name) => [name, parameters[name]]);
  return JSON.stringify([action, regionId, sorted]);
}

function upstreamCode(body) {
  try {
    const parsed = JSON.parse(body);
    return typeof parsed?.Code === 'string' ? parsed.Code : null;
  } catch {
    return null;
  }
}

const isoMinute = (minute) => new Date(minute * MINUTE_MS).toISOString();

export class AnswerCache {
  // upstream(call) -> {status, body, requestId, reachedUpstream} or throws ApiError;
  // now() -> milliseconds since the epoch (injected so tests move time themselves).
  constructor({ upstream, store, listTtlMs, detailTtlMs, staleMaxMs, budgetPerMinute, lockMs, now = Date.now, sleep }) {
    this.upstream = upstream;
    this.store = store;
    this.listTtlMs = listTtlMs;
    this.detailTtlMs = detailTtlMs;
    this.staleMaxMs = staleMaxMs;
    this.budgetPerMinute = budgetPerMinute;
    this.lockMs = lockMs;
    this.now = now;
    this.sleep = sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.inFlight = new Map();
  }

  ttlOf(action) {
    return action === 'DescribeBatchTask' ? this.detailTtlMs : this.listTtlMs;
  }

  answer(call) {
    const key = cacheKey(call);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.resolve(call, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  fresh(entry) {
    return entry && this.now() - entry.storedAt < this.ttlOf(entry.action);
  }

  fromEntry(entry, stale) {
    return {
      status: entry.status, body: entry.body, requestId: entry.requestId, reachedUpstream: false,
      ageSeconds: Math.max(0, Math.floor((this.now() - entry.storedAt) / 1000)), stale,
    };
  }

  // The last good answer, if not older than --stale-max; otherwise null.
  staleAnswer(entry, reason) {
    if (!entry || this.now() - entry.storedAt > this.staleMaxMs) return null;
    return this.fromEntry(entry, reason);
  }

  secondsUntil(minute) {
    return Math.max(1, Math.ceil((minute * MINUTE_MS - this.now()) / 1000));
  }

  refusal(code, message, renewMinute) {
    return Object.assign(new ApiError(code, message, 400),
      { reachedUpstream: false, retryAfterSeconds: this.secondsUntil(renewMinute), stale: null });
  }

  async resolve(call, key) {
    const { regionId } = call;
    let entry = await this.store.getAnswer(key);
    if (this.fresh(entry)) return this.fromEntry(entry, null);

    const blocked = await this.store.blockedUntil(regionId);
    if (blocked > this.minute()) return this.whileThrottled(entry, regionId, blocked);

    const lockToken = await this.store.lock(key, this.lockMs);
    try {
      if (lockToken && this.store.shared) {
        // Another replica may have stored the answer between our read and our lock.
        entry = (await this.store.getAnswer(key)) ?? entry;
        if (this.fresh(entry)) return this.fromEntry(entry, null);
      }
      if (!lockToken) {
        // Another replica is calling upstream for this key: wait for its answer.
        entry = await this.waitForShared(key, call, entry);
        if (this.fresh(entry)) return this.fromEntry(entry, null);
        const blockedNow = await this.store.blockedUntil(regionId);
        if (blockedNow > this.minute()) return this.whileThrottled(entry, regionId, blockedNow);
      }
      const minute = this.minute();
      if (!(await this.store.takeBudget(regionId, minute, this.budgetPerMinute))) {
        const stale = this.staleAnswer(entry, 'budget');
        if (stale) return stale;
        throw this.refusal('Throttling.ProxyBudget',
          `This service's own budget of ${this.budgetPerMinute} PolarDB calls a minute for ${regionId} is spent; ` +
          `it renews at ${isoMinute(minute + 1)}.`, minute + 1);
      }
      return await this.callUpstream(call, key, entry);
    } finally {
      if (lockToken) await this.store.unlock(key, lockToken);
    }
  }

  minute() {
    return Math.floor(this.now() / MINUTE_MS);
  }

  whileThrottled(entry, regionId, untilMinute) {
    const stale = this.staleAnswer(entry, 'throttled');
    if (stale) return stale;
    throw this.refusal('Throttling.User',
      `PolarDB throttled this account's calls in ${regionId} (user flow control); ` +
      `this service calls it again at ${isoMinute(untilMinute)}.`, untilMinute);
  }

  async waitForShared(key, call, entry) {
    let latest = entry;
    // Counted in polls rather than clock time, so a test's frozen clock still ends the wait.
    for (let polls = Math.ceil(this.lockMs / SHARED_POLL_MS); polls > 0; polls--) {
      await this.sleep(SHARED_POLL_MS);
      latest = (await this.store.getAnswer(key)) ?? latest;
      if (this.fresh(latest) || !(await this.store.isLocked(key))) break;
    }
    return latest;
  }

  async callUpstream(call, key, entry) {
    let result;
    try {
      result = await this.upstream(call);
    } catch (error) {
      // Timeouts, unreachable endpoints, bodies that are not JSON: the last good answer will do.
      if (error instanceof ApiError && error.status >= 500) {
        const stale = this.staleAnswer(entry, 'upstream-error');
        if (stale) return stale;
      }
      throw error;
    }
    const code = result.status === 200 ? null : upstreamCode(result.body);
    if (THROTTLING_CODES.has(code)) {
      await this.store.blockUntil(call.regionId, this.minute() + 1);
      return this.staleAnswer(entry, 'throttled') ?? { ...result, ageSeconds: 0, stale: null };
    }
    if (result.status >= 500) return this.staleAnswer(entry, 'upstream-error') ?? { ...result, ageSeconds: 0, stale: null };
    if (result.status === 200) {
      await this.store.putAnswer(key, {
        action: call.action, status: result.status, body: result.body, requestId: result.requestId, storedAt: this.now(),
      });
    }
    // Other 4xx answers (a bad parameter, a denied permission) are passed on uncached: the
    // caller must see them at once once fixed, and they are cheap to repeat within the budget.
    return { ...result, ageSeconds: 0, stale: null };
  }
}
