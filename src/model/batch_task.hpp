// What DescribeBatchTasks and DescribeBatchTask return, after lenient parsing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/time.hpp"

namespace bt {

// A time field as it came (shown when it cannot be parsed) and as an instant.
struct ApiTime {
  std::string raw;
  std::optional<UnixSeconds> at;
  bool empty() const { return raw.empty(); }
  bool operator==(const ApiTime&) const = default;
};

struct BatchTask {
  std::string batchId;
  std::string taskName;
  std::string taskType;
  std::string status;  // as sent; unknown values are kept and shown as they came
  std::int64_t totalCount = 0;
  std::int64_t successCount = 0;
  ApiTime taskBegin;
  ApiTime taskEnd;  // empty: not finished

  bool finished() const { return !taskEnd.empty(); }
  // Finished, or in a status only an ended batch has: the API may say COMPLETED
  // or FAILED before it fills in TaskEnd. What did not succeed by then never will.
  bool ended() const;
  // The API's examples show ends before begins; such rows are kept, and flagged.
  bool endsBeforeBegin() const;
  // Counts clamped into 0 <= success <= total, for bars and sums.
  std::int64_t displayTotal() const;
  std::int64_t displaySuccess() const;
  bool countsInconsistent() const;
  bool operator==(const BatchTask&) const = default;
};

struct TaskPage {
  std::string requestId;
  std::vector<BatchTask> tasks;
  std::int64_t totalCount = 0;  // matching tasks across all pages, as the API says
  int pageSize = 0;
  long long pageNumber = 0;
  // Things that were off but not fatal, for a person debugging the backend.
  std::vector<std::string> warnings;
  bool operator==(const TaskPage&) const = default;
};

struct SubTask {
  std::string taskId;
  std::string instanceId;
  std::string status;
  ApiTime taskBegin;
  ApiTime taskEnd;
  std::string errorMsg;
  bool operator==(const SubTask&) const = default;
};

struct BatchDetail {
  std::string requestId;
  BatchTask batch;
  std::string applicationType;
  std::vector<SubTask> subTasks;
  std::vector<std::string> warnings;
  bool operator==(const BatchDetail&) const = default;
};

}  // namespace bt
