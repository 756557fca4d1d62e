// One channel's request lifecycle, shared by the list, the details and exports.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "model/update/reducers.hpp"

namespace bt::reduce {

void Effects::startTimer(TimerKind kind, Channel channel, std::uint64_t token, Millis delayMs) {
  add(fx::StartTimer{{kind, channel, token}, delayMs});
}

void Effects::emit(const char* event, const nlohmann::json& detail) {
  add(fx::Emit{event, detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
}

namespace requests {
namespace {

// Deterministic jitter from the state's own seed (splitmix64), so update stays pure.
std::uint64_t nextRandom(RequestState& r) {
  std::uint64_t z = (r.jitterSeed += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Exponential backoff with "equal jitter": half the delay fixed, half random,
// so retries from many open tabs spread out but never come back at once.
Millis backoffDelay(RequestState& r, int attempt) {
  Millis delay = r.settings.backoffBaseMs;
  for (int i = 1; i < attempt && delay < r.settings.backoffMaxMs; ++i) delay *= 2;
  delay = std::min(delay, r.settings.backoffMaxMs);
  const Millis half = delay / 2;
  return half + static_cast<Millis>(nextRandom(r) % static_cast<std::uint64_t>(half + 1));
}

}  // namespace

std::uint64_t begin(RequestState& r, RequestChannel& c, Channel which, WireParams params, bool freshLoad,
                    Effects& out, bool adopted) {
  if (freshLoad) c.attempt = 0;
  ++c.attempt;
  c.activeId = r.nextRequestId++;
  c.inFlight = true;
  c.retryAtMs.reset();
  if (!adopted) out.add(fx::SendRequest{c.activeId, which, std::move(params), r.settings.requestTimeoutMs});
  out.startTimer(TimerKind::RequestTimeout, which, c.activeId, r.settings.requestTimeoutMs);
  return c.activeId;
}

void fail(RequestState& r, RequestChannel& c, Channel which, ApiError error, Effects& out) {
  c.inFlight = false;
  if (error.retryable && c.attempt < r.settings.maxAttempts) {
    const Millis delay = backoffDelay(r, c.attempt);
    c.retryAtMs = out.now + delay;
    out.startTimer(TimerKind::Retry, which, c.activeId, delay);
  }
  c.error = std::move(error);
}

void succeed(RequestChannel& c) {
  c.inFlight = false;
  c.error.reset();
  c.attempt = 0;
}

void abandon(RequestChannel& c) {
  c.inFlight = false;
  c.retryAtMs.reset();
}

}  // namespace requests
}  // namespace bt::reduce
