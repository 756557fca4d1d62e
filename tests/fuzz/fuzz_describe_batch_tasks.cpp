// Arbitrary HTTP answers to DescribeBatchTasks: the first byte picks the status
// (see takeHttpStatus), the rest is the body. Whatever arrives, the parser
// returns a page or an error the widget can show, and the state it leads to
// still snapshots as JSON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "model/app.hpp"
#include "model/export.hpp"
#include "model/response_parser.hpp"
#include "model/snapshot.hpp"

using namespace bt;

namespace {

// A CSV cell reads back as the text, or as the text behind an apostrophe when
// a spreadsheet would otherwise run it as a formula.
void checkCsvCell(const std::string& text) {
  const std::string cell = csvCell(text);
  std::string value = cell;
  if (!cell.empty() && cell.front() == '"') {
    FUZZ_CHECK(cell.size() >= 2 && cell.back() == '"');
    value.clear();
    for (std::size_t i = 1; i + 1 < cell.size(); ++i) {
      value += cell[i];
      if (cell[i] == '"') {
        FUZZ_CHECK(cell[i + 1] == '"');  // quotes inside are doubled
        ++i;
      }
    }
  } else {
    FUZZ_CHECK(cell.find_first_of(",\"\r\n") == std::string::npos);
  }
  const bool risky = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  FUZZ_CHECK(value == (risky ? "'" + text : text));
}

void checkPage(const TaskPage& page, std::string_view body) {
  for (const BatchTask& b : page.tasks) {
    fuzz::checkBatch(b);
    for (const std::string* text : {&b.batchId, &b.taskName, &b.taskType, &b.status, &b.taskBegin.raw, &b.taskEnd.raw})
      checkCsvCell(*text);
    (void)rowAsText(b);
  }
  // Each listed task is at least two bytes ("{}") of the body.
  FUZZ_CHECK(page.tasks.size() <= body.size() / 2);
  // The exports hold every row: JSON that parses back, CSV with a line per row.
  const auto exported = nlohmann::json::parse(exportJson(page.tasks), nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(exported.is_array() && exported.size() == page.tasks.size());
  (void)exportCsv(page.tasks);
}

// A started widget awaiting its first page, then this answer.
void checkAppliedToState(int httpStatus, std::string_view body, const PageResult& parsed) {
  Step started = update(AppState{}, act::Start{}, 1'775'000'000'000);
  const std::uint64_t requestId = started.state.list.activeId;
  FUZZ_CHECK(started.state.list.inFlight);
  Step answered = update(std::move(started.state),
                         act::ResponseArrived{requestId, httpStatus, std::string(body)},
                         1'775'000'001'000);
  const AppState& s = answered.state;
  if (const auto* page = std::get_if<TaskPage>(&parsed)) {
    FUZZ_CHECK(s.page.has_value() && !s.list.error);
    FUZZ_CHECK(s.page->tasks.size() == page->tasks.size());
    FUZZ_CHECK(!isLoading(s) && !rowsAreStale(s));
  } else {
    FUZZ_CHECK(!s.page.has_value() && s.list.error == std::get<ApiError>(parsed));
    // A retryable failure schedules a retry, nothing else does.
    FUZZ_CHECK(s.list.retryAtMs.has_value() == s.list.error->retryable);
  }
  FUZZ_CHECK(knownTotal(s) >= 0 && knownTotalPages(s) >= 0);
  const nlohmann::json snapshot = fuzz::parseSnapshot(stateSnapshotJson(s));
  FUZZ_CHECK(snapshot["rows"].size() == (s.page ? s.page->tasks.size() : 0));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  const int httpStatus = fuzz::takeHttpStatus(body);
  fuzz::mustNotThrow("parseDescribeBatchTasks", [&] {
    const PageResult parsed = parseDescribeBatchTasks(httpStatus, body);
    if (const auto* error = std::get_if<ApiError>(&parsed)) {
      fuzz::checkApiError(*error, httpStatus);
    } else {
      // An HTTP failure is never read as a page, whatever its body says.
      FUZZ_CHECK(httpStatus >= 200 && httpStatus < 300);
      checkPage(std::get<TaskPage>(parsed), body);
    }
    // Parsing is a function of its input.
    FUZZ_CHECK(parseDescribeBatchTasks(httpStatus, body) == parsed);
    checkAppliedToState(httpStatus, body, parsed);
  });
  return 0;
}
