// The timeline's data: every page of the list's filters, one page at a time,
// while the timeline is shown; reloaded at most once a minute, the old set
// shown until the new one is complete.
#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "model/paging.hpp"
#include "model/response_parser.hpp"
#include "model/update/reducers.hpp"
#include "model/wire.hpp"

namespace bt::reduce::timeline {
namespace {

// The timeline's query for the list's filters: all of them (statuses too),
// from page 1, the largest page size.
TaskQuery filtersOf(const TaskQuery& q) {
  TaskQuery f = q;
  f.statuses = normalizedStatuses(std::move(f.statuses));
  f.pageSize = kTimelinePageSize;
  f.pageNumber = 1;
  return f;
}

// The set the next page goes to: a reload under way, else the set shown
// while it is not complete; none when nothing is left to load.
TimelineSet* target(TimelineState& t) {
  if (t.reloading) return &*t.reloading;
  if (t.timeline && !t.timeline->complete) return &*t.timeline;
  return nullptr;
}

void repack(TimelineState& t, Millis now) {
  t.lanes = t.timeline ? packLanes(t.timeline->batches, now / 1000) : TimelineLanes{};
}

// Asks for the target's next page. `freshLoad` starts the attempt count over:
// every page has the whole retry policy; a retry repeats the page that failed.
void send(TimelineState& t, RequestState& r, bool freshLoad, Effects& out) {
  const TimelineSet* set = target(t);
  if (!set) return;
  TaskQuery q = set->filters;
  q.pageNumber = set->pagesLoaded + 1;
  requests::begin(r, t.timelineRequest, Channel::Timeline, describeBatchTasksParams(q), freshLoad, out);
}

// Leaving the view, or filters that cannot be sent: nothing more is asked.
// An interrupted load is not a failure; it resumes when the view is back.
void stop(TimelineState& t) {
  if (!t.timelineRequest.busy()) return;
  requests::abandon(t.timelineRequest);  // its answer is no longer awaited
  t.timelineRequest.error.reset();
}

void loadFromScratch(TimelineState& t, RequestState& r, TaskQuery filters, Effects& out) {
  requests::abandon(t.timelineRequest);  // answers for the old filters are dropped
  t.timelineRequest.error.reset();
  t.timeline.emplace();
  t.timeline->filters = std::move(filters);
  t.reloading.reset();
  t.loadStartedMs = out.now;
  repack(t, out.now);
  send(t, r, true, out);
}

}  // namespace

void sync(TimelineState& t, RequestState& r, const ListState& l, bool started, Effects& out) {
  if (!started) return;
  if (t.view != ViewMode::Timeline) return stop(t);
  // The list's first page comes first (as the counts wait for it).
  if (l.pagesArrived == 0 && l.list.inFlight) return;
  TaskQuery filters = filtersOf(l.query);
  if (!validate(filters).empty()) return stop(t);
  if (!t.timeline || !(t.timeline->filters == filters)) return loadFromScratch(t, r, std::move(filters), out);
  // Back in the view after loading stopped there: go on from the next page.
  // A load that failed waits for a refresh.
  if (!t.timelineRequest.busy() && !t.timelineRequest.error) send(t, r, true, out);
}

void refresh(TimelineState& t, RequestState& r, const ListState& l, bool started, Effects& out) {
  if (!started || t.view != ViewMode::Timeline || !t.timeline || t.timelineRequest.busy()) return;
  if (!(filtersOf(l.query) == t.timeline->filters)) return;  // filters that cannot be sent
  t.timelineRequest.error.reset();
  if (target(t)) return send(t, r, true, out);  // a load that stopped on an error goes on
  if (out.now - t.loadStartedMs < kTimelineReloadMs) return;
  t.reloading.emplace();
  t.reloading->filters = t.timeline->filters;
  t.loadStartedMs = out.now;
  send(t, r, true, out);
}

void answered(TimelineState& t, RequestState& r, int httpStatus, std::string_view body, Effects& out) {
  PageResult result = parseDescribeBatchTasks(httpStatus, body);
  if (auto* error = std::get_if<ApiError>(&result)) return failed(t, r, std::move(*error), out);
  requests::succeed(t.timelineRequest);
  TimelineSet* into = target(t);
  if (!into) return;
  TimelineSet& set = *into;
  TaskPage& page = std::get<TaskPage>(result);
  const long long pageNumber = ++set.pagesLoaded;
  set.totalCount = std::max(set.totalCount, effectiveTotal(page, kTimelinePageSize, pageNumber));
  set.totalPages = totalPages(set.totalCount, kTimelinePageSize);

  // Batches that begin while the pages are read push older ones onto the
  // next page: a batch seen already is not added again.
  set.batches.reserve(std::min(set.batches.size() + page.tasks.size(), kMaxTimelineBatches));
  std::unordered_set<std::string_view> seen;  // views of ids in set.batches, which does not grow past its reserve
  seen.reserve(set.batches.size() + page.tasks.size());
  for (const BatchTask& b : set.batches) seen.insert(b.batchId);
  bool leftOut = false;  // a row did not fit under the cap
  for (BatchTask& b : page.tasks) {
    if (!b.batchId.empty() && seen.count(b.batchId)) continue;
    if (set.batches.size() >= kMaxTimelineBatches) {
      leftOut = true;
      break;
    }
    set.batches.push_back(std::move(b));
    seen.insert(set.batches.back().batchId);
  }

  const bool lastPage = page.tasks.empty() || pageNumber >= set.totalPages;
  const bool full = set.batches.size() >= kMaxTimelineBatches;
  if (full && (leftOut || !lastPage)) {
    set.capped = true;
    set.complete = true;
  } else if (lastPage) {
    set.complete = true;
  }

  const bool complete = set.complete;  // `set` may be moved from below
  const bool reload = t.reloading.has_value();
  if (reload && complete) {  // the new set replaces the old at once, never an empty one
    t.timeline = std::move(*t.reloading);
    t.reloading.reset();
  }
  if (!reload || complete) repack(t, out.now);  // the set shown changed
  if (!complete) send(t, r, true, out);
}

void failed(TimelineState& t, RequestState& r, ApiError error, Effects& out) {
  requests::fail(r, t.timelineRequest, Channel::Timeline, std::move(error), out);
  if (t.timelineRequest.retryAtMs) return;
  // Stopped: the set shown stays (with the error); a partial reload is dropped.
  t.reloading.reset();
}

void timerFired(TimelineState& t, RequestState& r, const Timer& timer, Effects& out) {
  RequestChannel& c = t.timelineRequest;
  if (c.activeId != timer.token) return;  // a timer of a request since replaced
  if (timer.kind == TimerKind::RequestTimeout && c.inFlight)
    failed(t, r, makeTimeoutError(r.settings.requestTimeoutMs), out);
  else if (timer.kind == TimerKind::Retry && c.retryAtMs)
    send(t, r, false, out);
}

}  // namespace bt::reduce::timeline
