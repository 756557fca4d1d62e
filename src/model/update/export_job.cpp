// Exports: the page on screen at once, or every page of the query shown, one
// page at a time.
#include <algorithm>

#include "model/paging.hpp"
#include "model/response_parser.hpp"
#include "model/update/reducers.hpp"

namespace bt::reduce::exporting {
namespace {

constexpr int kExportPageSize = 100;

void send(ExportState& e, RequestState& r, Effects& out) {
  requests::begin(r, e.exportRequest, Channel::Export, describeBatchTasksParams(e.exportJob->query), true, out);
}

void download(ExportFormat format, const std::vector<BatchTask>& rows, Effects& out) {
  out.add(
      fx::Download{exportFileName(format, out.now), std::string(exportMimeType(format)), exportRows(rows, format)});
}

}  // namespace

void start(ExportState& e, RequestState& r, const ListState& l, const act::StartExport& a, bool started,
           Effects& out) {
  if (!a.allPages) {
    const std::vector<BatchTask> none;
    download(a.format, l.page ? l.page->tasks : none, out);
    return;
  }
  if (e.exportJob || !started) return;  // one export at a time
  ExportJob job;
  job.format = a.format;
  job.query = l.page ? l.pageQuery : l.query;  // what is on screen
  job.query.pageNumber = 1;
  job.query.pageSize = kExportPageSize;
  // Before any page arrived that is the query asked for, which may be invalid
  // (its problems are on screen): such a query is never sent.
  if (!validate(job.query).empty()) return;
  e.exportJob = std::move(job);
  send(e, r, out);
}

void cancel(ExportState& e) {
  e.exportJob.reset();
  requests::abandon(e.exportRequest);  // its answer is no longer awaited
  e.exportRequest.error.reset();
}

void answered(ExportState& e, RequestState& r, HostState& h, int httpStatus, std::string_view body, Effects& out) {
  PageResult result = parseDescribeBatchTasks(httpStatus, body);
  if (auto* error = std::get_if<ApiError>(&result)) return failed(e, r, h, std::move(*error), out);
  requests::succeed(e.exportRequest);
  ExportJob& job = *e.exportJob;
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
    out.startTimer(TimerKind::ExportNextPage, Channel::Export, e.exportRequest.activeId, kExportPagePauseMs);
    return;
  }
  if (full && job.totalRows > static_cast<std::int64_t>(job.rows.size()))
    h.notices.push_back({MessageId::ExportTruncated,
                         {formatCount(static_cast<std::int64_t>(job.rows.size())), formatCount(job.totalRows)}});
  download(job.format, job.rows, out);
  e.exportJob.reset();
}

void failed(ExportState& e, RequestState& r, HostState& h, ApiError error, Effects& out) {
  requests::fail(r, e.exportRequest, Channel::Export, std::move(error), out);
  if (e.exportRequest.retryAtMs) return;
  h.notices.push_back({MessageId::ExportStopped, {e.exportRequest.error->message}});
  e.exportJob.reset();
}

void timerFired(ExportState& e, RequestState& r, HostState& h, const Timer& timer, Effects& out) {
  RequestChannel& c = e.exportRequest;
  if (c.activeId != timer.token) return;  // a timer of a request since replaced
  if (timer.kind == TimerKind::ExportNextPage) {
    if (e.exportJob && !c.busy()) send(e, r, out);
  } else if (timer.kind == TimerKind::RequestTimeout && c.inFlight) {
    failed(e, r, h, makeTimeoutError(r.settings.requestTimeoutMs), out);
  } else if (timer.kind == TimerKind::Retry && c.retryAtMs) {
    requests::begin(r, c, Channel::Export, describeBatchTasksParams(e.exportJob->query), false, out);
  }
}

}  // namespace bt::reduce::exporting
