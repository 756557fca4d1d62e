// The widget's whole behaviour as one function: update(state, action, now)
// returns the next state and the effects the platform must carry out (send a
// request, start a timer). The state is a plain value; nothing here knows the
// browser, ImGui or the clock, so every path is tested natively and instantly.
//
// The state (model/state.hpp) has one part per feature; the actions
// (model/actions.hpp) and effects (model/effects.hpp) are data. update() routes
// each action to the feature reducers in model/update/, which change only
// their own part of the state.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/actions.hpp"
#include "model/effects.hpp"
#include "model/state.hpp"

namespace bt {

struct Step {
  AppState state;
  std::vector<Effect> effects;
};

Step update(AppState state, const Action& action, Millis now);

// Facts derived from the state, for views and the automation API.
bool isLoading(const ListState& s);
// The rows on screen do not answer the current query, or the latest refresh failed.
bool rowsAreStale(const ListState& s);
std::int64_t knownTotal(const ListState& s);  // 0 before the first page
UrlState urlStateOf(const AppState& s);
// No row on the page is RUNNING or DISPATCHING (nothing left to watch).
bool pageIsSettled(const ListState& s);
long long knownTotalPages(const ListState& s);  // 0 while unknown for these filters
// The count requests' filters for a query (its statuses and page left out), form-encoded.
std::string countedFiltersOf(const TaskQuery& q);
// The totals per status for the current filters, once every count is in.
std::optional<StatusTotals> currentTotals(const AppState& s);
// One status's total for the current filters, as soon as its own count is in
// (currentTotals waits for all of them); kept while a later count is on its way.
std::optional<std::int64_t> currentTotal(const AppState& s, TaskStatus status);
// The active batches on screen that show no progress for the stall time, in row order.
std::vector<std::string> stalledBatches(const AppState& s);
// When an active batch should end, from what was observed of it (watch.hpp's etaOf); none without progress.
std::optional<Eta> etaFor(const AppState& s, const BatchTask& t);
// Whether the person is looking: the page is visible and focused.
bool personIsLooking(const AppState& s);
// What the timeline should say besides its bars: capped, batches without a
// begin time, a load that stopped on an error.
std::vector<Message> timelineNotes(const TimelineState& t);

}  // namespace bt
