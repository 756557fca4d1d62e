// Watching batches across refreshes: what each batch looked like when last
// seen, what changed since, and which ones stopped moving. Pure functions over
// plain values; the watch reducer (model/update/watch.cpp) keeps the state.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/batch_task.hpp"
#include "model/task_query.hpp"

namespace bt {

using Millis = long long;  // wall-clock milliseconds since the Unix epoch

// One batch as last seen.
struct Observation {
  std::string status;
  std::int64_t successCount = 0;
  std::int64_t firstSuccessCount = 0;  // at the first sight: the rate is measured from there
  Millis firstSeenMs = 0;
  Millis lastSeenMs = 0;
  // Since when status and SuccessCount have been as they are now: the first
  // sight with these values. Only sights count: TaskBegin is the server's
  // clock, which may disagree with this one (or be a test's frozen past).
  Millis progressSinceMs = 0;
  bool operator==(const Observation&) const = default;
};

// By BatchId. Bounded: the batches seen longest ago are forgotten first.
using Observations = std::map<std::string, Observation, std::less<>>;
inline constexpr std::size_t kMaxObservations = 5000;

// What a refresh changed about one row.
struct RowChange {
  std::string batchId;
  bool added = false;         // not on this view before the refresh
  bool status = false;        // Status changed
  bool successCount = false;  // SuccessCount changed
  bool operator==(const RowChange&) const = default;
};

// What one sighting of a page taught.
struct Sighting {
  std::vector<RowChange> changes;       // only for a refresh of the same view
  std::vector<std::string> newlyFailed;  // seen active or unseen-on-a-refresh before, FAILED now
  std::vector<std::string> ended;        // seen before not ended, ended now
};

// Records the rows seen at `seenMs`. `refresh`: the rows answer the same query
// as the page they replace, so a row not seen before is new.
Sighting observe(Observations& seen, const std::vector<BatchTask>& rows, Millis seenMs, bool refresh);

// RUNNING or DISPATCHING: a batch that should be moving.
bool isActiveStatus(std::string_view status);
bool isEndedStatus(std::string_view status);

// How long an active batch has shown no progress, if at least `stallMs`, as
// observed across sights.
std::optional<Millis> stalledFor(const Observation& o, Millis stallMs);

// When an active batch should end, at the SuccessCount rate observed across
// refreshes (from TaskBegin while there is one observation), with a range.
struct Eta {
  Millis atMs = 0;
  Millis earliestMs = 0;
  Millis latestMs = 0;
  bool operator==(const Eta&) const = default;
};
// None for a batch that is not active, has no progress yet, or has nothing left.
std::optional<Eta> etaOf(const Observation& o, const BatchTask& row);

// Counts per status for the current filters, in kAllTaskStatuses order.
using StatusTotals = std::array<std::int64_t, kAllTaskStatuses.size()>;
std::int64_t totalOf(const StatusTotals& t, TaskStatus s);

// What the person saw when last looking: when, for which filters, the totals.
struct Look {
  Millis atMs = 0;
  std::string filters;  // the count request's filters, form-encoded: comparable and storable
  StatusTotals totals{};
  bool operator==(const Look&) const = default;
};
std::string encodeLook(const Look& look);
// The preference that keeps the last look, one per deployment (its endpoint).
std::string lastLookKey(std::string_view endpoint);
std::optional<Look> decodeLook(std::string_view text);  // nullopt for anything malformed

// "Since 14:02: 2 failed · 3 completed · 1 new".
struct Digest {
  Millis sinceMs = 0;
  std::int64_t failed = 0;
  std::int64_t completed = 0;
  std::int64_t added = 0;  // more batches in all
  bool operator==(const Digest&) const = default;
};
Digest digestBetween(const Look& before, const StatusTotals& now);

}  // namespace bt
