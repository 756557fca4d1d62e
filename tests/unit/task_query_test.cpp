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

TEST_CASE("the region is a filter for sameFilters, not one hasFilters counts, and its form is checked") {
  TaskQuery a, b;
  b.region = "cn-beijing";
  CHECK_FALSE(a.sameFilters(b));
  CHECK_FALSE(b.hasFilters());  // where the list is, not a narrowing of it
  CHECK(validate(b).empty());
  b.region = "CN_Beijing";
  REQUIRE(validate(b).size() == 1);
  CHECK(validate(b)[0].field == "RegionId");
  CHECK(englishText(validate(b)[0].message) == "\u201CCN_Beijing\u201D is not a region ID such as cn-hangzhou.");
}

TEST_CASE("region IDs: letters, then dash-separated lower-case parts, at most 64 characters") {
  for (const char* good : {"cn-hangzhou", "ap-southeast-1", "cn-shanghai-finance-1", "us-east-1"}) {
    CAPTURE(good);
    CHECK(isRegionId(good));
  }
  for (const char* bad : {"", "cn", "c-hangzhou", "cn-", "cn--x", "-cn-x", "cn-Hangzhou", "cn_hangzhou", "cn-x/y",
                          "1n-x", "cn-x "}) {
    CAPTURE(bad);
    CHECK_FALSE(isRegionId(bad));
  }
  CHECK(isRegionId("cn-" + std::string(61, 'a')));
  CHECK_FALSE(isRegionId("cn-" + std::string(62, 'a')));
}
