#include <doctest/doctest.h>

#include "model/task_query.hpp"

using namespace bt;

TEST_CASE("status names round-trip and unknown names are not statuses") {
  for (TaskStatus s : kAllTaskStatuses) CHECK(statusFromName(statusName(s)) == s);
  CHECK(statusName(TaskStatus::Dispatching) == "DISPATCHING");
  CHECK_FALSE(statusFromName("running").has_value());
  CHECK_FALSE(statusFromName("PAUSE").has_value());
}

TEST_CASE("the default query is valid and asks for the first page of 30") {
  TaskQuery q;
  CHECK(validate(q).empty());
  CHECK(q.pageSize == 30);
  CHECK(q.pageNumber == 1);
  CHECK_FALSE(q.hasFilters());
}

TEST_CASE("validation explains each problem with the parameter it concerns") {
  TaskQuery q;
  q.pageSize = 40;
  q.pageNumber = 0;
  q.startTime = 2000;
  q.endTime = 1000;
  const auto problems = validate(q);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].field == "PageSize");
  CHECK(englishText(problems[0].message).find("30, 50 or 100") != std::string::npos);
  CHECK(problems[1].field == "PageNumber");
  CHECK(problems[2].field == "EndTime");
  CHECK(englishText(problems[2].message).find("before its start") != std::string::npos);
}

TEST_CASE("an equal start and end is a valid one-instant range") {
  TaskQuery q;
  q.startTime = q.endTime = 1000;
  CHECK(validate(q).empty());
}

TEST_CASE("statuses are normalised to one canonical order without repeats") {
  const auto n = normalizedStatuses({TaskStatus::Running, TaskStatus::Completed, TaskStatus::Running});
  CHECK(n == std::vector<TaskStatus>{TaskStatus::Completed, TaskStatus::Running});
  TaskQuery q;
  q.statuses = {TaskStatus::Running, TaskStatus::Running};
  REQUIRE(validate(q).size() == 1);
  CHECK(validate(q)[0].field == "Status");
}

TEST_CASE("sameFilters ignores only the page") {
  TaskQuery a, b;
  b.pageNumber = 7;
  b.pageSize = 100;
  CHECK(a.sameFilters(b));
  b.taskType = "polarclaw_install_skills";
  CHECK_FALSE(a.sameFilters(b));
}
