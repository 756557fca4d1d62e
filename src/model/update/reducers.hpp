// The feature reducers that update() (model/app.cpp) composes. Each takes its
// own part of the state to change and, as const, whatever else it reads; the
// effects it asks for go into one Effects list. Internal to the model.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/actions.hpp"
#include "model/effects.hpp"
#include "model/state.hpp"

namespace bt::reduce {

// The effects of one update, and the time it happens at.
struct Effects {
  Millis now;
  std::vector<Effect> effects;

  void add(Effect e) { effects.push_back(std::move(e)); }

  void startTimer(TimerKind kind, Channel channel, std::uint64_t token, Millis delayMs);
  void emit(const char* event, const nlohmann::json& detail);
};

// One channel's request lifecycle: attempts, timeouts, retries with backoff.
namespace requests {
// Starts an attempt with a new id and its timeout. `freshLoad` starts the
// attempt count over; an `adopted` request is already on its way (the page's
// early fetch), so only its timeout is the model's. Returns the request's id.
std::uint64_t begin(RequestState& r, RequestChannel& c, Channel which, WireParams params, bool freshLoad,
                    Effects& out, bool adopted = false);
// Records a failed attempt and schedules a retry when the error allows one.
void fail(RequestState& r, RequestChannel& c, Channel which, ApiError error, Effects& out);
void succeed(RequestChannel& c);
// Forgets the awaited answer and any scheduled retry: it would be about something else.
void abandon(RequestChannel& c);
}  // namespace requests

// Whether a load is over (a page landed, or it failed with no retry left):
// the moment auto-refresh schedules the next one.
enum class Load { Pending, Ended };

// The list of batches.
namespace list {
// Every query change goes through here: validate, then load it from scratch.
void setQuery(ListState& l, RequestState& r, TaskQuery q, bool started, Effects& out);
// The person's and the embedding page's changes to the query.
void apply(ListState& l, RequestState& r, const act::SetRegion& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::SetTaskType& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::ToggleStatus& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::SetStatuses& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::SetTimeRange& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::ClearFilters& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::SetQuery& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::PatchQuery& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::GoToPage& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::NextPage& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::PrevPage& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::FirstPage& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::LastPage& a, bool started, Effects& out);
void apply(ListState& l, RequestState& r, const act::SetPageSize& a, bool started, Effects& out);
void start(ListState& l, RequestState& r, const std::string& earlyRequestBody, Effects& out);
void reload(ListState& l, RequestState& r, Effects& out);  // the current query again, if it can be sent
Load answered(ListState& l, RequestState& r, int httpStatus, std::string_view body, const AnswerSource& source,
              Effects& out);
Load failed(ListState& l, RequestState& r, ApiError error, Effects& out);
Load timerFired(ListState& l, RequestState& r, const Timer& timer, Effects& out);
}  // namespace list

// The detail panel.
namespace detail {
// `region`: where the batch is listed (empty: the default region); its details are asked for there.
void select(DetailState& d, RequestState& r, std::string batchId, std::string region, bool started, Effects& out);
void reload(DetailState& d, RequestState& r, Effects& out);  // if a batch is open and not loading
void answered(DetailState& d, RequestState& r, int httpStatus, std::string_view body, Effects& out);
void failed(DetailState& d, RequestState& r, ApiError error, Effects& out);
void timerFired(DetailState& d, RequestState& r, const Timer& timer, Effects& out);
}  // namespace detail

// The service's configuration: asked for once at start; its answer, if usable,
// offers the regions. Nothing here is an error a person sees.
namespace config {
void start(ConfigState& c, RequestState& r, Effects& out);
// Whether the answer was a usable configuration.
bool answered(ConfigState& c, int httpStatus, std::string_view body);
void failed(ConfigState& c);
}  // namespace config

// Exports: the page on screen at once, or every page one at a time.
namespace exporting {
void start(ExportState& e, RequestState& r, const ListState& l, const act::StartExport& a, bool started,
           Effects& out);
void cancel(ExportState& e);
void answered(ExportState& e, RequestState& r, HostState& h, int httpStatus, std::string_view body, Effects& out);
void failed(ExportState& e, RequestState& r, HostState& h, ApiError error, Effects& out);
void timerFired(ExportState& e, RequestState& r, HostState& h, const Timer& timer, Effects& out);
}  // namespace exporting

// Auto-refresh: when the next refresh of the list (and details) is due.
namespace autorefresh {
// Schedules the next refresh from now, or cancels it when it should not run.
void arm(AutoRefreshState& a, const ListState& l, bool started, Effects& out);
void setInterval(AutoRefreshState& a, const ListState& l, Millis intervalMs, bool started, Effects& out);
void setPauseWhenSettled(AutoRefreshState& a, const ListState& l, bool pause, bool started, Effects& out);
// What a change of the page's visibility asks for.
enum class Visibility { Nothing, RefreshNow };
Visibility visibilityChanged(AutoRefreshState& a, const ListState& l, bool visible, bool started, Effects& out);
// Whether the timer is the one that is due now (then the caller refreshes).
bool due(AutoRefreshState& a, const Timer& timer);
}  // namespace autorefresh

// The true totals per status, by count requests.
namespace totals {
// Counts when the filters changed, or (`refreshing`) when the last count is
// kCountIntervalMs old and none is under way.
void count(TotalsState& t, RequestState& r, const ListState& l, bool started, bool refreshing, Effects& out);
bool awaits(const TotalsState& t, std::uint64_t requestId);
// Whether this answer completed the counts for the filters counted.
bool answered(TotalsState& t, RequestState& r, std::uint64_t requestId, int httpStatus, std::string_view body,
              Effects& out);
void failed(TotalsState& t, RequestState& r, std::uint64_t requestId, ApiError error, Effects& out);
void timerFired(TotalsState& t, RequestState& r, const ListState& l, const Timer& timer, Effects& out);
}  // namespace totals

// Watching: changes, stalls, what the person has not seen, notifications.
namespace watch {
// A page arrived; `refresh`: it answers the same query as the page it replaced.
void pageArrived(WatchState& w, const AppState& s, bool refresh, Effects& out);
void totalsArrived(WatchState& w, const AppState& s, Effects& out);
// Visibility or focus changed; `wasLooking` is what the person did before.
void attentionChanged(WatchState& w, const AppState& s, bool wasLooking, Effects& out);
void visibilityChanged(WatchState& w, bool visible, Effects& out);
void restore(WatchState& w, std::string_view lastLook);
void setStalledOnly(WatchState& w, bool on);
void setNotifyFailures(WatchState& w, bool on, Effects& out);
void setNotifyWhenEnds(WatchState& w, const std::string& batchId, bool on, Effects& out);
void permissionIs(WatchState& w, HostState& h, NotificationPermission p);
// Sends the "summary" event when it says something new.
void summarize(WatchState& w, const AppState& s, Effects& out);
}  // namespace watch

// The timeline: every page of the filters, while the timeline is shown.
namespace timeline {
// Starts, resumes or stops loading to match the view and the list's filters:
// new filters load from scratch (answers for the old ones are dropped); the
// table view sends nothing. Call after anything that may change either.
void sync(TimelineState& t, RequestState& r, const ListState& l, bool started, Effects& out);
// A refresh (the person's, or auto-refresh): the whole set again, at most
// every kTimelineReloadMs; a load that stopped on an error resumes at once.
void refresh(TimelineState& t, RequestState& r, const ListState& l, bool started, Effects& out);
void answered(TimelineState& t, RequestState& r, int httpStatus, std::string_view body, Effects& out);
void failed(TimelineState& t, RequestState& r, ApiError error, Effects& out);
void timerFired(TimelineState& t, RequestState& r, const Timer& timer, Effects& out);
}  // namespace timeline

// Find: a BatchId opens its details through the detail panel's own path; text
// filters the loaded batches (model/find.hpp).
namespace find {
// `region`: where an id is looked for (the list's region).
void apply(FindState& f, DetailState& d, RequestState& r, std::string_view text, std::string region, bool started,
           Effects& out);
}  // namespace find

}  // namespace bt::reduce
