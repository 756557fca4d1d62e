// The true totals per status for the current filters: one count request per
// status, sent when the filters change and at most every 30 s otherwise.
#include <algorithm>

#include "model/app.hpp"
#include "model/response_parser.hpp"
#include "model/update/reducers.hpp"
#include "model/wire.hpp"

namespace bt::reduce::totals {
namespace {

// The query that counts one status: the filters, that status alone, the
// first page of the smallest page size (only its TotalCount is read).
TaskQuery countQuery(const TaskQuery& q, TaskStatus status) {
  TaskQuery c = q;
  c.statuses = {status};
  c.pageSize = kPageSizes.front();
  c.pageNumber = 1;
  return c;
}

std::optional<std::size_t> slotOf(const TotalsState& t, std::uint64_t requestId) {
  for (std::size_t i = 0; i < t.counts.size(); ++i)
    if (t.counts[i].activeId == requestId) return i;
  return std::nullopt;
}

void send(TotalsState& t, RequestState& r, const TaskQuery& q, std::size_t slot, bool freshLoad, Effects& out) {
  requests::begin(r, t.counts[slot], Channel::Count, describeBatchTasksParams(countQuery(q, kAllTaskStatuses[slot])),
                  freshLoad, out);
}

}  // namespace

void count(TotalsState& t, RequestState& r, const ListState& l, bool started, bool refreshing, Effects& out) {
  if (!started || !l.problems.empty()) return;
  // The first page comes first: counts wait until it is in (or failed).
  if (l.pagesArrived == 0 && l.list.inFlight) return;
  const std::string filters = countedFiltersOf(l.query);
  const bool newFilters = filters != t.countedFilters;
  const bool busy = std::any_of(t.counts.begin(), t.counts.end(), [](const RequestChannel& c) { return c.busy(); });
  if (!newFilters && !(refreshing && !busy && out.now - t.countSentMs >= kCountIntervalMs)) return;
  if (newFilters) {
    t.countedFilters = filters;
    t.counted.fill(std::nullopt);  // they counted other filters
  }
  t.countSentMs = out.now;
  for (std::size_t i = 0; i < t.counts.size(); ++i) {
    t.counts[i].error.reset();
    send(t, r, l.query, i, true, out);
  }
}

bool awaits(const TotalsState& t, std::uint64_t requestId) {
  const std::optional<std::size_t> slot = slotOf(t, requestId);
  return slot && t.counts[*slot].inFlight;
}

bool answered(TotalsState& t, RequestState& r, std::uint64_t requestId, int httpStatus, std::string_view body,
              Effects& out) {
  const std::optional<std::size_t> slot = slotOf(t, requestId);
  if (!slot) return false;
  PageResult result = parseDescribeBatchTasks(httpStatus, body);
  if (auto* error = std::get_if<ApiError>(&result)) {
    failed(t, r, requestId, std::move(*error), out);
    return false;
  }
  requests::succeed(t.counts[*slot]);
  t.counted[*slot] = std::max<std::int64_t>(0, std::get<TaskPage>(result).totalCount);
  return std::none_of(t.counts.begin(), t.counts.end(), [](const RequestChannel& c) { return c.busy(); }) &&
         std::all_of(t.counted.begin(), t.counted.end(), [](const auto& n) { return n.has_value(); });
}

void failed(TotalsState& t, RequestState& r, std::uint64_t requestId, ApiError error, Effects& out) {
  const std::optional<std::size_t> slot = slotOf(t, requestId);
  if (!slot) return;
  requests::fail(r, t.counts[*slot], Channel::Count, std::move(error), out);
}

void timerFired(TotalsState& t, RequestState& r, const ListState& l, const Timer& timer, Effects& out) {
  const std::optional<std::size_t> slot = slotOf(t, timer.token);
  if (!slot) return;
  RequestChannel& c = t.counts[*slot];
  if (timer.kind == TimerKind::RequestTimeout && c.inFlight)
    failed(t, r, timer.token, makeTimeoutError(r.settings.requestTimeoutMs), out);
  else if (timer.kind == TimerKind::Retry && c.retryAtMs && countedFiltersOf(l.query) == t.countedFilters)
    send(t, r, l.query, *slot, false, out);
}

}  // namespace bt::reduce::totals
