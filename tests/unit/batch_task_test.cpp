#include <doctest/doctest.h>

#include "model/batch_task.hpp"
#include "model/task_query.hpp"

using namespace bt;

namespace {
BatchTask batch(std::string status, std::string taskEnd = "") {
  BatchTask t;
  t.status = std::move(status);
  t.taskEnd.raw = std::move(taskEnd);
  return t;
}
}  // namespace

TEST_CASE("a batch has ended once it has an end time or a status only an ended batch has") {
  CHECK_FALSE(batch("RUNNING").ended());
  CHECK_FALSE(batch("DISPATCHING").ended());
  CHECK_FALSE(batch("").ended());
  CHECK_FALSE(batch("PAUSE").ended());  // statuses the API filters on not: only an end time ends them
  CHECK_FALSE(batch("completed").ended());  // statuses are compared as the API spells them

  CHECK(batch("COMPLETED").ended());  // before the API filled in TaskEnd
  CHECK(batch("FAILED").ended());
  CHECK(batch("RUNNING", "2026-04-06T20:51:44Z").ended());  // an end time, whatever the status says
  CHECK(batch("PAUSE", "not a time").ended());              // an end, even one that cannot be read
}

TEST_CASE("ended means finished, or COMPLETED or FAILED, for every status the API filters on") {
  for (const TaskStatus s : kAllTaskStatuses) {
    CAPTURE(statusName(s));
    const bool terminal = s == TaskStatus::Completed || s == TaskStatus::Failed;
    CHECK(batch(std::string(statusName(s))).ended() == terminal);
    CHECK(batch(std::string(statusName(s)), "2026-04-06T20:51:44Z").ended());
  }
}
