// Arbitrary HTTP answers to DescribeBatchTask (one batch and its subtasks): the
// first byte picks the status (see takeHttpStatus), the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "model/app.hpp"
#include "model/find.hpp"
#include "model/response_parser.hpp"
#include "model/snapshot.hpp"

using namespace bt;

namespace {

void checkDetail(const BatchDetail& d, std::string_view body) {
  fuzz::checkBatch(d.batch);
  FUZZ_CHECK(d.subTasks.size() <= body.size() / 2);  // each is at least "{}"
  for (const SubTask& t : d.subTasks) {
    FUZZ_CHECK(!t.taskBegin.at || !t.taskBegin.raw.empty());
    FUZZ_CHECK(!t.taskEnd.at || !t.taskEnd.raw.empty());
  }
}

// A started widget with a batch selected, awaiting its detail, then this answer.
void checkAppliedToState(int httpStatus, std::string_view body, const DetailResult& parsed) {
  AppState initial;
  initial.selectedBatchId = "pcb-fuzz";
  Step started = update(std::move(initial), act::Start{}, 1'775'000'000'000);
  const std::uint64_t requestId = started.state.detailRequest.activeId;
  FUZZ_CHECK(started.state.detailRequest.inFlight && requestId != started.state.list.activeId);
  Step answered = update(std::move(started.state),
                         act::ResponseArrived{requestId, httpStatus, std::string(body)},
                         1'775'000'001'000);
  const AppState& s = answered.state;
  FUZZ_CHECK(s.list.inFlight && !s.page);  // the list's request is untouched
  const Message notFound{MessageId::BatchNotFound, {std::string("pcb-fuzz")}};
  const auto* detail = std::get_if<BatchDetail>(&parsed);
  if (detail && !(detail->batch.batchId.empty() && detail->subTasks.empty())) {
    FUZZ_CHECK(s.detail == *detail && !s.detailRequest.error && !s.detailRequest.busy());
  } else if (detail) {
    // An answer that names no batch and no subtask: the batch does not exist.
    FUZZ_CHECK(!s.detail && s.detailRequest.error && s.detailRequest.error->code == "BatchNotFound" &&
               s.detailRequest.error->message == notFound);
  } else {
    // An error that says the batch does not exist is said so, in the model's words.
    ApiError expected = std::get<ApiError>(parsed);
    if (saysBatchNotFound(expected)) expected.message = notFound;
    FUZZ_CHECK(!s.detail && s.detailRequest.error == expected);
  }
  if (!s.detail) FUZZ_CHECK(s.detailRequest.retryAtMs.has_value() == s.detailRequest.error->retryable);
  fuzz::parseSnapshot(stateSnapshotJson(s));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  const int httpStatus = fuzz::takeHttpStatus(body);
  fuzz::mustNotThrow("parseDescribeBatchTask", [&] {
    const DetailResult parsed = parseDescribeBatchTask(httpStatus, body);
    if (const auto* error = std::get_if<ApiError>(&parsed)) {
      fuzz::checkApiError(*error, httpStatus);
    } else {
      FUZZ_CHECK(httpStatus >= 200 && httpStatus < 300);
      checkDetail(std::get<BatchDetail>(parsed), body);
    }
    FUZZ_CHECK(parseDescribeBatchTask(httpStatus, body) == parsed);
    checkAppliedToState(httpStatus, body, parsed);
  });
  return 0;
}
