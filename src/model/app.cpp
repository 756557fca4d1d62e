#include "model/app.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "model/paging.hpp"
#include "model/response_parser.hpp"

namespace bt {
namespace {

// Deterministic jitter from the state's own seed (splitmix64), so update stays pure.
std::uint64_t nextRandom(AppState& s) {
  std::uint64_t z = (s.jitterSeed += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Exponential backoff with "equal jitter": half the delay fixed, half random,
// so retries from many open tabs spread out but never come back at once.
Millis backoffDelay(AppState& s, int attempt) {
  Millis delay = s.settings.backoffBaseMs;
  for (int i = 1; i < attempt && delay < s.settings.backoffMaxMs; ++i) delay *= 2;
  delay = std::min(delay, s.settings.backoffMaxMs);
  const Millis half = delay / 2;
  return half + static_cast<Millis>(nextRandom(s) % static_cast<std::uint64_t>(half + 1));
}

// The page next to `page`. Page numbers are unbounded until validated (links,
// the embedding page), so step from one in range rather than overflow.
long long pageAfter(long long page, long long step) {
  return std::clamp(page, 0LL, kMaxPageNumber + 1) + step;
}

RequestChannel& channelOf(AppState& s, Channel c) {
  switch (c) {
    case Channel::List: return s.list;
    case Channel::Detail: return s.detailRequest;
    case Channel::Export: return s.exportRequest;
  }
  return s.list;
}

constexpr int kExportPageSize = 100;

struct Updater {
  AppState& s;
  Millis now;
  std::vector<Effect> effects;

  void send(Channel c, bool freshLoad, bool adopted = false) {
    RequestChannel& rc = channelOf(s, c);
    if (freshLoad) rc.attempt = 0;
    ++rc.attempt;
    rc.activeId = s.nextRequestId++;
    rc.inFlight = true;
    rc.retryAtMs.reset();
    WireParams params;
    if (c == Channel::List) {
      // A retry repeats the request that failed: the query may have changed
      // since, and then it is invalid (a valid change sends a fresh load).
      if (freshLoad) s.requestedQuery = s.query;
      params = describeBatchTasksParams(s.requestedQuery);
    } else if (c == Channel::Detail) {
      params = describeBatchTaskParams(s.selectedBatchId);
    } else {
      params = describeBatchTasksParams(s.exportJob->query);
    }
    if (adopted)
      s.adoptedRequestId = rc.activeId;  // already on its way: only the timeout is ours
    else
      effects.push_back(fx::SendRequest{rc.activeId, c, std::move(params), s.settings.requestTimeoutMs});
    effects.push_back(fx::StartTimer{{TimerKind::RequestTimeout, c, rc.activeId}, s.settings.requestTimeoutMs});
  }

  void fail(Channel c, ApiError error) {
    RequestChannel& rc = channelOf(s, c);
    rc.inFlight = false;
    if (error.retryable && rc.attempt < s.settings.maxAttempts) {
      const Millis delay = backoffDelay(s, rc.attempt);
      rc.retryAtMs = now + delay;
      effects.push_back(fx::StartTimer{{TimerKind::Retry, c, rc.activeId}, delay});
    }
    rc.error = std::move(error);
    if (c == Channel::Export && !rc.retryAtMs) {
      s.notices.push_back({MessageId::ExportStopped, {rc.error->message}});
      s.exportJob.reset();
      return;
    }
    if (c == Channel::List) {
      const ApiError& e = *rc.error;
      emit("error", {{"httpStatus", e.httpStatus}, {"code", e.code}, {"message", englishText(e.message)},
                     {"requestId", e.requestId}, {"retrying", rc.retryAtMs.has_value()}});
      if (!rc.retryAtMs) armAutoRefresh();
    }
  }

  void emit(const char* event, const nlohmann::json& detail) {
    effects.push_back(fx::Emit{event, detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  }

  // Schedules the next auto-refresh from now, or cancels it when it should not run.
  void armAutoRefresh() {
    AutoRefresh& ar = s.autoRefresh;
    ++ar.generation;
    ar.dueAtMs.reset();
    if (!s.started || ar.intervalMs <= 0 || !ar.pageVisible) return;
    if (ar.pauseWhenSettled && pageIsSettled(s)) return;
    ar.dueAtMs = now + ar.intervalMs;
    effects.push_back(fx::StartTimer{{TimerKind::AutoRefresh, Channel::List, ar.generation}, ar.intervalMs});
  }

  // Every query change goes through here: validate, then load it from scratch.
  void setQuery(TaskQuery q) {
    q.statuses = normalizedStatuses(std::move(q.statuses));
    if (q == s.query && s.problems.empty() && s.started) return;
    s.query = std::move(q);
    s.problems = validate(s.query);
    if (!s.problems.empty() || !s.started) return;
    s.list.error.reset();  // it was about another query
    send(Channel::List, true);
  }

  void setFilters(TaskQuery q) {
    q.pageNumber = 1;  // new filters, new result: start from its first page
    setQuery(std::move(q));
  }

  void goToPage(long long n) {
    TaskQuery q = s.query;
    const long long last = knownTotalPages(s);  // 0: not known yet, so not bounded
    q.pageNumber = std::max<long long>(1, last > 0 ? std::min(n, last) : n);
    setQuery(std::move(q));
  }

  void refresh() {
    if (!s.started) return;
    if (s.problems.empty() && !s.list.inFlight) send(Channel::List, true);
    if (!s.selectedBatchId.empty() && !s.detailRequest.inFlight) send(Channel::Detail, true);
  }

  void listAnswered(int httpStatus, std::string_view body) {
    PageResult result = parseDescribeBatchTasks(httpStatus, body);
    if (auto* error = std::get_if<ApiError>(&result)) return fail(Channel::List, std::move(*error));
    TaskPage& page = std::get<TaskPage>(result);
    s.list.inFlight = false;
    const TaskQuery& asked = s.requestedQuery;
    // Fewer results than this page needs (batches aged out of the range, or a
    // link to a page that no longer exists): go to the last page that exists
    // instead of showing an empty one. Each step lowers the page, so it ends.
    // Only while the person still asks for this page: a query changed since
    // (and not sent, so invalid) must neither be sent nor lose its page.
    if (page.tasks.empty() && asked.pageNumber > 1 && s.query == asked) {
      const long long last = totalPages(std::max<std::int64_t>(page.totalCount, 0), asked.pageSize);
      if (last < asked.pageNumber) {
        s.query.pageNumber = last;
        send(Channel::List, true);
        return;
      }
    }
    if (page.pageSize <= 0) page.pageSize = asked.pageSize;
    if (page.pageNumber <= 0) page.pageNumber = asked.pageNumber;
    if (page.pageNumber != asked.pageNumber || page.pageSize != asked.pageSize)
      page.warnings.push_back("The API answered page " + std::to_string(page.pageNumber) + " of size " +
                              std::to_string(page.pageSize) + " to a request for page " +
                              std::to_string(asked.pageNumber) + " of size " +
                              std::to_string(asked.pageSize));
    s.page = std::move(page);
    s.pageQuery = asked;
    s.pageUpdatedMs = now;
    s.list.error.reset();
    s.list.attempt = 0;
    emit("load", {{"totalCount", knownTotal(s)}, {"pageNumber", s.pageQuery.pageNumber},
                  {"pageSize", s.pageQuery.pageSize}, {"rows", s.page->tasks.size()}});
    armAutoRefresh();
  }

  void detailAnswered(int httpStatus, std::string_view body) {
    DetailResult result = parseDescribeBatchTask(httpStatus, body);
    if (auto* error = std::get_if<ApiError>(&result)) return fail(Channel::Detail, std::move(*error));
    s.detailRequest.inFlight = false;
    s.detail = std::move(std::get<BatchDetail>(result));
    s.detailUpdatedMs = now;
    s.detailRequest.error.reset();
    s.detailRequest.attempt = 0;
  }

  void exportAnswered(int httpStatus, std::string_view body) {
    PageResult result = parseDescribeBatchTasks(httpStatus, body);
    if (auto* error = std::get_if<ApiError>(&result)) return fail(Channel::Export, std::move(*error));
    s.exportRequest.inFlight = false;
    s.exportRequest.attempt = 0;
    s.exportRequest.error.reset();
    ExportJob& job = *s.exportJob;
    TaskPage& page = std::get<TaskPage>(result);
    job.totalRows = std::max(job.totalRows, effectiveTotal(page, kExportPageSize, job.query.pageNumber));
    job.totalPages = totalPages(job.totalRows, kExportPageSize);
    for (BatchTask& t : page.tasks) {
      if (job.rows.size() >= kMaxExportRows) break;
      job.rows.push_back(std::move(t));
    }
    const bool full = job.rows.size() >= kMaxExportRows;
    if (!page.tasks.empty() && job.query.pageNumber < job.totalPages && !full) {
      ++job.query.pageNumber;
      effects.push_back(fx::StartTimer{{TimerKind::ExportNextPage, Channel::Export, s.exportRequest.activeId},
                                       kExportPagePauseMs});
      return;
    }
    if (full && job.totalRows > static_cast<std::int64_t>(job.rows.size()))
      s.notices.push_back({MessageId::ExportTruncated,
                           {formatCount(static_cast<std::int64_t>(job.rows.size())), formatCount(job.totalRows)}});
    effects.push_back(fx::Download{exportFileName(job.format, now), std::string(exportMimeType(job.format)),
                                   exportRows(job.rows, job.format)});
    s.exportJob.reset();
  }

  // The answer counts only if it is to the newest request still awaited.
  std::optional<Channel> awaitedChannel(std::uint64_t requestId) const {
    for (Channel c : {Channel::List, Channel::Detail, Channel::Export}) {
      const RequestChannel& rc = c == Channel::List ? s.list : c == Channel::Detail ? s.detailRequest : s.exportRequest;
      if (rc.inFlight && rc.activeId == requestId) return c;
    }
    return std::nullopt;
  }

  void operator()(const act::Start& a) {
    if (s.started) return;
    s.started = true;
    s.problems = validate(s.query);
    if (s.problems.empty()) {
      const bool adopt = !a.earlyRequestBody.empty() &&
                         a.earlyRequestBody == formEncode(describeBatchTasksParams(s.query));
      send(Channel::List, true, adopt);
    }
    if (!s.selectedBatchId.empty()) send(Channel::Detail, true);
  }
  void operator()(const act::SetTaskType& a) {
    TaskQuery q = s.query;
    q.taskType = a.taskType;
    setFilters(std::move(q));
  }
  void operator()(const act::ToggleStatus& a) {
    TaskQuery q = s.query;
    auto it = std::find(q.statuses.begin(), q.statuses.end(), a.status);
    if (it == q.statuses.end())
      q.statuses.push_back(a.status);
    else
      q.statuses.erase(it);
    setFilters(std::move(q));
  }
  void operator()(const act::SetStatuses& a) {
    TaskQuery q = s.query;
    q.statuses = a.statuses;
    setFilters(std::move(q));
  }
  void operator()(const act::SetTimeRange& a) {
    TaskQuery q = s.query;
    q.startTime = a.start;
    q.endTime = a.end;
    setFilters(std::move(q));
  }
  void operator()(const act::ClearFilters&) {
    TaskQuery q;
    q.pageSize = s.query.pageSize;
    setFilters(std::move(q));
  }
  void operator()(const act::SetQuery& a) { setQuery(a.query); }
  void operator()(const act::PatchQuery& a) {
    TaskQuery q = s.query;
    if (a.taskType) q.taskType = *a.taskType;
    if (a.statuses) q.statuses = *a.statuses;
    if (a.startTime) q.startTime = *a.startTime;
    if (a.endTime) q.endTime = *a.endTime;
    if (a.pageSize) q.pageSize = *a.pageSize;
    q.statuses = normalizedStatuses(std::move(q.statuses));
    if (a.pageNumber)
      q.pageNumber = *a.pageNumber;
    else if (!q.sameFilters(s.query))
      q.pageNumber = 1;
    setQuery(std::move(q));
  }
  void operator()(const act::GoToPage& a) { goToPage(a.pageNumber); }
  void operator()(const act::NextPage&) { goToPage(pageAfter(s.query.pageNumber, 1)); }
  void operator()(const act::PrevPage&) { goToPage(pageAfter(s.query.pageNumber, -1)); }
  void operator()(const act::FirstPage&) { goToPage(1); }
  void operator()(const act::LastPage&) {
    if (const long long last = knownTotalPages(s)) goToPage(last);
  }
  void operator()(const act::SetPageSize& a) {
    TaskQuery q = s.query;
    // Keep the first row on screen in view: it lands on the page that holds it.
    // An invalid page or size has no first row; such a query starts over at page 1.
    const bool placed = q.pageNumber >= 1 && q.pageNumber <= kMaxPageNumber && q.pageSize > 0;
    const long long firstRow = placed ? (q.pageNumber - 1) * q.pageSize : 0;
    q.pageSize = a.pageSize;
    q.pageNumber = a.pageSize > 0 ? firstRow / a.pageSize + 1 : 1;
    setQuery(std::move(q));
  }
  void operator()(const act::Refresh&) { refresh(); }
  void operator()(const act::SelectBatch& a) {
    if (a.batchId == s.selectedBatchId) return;
    s.selectedBatchId = a.batchId;
    if (s.started) emit("select", {{"batchId", a.batchId}});
    s.detail.reset();
    s.detailRequest.error.reset();
    s.detailRequest.inFlight = false;  // its answer, if any, is for another batch
    s.detailRequest.retryAtMs.reset();
    if (!a.batchId.empty() && s.started) send(Channel::Detail, true);
  }
  void operator()(const act::ResponseArrived& a) {
    const auto c = awaitedChannel(a.requestId);
    if (!c) return;
    if (*c == Channel::List)
      listAnswered(a.httpStatus, a.body);
    else if (*c == Channel::Detail)
      detailAnswered(a.httpStatus, a.body);
    else
      exportAnswered(a.httpStatus, a.body);
  }
  void operator()(const act::TransportFailed& a) {
    if (const auto c = awaitedChannel(a.requestId)) fail(*c, makeNetworkError(a.detail));
  }
  void operator()(const act::UrlChanged& a) {
    ParsedUrlState parsed = parseUrlState(a.fragment);
    s.notices.insert(s.notices.end(), parsed.problems.begin(), parsed.problems.end());
    s.timeZone = parsed.state.timeZone;
    setQuery(std::move(parsed.state.query));
    (*this)(act::SelectBatch{std::move(parsed.state.selectedBatchId)});
  }
  void operator()(const act::SetTimeZone& a) { s.timeZone = a.zone; }
  void operator()(const act::SetAutoRefresh& a) {
    s.autoRefresh.intervalMs = a.intervalMs <= 0 ? 0 : std::max(a.intervalMs, kMinAutoRefreshMs);
    // While a load runs the schedule restarts when it ends, but "off" holds at once.
    if (!s.list.busy() || s.autoRefresh.intervalMs == 0) armAutoRefresh();
  }
  void operator()(const act::SetPauseWhenSettled& a) {
    s.autoRefresh.pauseWhenSettled = a.pause;
    if (!s.list.busy()) armAutoRefresh();
  }
  void operator()(const act::PageVisibilityChanged& a) {
    AutoRefresh& ar = s.autoRefresh;
    if (ar.pageVisible == a.visible) return;
    ar.pageVisible = a.visible;
    if (!a.visible) {
      ++ar.generation;  // hidden: the pending refresh will not run
      ar.dueAtMs.reset();
      return;
    }
    // Back in view: refresh now if one fell due while hidden, else resume.
    if (ar.intervalMs > 0 && s.page && now - s.pageUpdatedMs >= ar.intervalMs &&
        !(ar.pauseWhenSettled && pageIsSettled(s)))
      refresh();
    else if (!s.list.busy())
      armAutoRefresh();
  }
  void operator()(const act::DismissNotices&) { s.notices.clear(); }
  void operator()(const act::AddNotices& a) {
    s.notices.insert(s.notices.end(), a.notices.begin(), a.notices.end());
  }
  void operator()(const act::CommandIgnored& a) {
    ++s.commandsIgnored;
    s.lastIgnoredCommand = a.reason.substr(0, 200);
  }
  void operator()(const act::StartExport& a) {
    if (!a.allPages) {
      const std::vector<BatchTask> none;
      const auto& rows = s.page ? s.page->tasks : none;
      effects.push_back(fx::Download{exportFileName(a.format, now), std::string(exportMimeType(a.format)),
                                     exportRows(rows, a.format)});
      return;
    }
    if (s.exportJob || !s.started) return;  // one export at a time
    ExportJob job;
    job.format = a.format;
    job.query = s.page ? s.pageQuery : s.query;  // what is on screen
    job.query.pageNumber = 1;
    job.query.pageSize = kExportPageSize;
    // Before any page arrived that is the query asked for, which may be invalid
    // (its problems are on screen): such a query is never sent.
    if (!validate(job.query).empty()) return;
    s.exportJob = std::move(job);
    send(Channel::Export, true);
  }
  void operator()(const act::CancelExport&) {
    s.exportJob.reset();
    s.exportRequest.inFlight = false;  // its answer is no longer awaited
    s.exportRequest.retryAtMs.reset();
    s.exportRequest.error.reset();
  }
  void operator()(const act::TimerFired& a) {
    if (a.timer.kind == TimerKind::ExportNextPage) {
      if (s.exportJob && s.exportRequest.activeId == a.timer.token && !s.exportRequest.busy())
        send(Channel::Export, true);
      return;
    }
    if (a.timer.kind == TimerKind::AutoRefresh) {
      if (a.timer.token != s.autoRefresh.generation || !s.autoRefresh.dueAtMs) return;
      s.autoRefresh.dueAtMs.reset();
      refresh();
      return;
    }
    RequestChannel& rc = channelOf(s, a.timer.channel);
    if (rc.activeId != a.timer.token) return;  // a timer of a request since replaced
    if (a.timer.kind == TimerKind::RequestTimeout && rc.inFlight)
      fail(a.timer.channel, makeTimeoutError(s.settings.requestTimeoutMs));
    else if (a.timer.kind == TimerKind::Retry && rc.retryAtMs)
      send(a.timer.channel, false);
  }
};

// The person's own moves get history entries; everything else replaces.
bool isNavigation(const Action& a) {
  return std::holds_alternative<act::SetTaskType>(a) || std::holds_alternative<act::ToggleStatus>(a) ||
         std::holds_alternative<act::SetStatuses>(a) || std::holds_alternative<act::SetTimeRange>(a) ||
         std::holds_alternative<act::ClearFilters>(a) || std::holds_alternative<act::SetQuery>(a) ||
         std::holds_alternative<act::PatchQuery>(a) ||
         std::holds_alternative<act::GoToPage>(a) || std::holds_alternative<act::NextPage>(a) ||
         std::holds_alternative<act::PrevPage>(a) || std::holds_alternative<act::FirstPage>(a) ||
         std::holds_alternative<act::LastPage>(a) || std::holds_alternative<act::SetPageSize>(a) ||
         std::holds_alternative<act::SelectBatch>(a);
}

}  // namespace

Step update(AppState state, const Action& action, Millis now) {
  const UrlState before = urlStateOf(state);
  Updater u{state, now, {}};
  std::visit(u, action);
  // The URL follows the view; it leads only when it is what changed.
  if (state.started && !std::holds_alternative<act::UrlChanged>(action)) {
    const UrlState after = urlStateOf(state);
    if (!(after == before)) u.effects.push_back(fx::WriteUrl{encodeUrlState(after), isNavigation(action)});
  }
  return {std::move(state), std::move(u.effects)};
}

bool isLoading(const AppState& s) { return s.list.busy(); }

bool rowsAreStale(const AppState& s) {
  if (!s.page) return false;
  return s.list.error.has_value() || (!s.list.busy() && !(s.pageQuery == s.query));
}

std::int64_t knownTotal(const AppState& s) {
  return s.page ? effectiveTotal(*s.page, s.pageQuery.pageSize, s.pageQuery.pageNumber) : 0;
}

UrlState urlStateOf(const AppState& s) { return {s.query, s.selectedBatchId, s.timeZone}; }

bool pageIsSettled(const AppState& s) {
  if (!s.page) return false;
  return std::none_of(s.page->tasks.begin(), s.page->tasks.end(), [](const BatchTask& t) {
    return t.status == statusName(TaskStatus::Running) || t.status == statusName(TaskStatus::Dispatching);
  });
}

long long knownTotalPages(const AppState& s) {
  if (!s.page || !s.pageQuery.sameFilters(s.query)) return 0;
  // Known for these filters; recomputed for the current page size.
  return totalPages(knownTotal(s), s.query.pageSize);
}

}  // namespace bt
