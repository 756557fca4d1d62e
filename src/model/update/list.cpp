// The list of batches: the query, its validation, and the page on screen.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "model/app.hpp"
#include "model/paging.hpp"
#include "model/response_parser.hpp"
#include "model/update/reducers.hpp"

namespace bt::reduce::list {
namespace {

// A retry repeats the request that failed: the query may have changed since,
// and then it is invalid (a valid change sends a fresh load).
void send(ListState& l, RequestState& r, bool freshLoad, Effects& out, bool adopted = false) {
  if (freshLoad) l.requestedQuery = l.query;
  const std::uint64_t id =
      requests::begin(r, l.list, Channel::List, describeBatchTasksParams(l.requestedQuery), freshLoad, out, adopted);
  if (adopted) l.adoptedRequestId = id;
}

}  // namespace

void setQuery(ListState& l, RequestState& r, TaskQuery q, bool started, Effects& out) {
  q.statuses = normalizedStatuses(std::move(q.statuses));
  if (q == l.query && l.problems.empty() && started) return;
  l.query = std::move(q);
  l.problems = validate(l.query);
  if (!l.problems.empty() || !started) return;
  l.list.error.reset();  // it was about another query
  send(l, r, true, out);
}

namespace {

void setFilters(ListState& l, RequestState& r, TaskQuery q, bool started, Effects& out) {
  q.pageNumber = 1;  // new filters, new result: start from its first page
  setQuery(l, r, std::move(q), started, out);
}

void goToPage(ListState& l, RequestState& r, long long pageNumber, bool started, Effects& out) {
  TaskQuery q = l.query;
  const long long last = knownTotalPages(l);  // 0: not known yet, so not bounded
  q.pageNumber = std::max<long long>(1, last > 0 ? std::min(pageNumber, last) : pageNumber);
  setQuery(l, r, std::move(q), started, out);
}

// The page next to `page`. Page numbers are unbounded until validated (links,
// the embedding page), so step from one in range rather than overflow.
long long pageAfter(long long page, long long step) {
  return std::clamp(page, 0LL, kMaxPageNumber + 1) + step;
}

}  // namespace

void apply(ListState& l, RequestState& r, const act::SetRegion& a, bool started, Effects& out) {
  TaskQuery q = l.query;
  q.region = a.region;
  setFilters(l, r, std::move(q), started, out);
}

void apply(ListState& l, RequestState& r, const act::SetTaskType& a, bool started, Effects& out) {
  TaskQuery q = l.query;
  q.taskType = a.taskType;
  setFilters(l, r, std::move(q), started, out);
}

void apply(ListState& l, RequestState& r, const act::ToggleStatus& a, bool started, Effects& out) {
  TaskQuery q = l.query;
  auto it = std::find(q.statuses.begin(), q.statuses.end(), a.status);
  if (it == q.statuses.end())
    q.statuses.push_back(a.status);
  else
    q.statuses.erase(it);
  setFilters(l, r, std::move(q), started, out);
}

void apply(ListState& l, RequestState& r, const act::SetStatuses& a, bool started, Effects& out) {
  TaskQuery q = l.query;
  q.statuses = a.statuses;
  setFilters(l, r, std::move(q), started, out);
}

void apply(ListState& l, RequestState& r, const act::SetTimeRange& a, bool started, Effects& out) {
  TaskQuery q = l.query;
  q.startTime = a.start;
  q.endTime = a.end;
  setFilters(l, r, std::move(q), started, out);
}

void apply(ListState& l, RequestState& r, const act::ClearFilters&, bool started, Effects& out) {
  TaskQuery q;
  q.pageSize = l.query.pageSize;
  q.region = l.query.region;  // where, not a filter
  setFilters(l, r, std::move(q), started, out);
}

void apply(ListState& l, RequestState& r, const act::SetQuery& a, bool started, Effects& out) {
  setQuery(l, r, a.query, started, out);
}

void apply(ListState& l, RequestState& r, const act::PatchQuery& a, bool started, Effects& out) {
  TaskQuery q = l.query;
  if (a.region) q.region = *a.region;
  if (a.taskType) q.taskType = *a.taskType;
  if (a.statuses) q.statuses = *a.statuses;
  if (a.startTime) q.startTime = *a.startTime;
  if (a.endTime) q.endTime = *a.endTime;
  if (a.pageSize) q.pageSize = *a.pageSize;
  q.statuses = normalizedStatuses(std::move(q.statuses));
  if (a.pageNumber)
    q.pageNumber = *a.pageNumber;
  else if (!q.sameFilters(l.query))
    q.pageNumber = 1;
  setQuery(l, r, std::move(q), started, out);
}

void apply(ListState& l, RequestState& r, const act::GoToPage& a, bool started, Effects& out) {
  goToPage(l, r, a.pageNumber, started, out);
}

void apply(ListState& l, RequestState& r, const act::NextPage&, bool started, Effects& out) {
  goToPage(l, r, pageAfter(l.query.pageNumber, 1), started, out);
}

void apply(ListState& l, RequestState& r, const act::PrevPage&, bool started, Effects& out) {
  goToPage(l, r, pageAfter(l.query.pageNumber, -1), started, out);
}

void apply(ListState& l, RequestState& r, const act::FirstPage&, bool started, Effects& out) {
  goToPage(l, r, 1, started, out);
}

void apply(ListState& l, RequestState& r, const act::LastPage&, bool started, Effects& out) {
  if (const long long last = knownTotalPages(l)) goToPage(l, r, last, started, out);
}

void apply(ListState& l, RequestState& r, const act::SetPageSize& a, bool started, Effects& out) {
  TaskQuery q = l.query;
  // Keep the first row on screen in view: it lands on the page that holds it.
  // An invalid page or size has no first row; such a query starts over at page 1.
  const bool placed = q.pageNumber >= 1 && q.pageNumber <= kMaxPageNumber && q.pageSize > 0;
  const long long firstRow = placed ? (q.pageNumber - 1) * q.pageSize : 0;
  q.pageSize = a.pageSize;
  q.pageNumber = a.pageSize > 0 ? firstRow / a.pageSize + 1 : 1;
  setQuery(l, r, std::move(q), started, out);
}

void start(ListState& l, RequestState& r, const std::string& earlyRequestBody, Effects& out) {
  l.problems = validate(l.query);
  if (!l.problems.empty()) return;
  const bool adopt = !earlyRequestBody.empty() && earlyRequestBody == formEncode(describeBatchTasksParams(l.query));
  send(l, r, true, out, adopt);
}

void reload(ListState& l, RequestState& r, Effects& out) {
  if (l.problems.empty() && !l.list.inFlight) send(l, r, true, out);
}

Load answered(ListState& l, RequestState& r, int httpStatus, std::string_view body, const AnswerSource& source,
              Effects& out) {
  PageResult result = parseDescribeBatchTasks(httpStatus, body);
  if (auto* error = std::get_if<ApiError>(&result)) return failed(l, r, std::move(*error), out);
  TaskPage& page = std::get<TaskPage>(result);
  l.list.inFlight = false;
  const TaskQuery& asked = l.requestedQuery;
  // Fewer results than this page needs (batches aged out of the range, or a
  // link to a page that no longer exists): go to the last page that exists
  // instead of showing an empty one. Each step lowers the page, so it ends.
  // Only while the person still asks for this page: a query changed since
  // (and not sent, so invalid) must neither be sent nor lose its page.
  if (page.tasks.empty() && asked.pageNumber > 1 && l.query == asked) {
    const long long last = totalPages(std::max<std::int64_t>(page.totalCount, 0), asked.pageSize);
    if (last < asked.pageNumber) {
      l.query.pageNumber = last;
      send(l, r, true, out);
      return Load::Pending;
    }
  }
  if (page.pageSize <= 0) page.pageSize = asked.pageSize;
  if (page.pageNumber <= 0) page.pageNumber = asked.pageNumber;
  if (page.pageNumber != asked.pageNumber || page.pageSize != asked.pageSize)
    page.warnings.push_back("The API answered page " + std::to_string(page.pageNumber) + " of size " +
                            std::to_string(page.pageSize) + " to a request for page " +
                            std::to_string(asked.pageNumber) + " of size " + std::to_string(asked.pageSize));
  l.page = std::move(page);
  l.pageQuery = asked;
  l.pageUpdatedMs = out.now;
  l.pageSource = source;
  ++l.pagesArrived;
  requests::succeed(l.list);
  const std::int64_t total = knownTotal(l);
  out.emit("load", {{"totalCount", total}, {"pageNumber", l.pageQuery.pageNumber},
                    {"pageSize", l.pageQuery.pageSize}, {"rows", l.page->tasks.size()}});
  out.add(fx::Announce{{MessageId::AnnouncePage,
                        {std::to_string(l.pageQuery.pageNumber), std::to_string(totalPages(total, l.pageQuery.pageSize)),
                         std::to_string(l.page->tasks.size()), std::to_string(total)}}});
  return Load::Ended;
}

Load failed(ListState& l, RequestState& r, ApiError error, Effects& out) {
  requests::fail(r, l.list, Channel::List, std::move(error), out);
  const ApiError& e = *l.list.error;
  out.emit("error", {{"httpStatus", e.httpStatus}, {"code", e.code}, {"message", englishText(e.message)},
                    {"requestId", e.requestId}, {"retrying", l.list.retryAtMs.has_value()}});
  out.add(fx::Announce{{l.list.retryAtMs ? MessageId::AnnounceErrorRetrying : MessageId::AnnounceError,
                        {e.code, e.message}}});
  return l.list.retryAtMs ? Load::Pending : Load::Ended;
}

Load timerFired(ListState& l, RequestState& r, const Timer& timer, Effects& out) {
  if (l.list.activeId != timer.token) return Load::Pending;  // a timer of a request since replaced
  if (timer.kind == TimerKind::RequestTimeout && l.list.inFlight)
    return failed(l, r, makeTimeoutError(r.settings.requestTimeoutMs), out);
  if (timer.kind == TimerKind::Retry && l.list.retryAtMs) send(l, r, false, out);
  return Load::Pending;
}

}  // namespace bt::reduce::list
