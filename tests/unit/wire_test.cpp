#include <doctest/doctest.h>

#include "model/wire.hpp"

using namespace bt;

TEST_CASE("percent-encoding follows RFC 3986") {
  CHECK(percentEncode("AZaz09-_.~") == "AZaz09-_.~");
  CHECK(percentEncode(" ") == "%20");
  CHECK(percentEncode("*") == "%2A");
  CHECK(percentEncode("[\"RUNNING\",\"FAILED\"]") == "%5B%22RUNNING%22%2C%22FAILED%22%5D");
  CHECK(percentEncode("a+b=c&d/e:f") == "a%2Bb%3Dc%26d%2Fe%3Af");
  CHECK(percentEncode("\xE4\xB8\xAD") == "%E4%B8%AD");  // UTF-8 bytes, upper-case hex
}

TEST_CASE("the reference's example query string is reproduced") {
  TaskQuery q;
  q.taskType = "polarclaw_install_skills";
  q.statuses = {TaskStatus::Running, TaskStatus::Failed};
  WireParams params = describeBatchTasksParams(q);
  // The reference's example leaves out Action and Version (sent as headers in V3).
  std::erase_if(params, [](const auto& p) { return p.first == "Action" || p.first == "Version"; });
  // Status goes in canonical order: COMPLETED, DISPATCHING, FAILED, RUNNING.
  CHECK(formEncode(params) ==
        "PageNumber=1&PageSize=30&Status=%5B%22FAILED%22%2C%22RUNNING%22%5D&TaskType=polarclaw_install_skills");
}

TEST_CASE("DescribeBatchTasks parameters: sorted, empty ones omitted, times in the request form") {
  TaskQuery q;
  CHECK(describeBatchTasksParams(q) == WireParams{{"Action", "DescribeBatchTasks"},
                                                  {"PageNumber", "1"},
                                                  {"PageSize", "30"},
                                                  {"Version", "2017-08-01"}});
  q.startTime = 1775508700;  // 2026-04-06T20:51:40Z
  q.endTime = 1775508760;
  q.pageSize = 100;
  q.pageNumber = 12;
  q.statuses = {TaskStatus::Dispatching};
  CHECK(formEncode(describeBatchTasksParams(q)) ==
        "Action=DescribeBatchTasks&EndTime=2026-04-06T20%3A52%3A40Z&PageNumber=12&PageSize=100"
        "&StartTime=2026-04-06T20%3A51%3A40Z&Status=%5B%22DISPATCHING%22%5D&Version=2017-08-01");
}

TEST_CASE("DescribeBatchTask carries the BatchId") {
  CHECK(formEncode(describeBatchTaskParams("pcb-xxx")) ==
        "Action=DescribeBatchTask&BatchId=pcb-xxx&Version=2017-08-01");
}

TEST_CASE("RegionId travels only when a region is chosen, so the default request is unchanged") {
  CHECK(formEncode(describeBatchTasksParams(TaskQuery{})) ==
        "Action=DescribeBatchTasks&PageNumber=1&PageSize=30&Version=2017-08-01");
  TaskQuery q;
  q.region = "cn-beijing";
  CHECK(formEncode(describeBatchTasksParams(q)) ==
        "Action=DescribeBatchTasks&PageNumber=1&PageSize=30&RegionId=cn-beijing&Version=2017-08-01");
  CHECK(formEncode(describeBatchTaskParams("pcb-xxx", "cn-beijing")) ==
        "Action=DescribeBatchTask&BatchId=pcb-xxx&RegionId=cn-beijing&Version=2017-08-01");
  CHECK(formEncode(describeBatchTaskParams("pcb-xxx", "")) == "Action=DescribeBatchTask&BatchId=pcb-xxx&Version=2017-08-01");
}
