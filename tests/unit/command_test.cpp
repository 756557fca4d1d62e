#include <doctest/doctest.h>

#include "model/command.hpp"

using namespace bt;

namespace {
template <class T>
T actionOf(const CommandResult& r) {
  INFO(r.error);
  REQUIRE(r.action.has_value());
  REQUIRE(std::holds_alternative<T>(*r.action));
  return std::get<T>(*r.action);
}
}  // namespace

TEST_CASE("setQuery reads every field and leaves absent ones alone") {
  const auto patch = actionOf<act::PatchQuery>(parseCommand(
      R"({"type":"setQuery","query":{"taskType":"t","status":["RUNNING","COMPLETED"],"startTime":"2026-04-06T00:00:00Z","endTime":null,"pageSize":50,"pageNumber":3}})"));
  CHECK(patch.taskType == "t");
  CHECK(patch.statuses == std::vector<TaskStatus>{TaskStatus::Completed, TaskStatus::Running});
  CHECK(patch.startTime == std::optional<UnixSeconds>{parseApiTime("2026-04-06T00:00:00Z")});
  REQUIRE(patch.endTime.has_value());
  CHECK_FALSE(patch.endTime->has_value());  // null clears
  CHECK(patch.pageSize == 50);
  CHECK(patch.pageNumber == 3);
  const auto partial = actionOf<act::PatchQuery>(parseCommand(R"({"type":"setQuery","query":{"taskType":"x"}})"));
  CHECK_FALSE(partial.statuses.has_value());
  CHECK_FALSE(partial.startTime.has_value());
}

TEST_CASE("a partial query merges into the current one, and new filters start at page 1") {
  AppState s;
  s.query.statuses = {TaskStatus::Failed};
  s.query.pageNumber = 5;
  Step step = update(s, actionOf<act::PatchQuery>(parseCommand(R"({"type":"setQuery","query":{"taskType":"x"}})")), 0);
  CHECK(step.state.query.taskType == "x");
  CHECK(step.state.query.statuses == std::vector<TaskStatus>{TaskStatus::Failed});
  CHECK(step.state.query.pageNumber == 1);
  step = update(step.state, actionOf<act::PatchQuery>(parseCommand(R"({"type":"setQuery","query":{"pageNumber":4}})")), 0);
  CHECK(step.state.query.pageNumber == 4);
}

TEST_CASE("the other commands") {
  actionOf<act::Refresh>(parseCommand(R"({"type":"refresh"})"));
  CHECK(actionOf<act::SelectBatch>(parseCommand(R"({"type":"select","batchId":"pcb-1"})")).batchId == "pcb-1");
  CHECK(actionOf<act::SetAutoRefresh>(parseCommand(R"({"type":"setAutoRefresh","seconds":30})")).intervalMs == 30000);
}

TEST_CASE("malformed commands are refused with a reason") {
  const char* bad[] = {
      "", "null", "[]", R"({"type":1})", R"({"type":"launch"})", R"({"type":"setQuery"})",
      R"({"type":"setQuery","query":{"pageSize":40}})", R"({"type":"setQuery","query":{"pageNumber":0}})",
      R"({"type":"setQuery","query":{"status":"RUNNING"}})", R"({"type":"setQuery","query":{"status":["PAUSE"]}})",
      R"({"type":"setQuery","query":{"startTime":"yesterday"}})", R"({"type":"setQuery","query":{"color":"red"}})",
      R"({"type":"select"})", R"({"type":"setAutoRefresh","seconds":-1})", R"({"type":"setQuery","query":{"pageSize":"50"}})",
  };
  for (const char* text : bad) {
    CAPTURE(text);
    const CommandResult r = parseCommand(text);
    CHECK_FALSE(r.action.has_value());
    CHECK_FALSE(r.error.empty());
  }
  CHECK_FALSE(parseCommand(R"({"type":"refresh","pad":")" + std::string(kMaxCommandBytes, 'x') + "\"}").action);
}

TEST_CASE("postMessage commands need an allowed origin and the batch-tasks envelope") {
  const std::vector<std::string> allowed{"https://portal.example.com"};
  const std::string refresh = R"({"source":"batch-tasks","version":1,"type":"refresh"})";
  CHECK(parseEmbedMessage("https://portal.example.com", refresh, allowed).action.has_value());
  CHECK(parseEmbedMessage("https://evil.example.com", refresh, allowed).error.find("not allowed") != std::string::npos);
  CHECK_FALSE(parseEmbedMessage("https://portal.example.com", refresh, {}).action.has_value());
  CHECK_FALSE(parseEmbedMessage("https://portal.example.com", R"({"type":"refresh"})", allowed).action);
  CHECK_FALSE(parseEmbedMessage("https://portal.example.com", R"({"source":"batch-tasks","version":2,"type":"refresh"})", allowed).action);
}

TEST_CASE("the model tells the embedding page about loads, errors and selection") {
  AppState s;
  Step step = update(s, act::Start{}, 0);
  const auto req = std::get<fx::SendRequest>(step.effects.at(0));
  step = update(std::move(step.state), act::ResponseArrived{req.requestId, 200, R"({"TotalCount":1,"TaskList":[{"BatchId":"a"}]})"}, 0);
  auto emitted = [&] {
    std::vector<fx::Emit> out;
    for (const Effect& e : step.effects)
      if (auto* em = std::get_if<fx::Emit>(&e)) out.push_back(*em);
    return out;
  };
  REQUIRE(emitted().size() == 2);
  CHECK(emitted()[0] == fx::Emit{"load", R"({"pageNumber":1,"pageSize":30,"rows":1,"totalCount":1})"});
  // Totals not yet counted: the summary says so with nulls.
  CHECK(emitted()[1] == fx::Emit{"summary", R"({"failed":null,"newlyFailed":[],"running":null,"stalled":[]})"});
  step = update(std::move(step.state), act::SelectBatch{"a"}, 0);
  CHECK(emitted().at(0) == fx::Emit{"select", R"({"batchId":"a"})"});
  step = update(std::move(step.state), act::Refresh{}, 0);
  const auto again = std::get<fx::SendRequest>(step.effects.at(0));
  step = update(std::move(step.state), act::ResponseArrived{again.requestId, 403, R"({"Code":"Forbidden.RAM","Message":"m","RequestId":"R"})"}, 0);
  CHECK(emitted().at(0) == fx::Emit{"error", R"({"code":"Forbidden.RAM","httpStatus":403,"message":"m","requestId":"R","retrying":false})"});
}

TEST_CASE("setQuery takes a region: a region ID, or \"\" for the default, and one the service does not serve is refused once it is known") {
  CHECK(actionOf<act::PatchQuery>(parseCommand(R"({"type":"setQuery","query":{"region":"cn-beijing"}})")).region ==
        "cn-beijing");
  CHECK(actionOf<act::PatchQuery>(parseCommand(R"({"type":"setQuery","query":{"region":""}})")).region == "");
  CHECK_FALSE(actionOf<act::PatchQuery>(parseCommand(R"({"type":"setQuery","query":{"taskType":"x"}})")).region);
  for (const char* bad : {R"({"type":"setQuery","query":{"region":7}})", R"({"type":"setQuery","query":{"region":null}})",
                          R"({"type":"setQuery","query":{"region":"CN Beijing"}})"}) {
    CAPTURE(bad);
    const CommandResult r = parseCommand(bad);
    CHECK_FALSE(r.action);
    CHECK(r.error == "region must be a region ID such as cn-hangzhou, or \"\" for the default");
  }
  const std::vector<std::string> served = {"cn-hangzhou", "cn-beijing"};
  const CommandResult unknown = parseCommand(R"({"type":"setQuery","query":{"region":"cn-shanghai"}})", served);
  CHECK_FALSE(unknown.action);
  CHECK(unknown.error == "region cn-shanghai is not served here (only cn-hangzhou, cn-beijing)");
  CHECK(actionOf<act::PatchQuery>(parseCommand(R"({"type":"setQuery","query":{"region":"cn-beijing"}})", served)).region ==
        "cn-beijing");
  const CommandResult byMessage = parseEmbedMessage(
      "https://portal.example.com",
      R"({"source":"batch-tasks","version":1,"type":"setQuery","query":{"region":"cn-shanghai"}})",
      {"https://portal.example.com"}, served);
  CHECK_FALSE(byMessage.action);
  CHECK(byMessage.error == unknown.error);
}
