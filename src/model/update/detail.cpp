// The detail panel: the selected batch and its subtasks.
#include <nlohmann/json.hpp>

#include "model/response_parser.hpp"
#include "model/update/reducers.hpp"

namespace bt::reduce::detail {
namespace {

void send(DetailState& d, RequestState& r, bool freshLoad, Effects& out) {
  requests::begin(r, d.detailRequest, Channel::Detail, describeBatchTaskParams(d.selectedBatchId, d.selectedRegion), freshLoad, out);
}

// "No batch task pcb-… exists": said plainly instead of an empty panel.
// PolarDB says so with an error code (a 4xx, so not retried); an answer with
// no BatchId and no subtasks says the same.
ApiError notFound(const DetailState& d, ApiError e) {
  e.message = {MessageId::BatchNotFound, {d.selectedBatchId}};
  return e;
}

}  // namespace


void select(DetailState& d, RequestState& r, std::string batchId, std::string region, bool started, Effects& out) {
  if (batchId.empty()) region.clear();
  if (batchId == d.selectedBatchId && region == d.selectedRegion) return;
  const bool sameBatch = batchId == d.selectedBatchId;
  d.selectedBatchId = std::move(batchId);
  d.selectedRegion = std::move(region);
  if (started && !sameBatch) {
    out.emit("select", {{"batchId", d.selectedBatchId}});
    out.add(fx::Announce{d.selectedBatchId.empty() ? Message{MessageId::AnnounceDetailsClosed}
                                                   : Message{MessageId::AnnounceDetailsOf, {d.selectedBatchId}}});
  }
  d.detail.reset();
  d.failureGroups.clear();
  d.detailRequest.error.reset();
  requests::abandon(d.detailRequest);  // its answer, if any, is for another batch
  if (!d.selectedBatchId.empty() && started) send(d, r, true, out);
}

void reload(DetailState& d, RequestState& r, Effects& out) {
  if (!d.selectedBatchId.empty() && !d.detailRequest.inFlight) send(d, r, true, out);
}

void answered(DetailState& d, RequestState& r, int httpStatus, std::string_view body, Effects& out) {
  DetailResult result = parseDescribeBatchTask(httpStatus, body);
  if (auto* error = std::get_if<ApiError>(&result))
    return failed(d, r, saysBatchNotFound(*error) ? notFound(d, std::move(*error)) : std::move(*error), out);
  BatchDetail& found = std::get<BatchDetail>(result);
  if (found.batch.batchId.empty() && found.subTasks.empty()) {
    ApiError e;
    e.kind = ErrorKind::Api;
    e.httpStatus = httpStatus;
    e.code = "BatchNotFound";
    e.requestId = found.requestId;
    e.retryable = isRetryable(e.kind, e.httpStatus, e.code);
    return failed(d, r, notFound(d, std::move(e)), out);
  }
  d.failureGroups = groupFailures(found.subTasks);
  d.detail = std::move(found);
  d.detailUpdatedMs = out.now;
  requests::succeed(d.detailRequest);
}

void failed(DetailState& d, RequestState& r, ApiError error, Effects& out) {
  requests::fail(r, d.detailRequest, Channel::Detail, std::move(error), out);
}

void timerFired(DetailState& d, RequestState& r, const Timer& timer, Effects& out) {
  if (d.detailRequest.activeId != timer.token) return;  // a timer of a request since replaced
  if (timer.kind == TimerKind::RequestTimeout && d.detailRequest.inFlight)
    failed(d, r, makeTimeoutError(r.settings.requestTimeoutMs), out);
  else if (timer.kind == TimerKind::Retry && d.detailRequest.retryAtMs)
    send(d, r, false, out);
}

}  // namespace bt::reduce::detail
