#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "model/snapshot.hpp"

using namespace bt;
using nlohmann::json;

TEST_CASE("the snapshot describes the query, the rows on screen and the error") {
  AppState s;
  Step step = update(s, act::Start{}, 1000);
  const auto req = std::get<fx::SendRequest>(step.effects.at(0));
  step = update(std::move(step.state), act::ToggleStatus{TaskStatus::Running}, 1000);
  const auto req2 = std::get<fx::SendRequest>(step.effects.at(0));
  (void)req;
  step = update(std::move(step.state),
                act::ResponseArrived{req2.requestId, 200,
                                     R"({"RequestId":"R","TotalCount":"41","TaskList":[{"BatchId":"pcb-1","TaskName":"<b>名</b>","TaskType":"t","Status":"RUNNING","TotalCount":"8","SuccessCount":4,"TaskBegin":"2026-04-06 20:51:44","TaskEnd":""}]})"},
                5000);
  json doc = json::parse(stateSnapshotJson(step.state));
  CHECK(doc["query"]["status"] == json::array({"RUNNING"}));
  CHECK(doc["query"]["pageSize"] == 30);
  CHECK(doc["query"]["pageNumber"] == 1);
  CHECK(doc["query"]["startTime"].is_null());
  CHECK(doc["loading"] == false);
  CHECK(doc["error"].is_null());
  CHECK(doc["totalCount"] == 41);
  CHECK(doc["totalPages"] == 2);
  CHECK(doc["lastUpdated"] == 5000);
  REQUIRE(doc["rows"].size() == 1);
  CHECK(doc["rows"][0] == json{{"BatchId", "pcb-1"}, {"TaskName", "<b>名</b>"}, {"TaskType", "t"},
                               {"Status", "RUNNING"}, {"TotalCount", 8}, {"SuccessCount", 4},
                               {"TaskBegin", "2026-04-06 20:51:44"}, {"TaskEnd", ""}});

  step = update(std::move(step.state), act::Refresh{}, 6000);
  const auto req3 = std::get<fx::SendRequest>(step.effects.at(0));
  step = update(std::move(step.state), act::ResponseArrived{req3.requestId, 403, R"({"Code":"Forbidden.RAM","Message":"denied","RequestId":"E-9"})"}, 7000);
  doc = json::parse(stateSnapshotJson(step.state));
  CHECK(doc["error"] == json{{"httpStatus", 403}, {"code", "Forbidden.RAM"}, {"message", "denied"},
                             {"requestId", "E-9"}, {"retryable", false}});
  CHECK(doc["stale"] == true);
  CHECK(doc["rows"].size() == 1);
  CHECK(doc["detail"].is_null());

  step = update(std::move(step.state), act::SelectBatch{"pcb-1"}, 8000);
  fx::SendRequest detailReq{};
  for (const Effect& e : step.effects)
    if (const auto* send = std::get_if<fx::SendRequest>(&e)) detailReq = *send;
  doc = json::parse(stateSnapshotJson(step.state));
  CHECK(doc["detail"]["batchId"] == "pcb-1");
  CHECK(doc["detail"]["loading"] == true);
  CHECK(doc["detail"]["subTasks"].is_null());
  step = update(std::move(step.state),
                act::ResponseArrived{detailReq.requestId, 200,
                                     R"({"BatchId":"pcb-1","Status":"FAILED","SubTasks":[{"Status":"FAILED"},{"Status":"COMPLETED"},{"Status":"FAILED"}]})"},
                9000);
  doc = json::parse(stateSnapshotJson(step.state));
  CHECK(doc["detail"]["loading"] == false);
  CHECK(doc["detail"]["subTasks"] == 3);
  CHECK(doc["detail"]["failedSubTasks"] == 2);
  CHECK(doc["detail"]["status"] == "FAILED");
}

TEST_CASE("the snapshot says problems, notices and the widget's own errors in English") {
  Step step = update(AppState{}, act::Start{}, 1000);
  const auto req = std::get<fx::SendRequest>(step.effects.at(0));
  step = update(std::move(step.state), act::ResponseArrived{req.requestId, 200, ""}, 2000);
  step = update(std::move(step.state), act::UrlChanged{"status=BOGUS"}, 2000);
  step = update(std::move(step.state), act::SetTimeRange{2000, 1000}, 2000);
  const json doc = json::parse(stateSnapshotJson(step.state));
  CHECK(doc["notices"] == json::array({"Ignored \u201Cstatus\u201D in the link: \u201CBOGUS\u201D is not a status "
                                       "(COMPLETED, DISPATCHING, FAILED, RUNNING)."}));
  CHECK(doc["problems"] == json::array({{{"field", "EndTime"},
                                         {"message", "The end of the time range (1970-01-01T00:16:40Z) is before "
                                                     "its start (1970-01-01T00:33:20Z)."}}}));
  CHECK(doc["error"]["message"] == "HTTP 200 with an empty body.");
}

TEST_CASE("the snapshot says where the page on screen came from") {
  Step step = update(AppState{}, act::Start{}, 1000);
  CHECK(json::parse(stateSnapshotJson(step.state))["source"].is_null());  // no page yet
  auto req = std::get<fx::SendRequest>(step.effects.at(0));
  step = update(std::move(step.state), act::ResponseArrived{req.requestId, 200, R"({"TotalCount":0,"TaskList":[]})"}, 2000);
  CHECK(json::parse(stateSnapshotJson(step.state))["source"] == json{{"ageSeconds", 0}, {"stale", nullptr}});

  const std::pair<const char*, const char*> reasons[] = {
      {"throttled", "throttled"}, {"upstream-error", "upstream-error"}, {"budget", "budget"}, {"other", nullptr}};
  for (const auto& reason : reasons) {
    const char* const header = reason.first;
    const char* const expected = reason.second;
    CAPTURE(header);
    step = update(std::move(step.state), act::Refresh{}, 3000);
    req = std::get<fx::SendRequest>(step.effects.at(0));
    step = update(std::move(step.state),
                  act::ResponseArrived{req.requestId, 200, R"({"TotalCount":0,"TaskList":[]})", "75", header}, 4000);
    const json source = json::parse(stateSnapshotJson(step.state))["source"];
    CHECK(source["ageSeconds"] == 75);
    CHECK(source["stale"] == (expected ? json(expected) : json(nullptr)));
  }
}

TEST_CASE("the snapshot carries the query's region and the regions the service serves") {
  AppState s;
  json doc = json::parse(stateSnapshotJson(s));
  CHECK(doc["query"]["region"] == "");
  CHECK(doc["regions"].is_null());
  CHECK(doc["defaultRegion"].is_null());
  Step step = update(s, act::Start{}, 1000);
  std::uint64_t configId = 0;
  for (const Effect& e : step.effects)
    if (const auto* c = std::get_if<fx::FetchConfig>(&e)) configId = c->requestId;
  REQUIRE(configId != 0);
  step = update(std::move(step.state),
                act::ResponseArrived{configId, 200, R"({"regions":["cn-hangzhou","cn-beijing"],"defaultRegion":"cn-hangzhou"})"},
                1000);
  step = update(std::move(step.state), act::SetRegion{"cn-beijing"}, 1000);
  doc = json::parse(stateSnapshotJson(step.state));
  CHECK(doc["query"]["region"] == "cn-beijing");
  CHECK(doc["regions"] == json::array({"cn-hangzhou", "cn-beijing"}));
  CHECK(doc["defaultRegion"] == "cn-hangzhou");
}
