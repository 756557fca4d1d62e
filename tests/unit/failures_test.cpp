// Failed subtasks grouped by cause, and the InstanceIds to retry them with.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "model/failures.hpp"

using namespace bt;

namespace {
SubTask failed(std::string instance, std::string error) {
  SubTask t;
  t.instanceId = std::move(instance);
  t.status = "FAILED";
  t.errorMsg = std::move(error);
  return t;
}
}  // namespace

TEST_CASE("a cause is its message with numbers and ids masked") {
  CHECK(maskCause("Command timed out after 300 s on i-bp1g6zv0ce8oh7rhk6ak.") ==
        "Command timed out after <n> s on <id>.");
  CHECK(maskCause("HTTP 503 from 10.0.12.7:8080, RequestId 7C1D0B52-4F3A-4E6B") ==
        "HTTP <n> from <n>, RequestId <id>");
  CHECK(maskCause("Disk full") == "Disk full");
  CHECK(maskCause("") == "");
  CHECK(maskCause("磁盘 90% 已满") == "磁盘 <n>% 已满");  // text beyond ASCII is kept as it is
}

TEST_CASE("failures are grouped by cause, largest first, and only FAILED subtasks count") {
  std::vector<SubTask> subtasks{
      failed("i-1", "Command timed out after 300 s on i-1"),
      failed("i-2", "Disk full"),
      failed("i-3", "Command timed out after 120 s on i-3"),
      failed("i-4", "Command timed out after 60 s on i-4"),
      failed("i-5", ""),
  };
  SubTask ok;
  ok.instanceId = "i-6";
  ok.status = "COMPLETED";
  ok.errorMsg = "Disk full";  // not a failure, whatever its message
  subtasks.push_back(ok);
  const auto groups = groupFailures(subtasks);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0] == FailureGroup{"Command timed out after <n> s on <id>", {0, 2, 3}});
  CHECK(groups[1] == FailureGroup{"", {4}});  // ties: by cause
  CHECK(groups[2] == FailureGroup{"Disk full", {1}});
  CHECK(groupFailures({}).empty());
}

TEST_CASE("the InstanceIds of a group, as the JSON array CreateBatchTask takes") {
  std::vector<SubTask> subtasks{failed("i-1", "x"), failed("", "x"), failed("i-1", "x"), failed("i-\"2", "x")};
  const std::string ids = instanceIdsJson(subtasks, {0, 1, 2, 3, 9});
  CHECK(ids == R"(["i-1","i-\"2"])");
  CHECK(nlohmann::json::parse(ids).size() == 2);
  CHECK(instanceIdsJson(subtasks, {}) == "[]");
}
