#include "model/watch.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace bt {

bool isActiveStatus(std::string_view status) { return status == "RUNNING" || status == "DISPATCHING"; }
bool isEndedStatus(std::string_view status) { return status == "COMPLETED" || status == "FAILED"; }

namespace {

// Forgets the batches seen longest ago until the bound holds.
void bound(Observations& seen) {
  if (seen.size() <= kMaxObservations) return;
  std::vector<std::pair<Millis, std::string>> byAge;
  byAge.reserve(seen.size());
  for (const auto& [id, o] : seen) byAge.emplace_back(o.lastSeenMs, id);
  const std::size_t excess = seen.size() - kMaxObservations;
  std::nth_element(byAge.begin(), byAge.begin() + static_cast<std::ptrdiff_t>(excess), byAge.end());
  for (std::size_t i = 0; i < excess; ++i) seen.erase(byAge[i].second);
}

}  // namespace

Sighting observe(Observations& seen, const std::vector<BatchTask>& rows, Millis seenMs, bool refresh) {
  Sighting out;
  for (const BatchTask& row : rows) {
    if (row.batchId.empty()) continue;
    auto it = seen.find(row.batchId);
    if (it == seen.end()) {
      seen.emplace(row.batchId,
                   Observation{row.status, row.successCount, row.successCount, seenMs, seenMs, seenMs});
      if (refresh) {
        out.changes.push_back({row.batchId, true, false, false});
        if (row.status == "FAILED") out.newlyFailed.push_back(row.batchId);
      }
      continue;
    }
    Observation& o = it->second;
    if (seenMs < o.lastSeenMs) continue;  // an older answer than one already seen (a cached page)
    const bool statusChanged = o.status != row.status;
    const bool countChanged = o.successCount != row.successCount;
    if (refresh && (statusChanged || countChanged))
      out.changes.push_back({row.batchId, false, statusChanged, countChanged});
    if (statusChanged && row.status == "FAILED") out.newlyFailed.push_back(row.batchId);
    if (statusChanged && isEndedStatus(row.status) && !isEndedStatus(o.status)) out.ended.push_back(row.batchId);
    if (statusChanged || countChanged) o.progressSinceMs = seenMs;
    o.status = row.status;
    o.successCount = row.successCount;
    o.lastSeenMs = seenMs;
  }
  bound(seen);
  return out;
}

std::optional<Millis> stalledFor(const Observation& o, Millis stallMs) {
  if (!isActiveStatus(o.status)) return std::nullopt;
  const Millis still = o.lastSeenMs - o.progressSinceMs;
  if (still < stallMs) return std::nullopt;
  return still;
}

std::optional<Eta> etaOf(const Observation& o, const BatchTask& row) {
  if (!isActiveStatus(row.status)) return std::nullopt;
  const double remaining = static_cast<double>(row.displayTotal() - row.displaySuccess());
  if (remaining <= 0) return std::nullopt;
  // Subtasks per millisecond: since the first sight, and since TaskBegin.
  std::optional<double> observed, sinceBegin;
  if (o.lastSeenMs > o.firstSeenMs && o.successCount > o.firstSuccessCount)
    observed = static_cast<double>(o.successCount - o.firstSuccessCount) / static_cast<double>(o.lastSeenMs - o.firstSeenMs);
  if (row.taskBegin.at && o.successCount > 0 && o.lastSeenMs > *row.taskBegin.at * 1000)
    sinceBegin = static_cast<double>(o.successCount) / static_cast<double>(o.lastSeenMs - *row.taskBegin.at * 1000);
  if (!observed && !sinceBegin) return std::nullopt;
  const double rate = observed ? *observed : *sinceBegin;
  // The range: between the two rates when both are known, and never narrower
  // than a fifth either way (one observation: a half).
  const double spread = observed ? 0.2 : 0.5;
  double fast = rate * (1 + spread), slow = rate * (1 - spread);
  if (observed && sinceBegin) {
    fast = std::max(fast, std::max(*observed, *sinceBegin));
    slow = std::min(slow, std::min(*observed, *sinceBegin));
  }
  const auto at = [&](double r) { return o.lastSeenMs + static_cast<Millis>(remaining / r); };
  return Eta{at(rate), at(fast), at(slow)};
}

std::int64_t totalOf(const StatusTotals& t, TaskStatus s) {
  const auto at = std::find(kAllTaskStatuses.begin(), kAllTaskStatuses.end(), s) - kAllTaskStatuses.begin();
  return t[static_cast<std::size_t>(at)];
}

std::string lastLookKey(std::string_view endpoint) { return "lastLook@" + std::string(endpoint); }

std::string encodeLook(const Look& look) {
  nlohmann::json totals = nlohmann::json::object();
  for (std::size_t i = 0; i < kAllTaskStatuses.size(); ++i) totals[std::string(statusName(kAllTaskStatuses[i]))] = look.totals[i];
  return nlohmann::json{{"at", look.atMs}, {"filters", look.filters}, {"totals", totals}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Look> decodeLook(std::string_view text) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  const auto at = doc.find("at");
  const auto filters = doc.find("filters");
  const auto totals = doc.find("totals");
  if (at == doc.end() || !at->is_number_integer() || filters == doc.end() || !filters->is_string() ||
      totals == doc.end() || !totals->is_object())
    return std::nullopt;
  Look look;
  look.atMs = at->get<Millis>();
  look.filters = filters->get<std::string>();
  if (look.atMs <= 0 || look.filters.size() > 4096) return std::nullopt;
  for (std::size_t i = 0; i < kAllTaskStatuses.size(); ++i) {
    const auto n = totals->find(std::string(statusName(kAllTaskStatuses[i])));
    if (n == totals->end() || !n->is_number_integer() || n->get<std::int64_t>() < 0) return std::nullopt;
    look.totals[i] = n->get<std::int64_t>();
  }
  return look;
}

Digest digestBetween(const Look& before, const StatusTotals& now) {
  auto sum = [](const StatusTotals& t) {
    std::int64_t s = 0;
    for (std::int64_t n : t) s += n;
    return s;
  };
  Digest d;
  d.sinceMs = before.atMs;
  d.failed = std::max<std::int64_t>(0, totalOf(now, TaskStatus::Failed) - totalOf(before.totals, TaskStatus::Failed));
  d.completed =
      std::max<std::int64_t>(0, totalOf(now, TaskStatus::Completed) - totalOf(before.totals, TaskStatus::Completed));
  d.added = std::max<std::int64_t>(0, sum(now) - sum(before.totals));
  return d;
}

}  // namespace bt
