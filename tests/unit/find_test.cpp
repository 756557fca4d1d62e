// Find: the model decides whether the text is a BatchId (opened with
// DescribeBatchTask, a clear message when it does not exist) or text (a filter
// over the loaded batches, by name and id).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "model/app.hpp"
#include "model/find.hpp"
#include "model/snapshot.hpp"
#include "unit/model_driver.hpp"

using namespace bt;
using nlohmann::json;

namespace {

BatchTask named(std::string id, std::string name) {
  BatchTask t;
  t.batchId = std::move(id);
  t.taskName = std::move(name);
  return t;
}

std::string row(const std::string& id, const std::string& name) {
  return R"({"BatchId":")" + id + R"(","TaskName":")" + name + R"(","Status":"RUNNING","TotalCount":4,"SuccessCount":1,"TaskBegin":"2026-04-06 20:51:44"})";
}

// The page on screen has three named rows.
struct Driver : testing::ModelDriver {
  static Driver withPage() {
    Driver d;
    d.dispatch(act::Start{});
    d.dispatch(act::ResponseArrived{d.state.list.activeId, 200,
                                    R"({"RequestId":"R","TotalCount":3,"TaskList":[)" + row("pcb-aaa1", "Install sql-advisor") + "," +
                                        row("pcb-bbb2", "修复 hotfix") + "," + row("pcb-ccc3", "Uninstall HOTFIX skills") + "]}"});
    REQUIRE(d.state.page);
    return d;
  }
};

}  // namespace

TEST_CASE("text in the API's id shape is a BatchId, anything else is text to find") {
  CHECK(looksLikeBatchId("pcb-xxx"));
  CHECK(looksLikeBatchId("pcb-7k2m9q0w1e3r5t6y"));
  CHECK(looksLikeBatchId("pcb-a_b-C9"));
  CHECK_FALSE(looksLikeBatchId("pcb-"));
  CHECK_FALSE(looksLikeBatchId("pcb-abc def"));
  CHECK_FALSE(looksLikeBatchId("PCB-abc"));
  CHECK_FALSE(looksLikeBatchId("hotfix"));
  CHECK_FALSE(looksLikeBatchId("abc pcb-abc"));
  CHECK_FALSE(looksLikeBatchId("pcb-修复"));
  CHECK_FALSE(looksLikeBatchId("pcb-" + std::string(61, 'a')));  // 65 bytes: no id is that long
  CHECK(looksLikeBatchId("pcb-" + std::string(60, 'a')));
}

TEST_CASE("find text is trimmed and bounded at a character boundary") {
  CHECK(normalizeFind("  pcb-abc \t") == "pcb-abc");
  CHECK(normalizeFind(" \n ").empty());
  std::string chinese;
  for (int i = 0; i < 100; ++i) chinese += "修";  // 3 bytes each: 256 falls inside one
  const std::string cut = normalizeFind(chinese);
  CHECK(cut.size() == 255);
  CHECK(cut.size() % 3 == 0);
  CHECK(normalizeFind(std::string(1000, 'x')).size() == kMaxFindBytes);
}

TEST_CASE("a name matches without case in its name or its id, other scripts as written") {
  CHECK(nameMatches("HOTFIX", named("pcb-1", "修复 hotfix")));
  CHECK(nameMatches("修复", named("pcb-1", "修复 hotfix")));
  CHECK(nameMatches("PCB-1", named("pcb-1", "x")));
  CHECK(nameMatches("", named("pcb-1", "x")));
  CHECK_FALSE(nameMatches("advisor", named("pcb-1", "修复 hotfix")));
  FindState f{FindKind::Text, "fix"};
  CHECK(passesFind(f, named("pcb-1", "hotfix")));
  CHECK_FALSE(passesFind(f, named("pcb-2", "install")));
  f.findKind = FindKind::BatchId;  // an id find hides nothing
  CHECK(passesFind(f, named("pcb-2", "install")));
}

TEST_CASE("PolarDB's not-found codes about a batch say it does not exist, an unknown AccessKey does not") {
  ApiError e;
  e.kind = ErrorKind::Api;
  e.httpStatus = 404;
  e.code = "InvalidBatchId.NotFound";
  CHECK(saysBatchNotFound(e));
  e.code = "EntityNotExist.BatchTask";
  CHECK(saysBatchNotFound(e));
  e.code = "InvalidAccessKeyId.NotFound";
  CHECK_FALSE(saysBatchNotFound(e));
  e.code = "Forbidden.RAM";
  CHECK_FALSE(saysBatchNotFound(e));
  CHECK_FALSE(saysBatchNotFound(makeNetworkError("no response")));
}

TEST_CASE("finding a BatchId not on the page opens it with DescribeBatchTask, as a history entry") {
  Driver d = Driver::withPage();
  CHECK(historyOf(act::Find{"pcb-zzz9"}) == History::Push);
  d.dispatch(act::Find{"  pcb-zzz9 "});
  CHECK(d.state.findKind == FindKind::BatchId);
  CHECK(d.state.findText == "pcb-zzz9");
  CHECK(d.state.selectedBatchId == "pcb-zzz9");
  const auto sent = d.sends(Channel::Detail);
  REQUIRE(sent.size() == 1);
  CHECK(Driver::param(sent[0], "Action") == "DescribeBatchTask");
  CHECK(Driver::param(sent[0], "BatchId") == "pcb-zzz9");
  CHECK(d.sends(Channel::List).empty());  // the page stays as it is
  REQUIRE(d.urlWrite());
  CHECK(d.urlWrite()->push);
  CHECK(d.urlWrite()->fragment.find("batch=pcb-zzz9") != std::string::npos);
  json snap = d.snapshot();
  CHECK(snap["find"] == json{{"text", "pcb-zzz9"}, {"kind", "batchId"}, {"found", nullptr}});

  d.dispatch(act::ResponseArrived{sent[0].requestId, 200,
                                  R"({"RequestId":"D","BatchId":"pcb-zzz9","Status":"FAILED","TotalCount":1,"SuccessCount":0,"SubTasks":[]})"});
  REQUIRE(d.state.detail);
  CHECK(d.snapshot()["find"]["found"] == true);
  CHECK(d.snapshot()["find"].count("rows") == 0);  // an id hides no row
}

TEST_CASE("finding a BatchId on the page opens the same details a click does") {
  Driver d = Driver::withPage();
  d.dispatch(act::Find{"pcb-bbb2"});
  CHECK(d.state.selectedBatchId == "pcb-bbb2");
  REQUIRE(d.sends(Channel::Detail).size() == 1);
  Driver clicked = Driver::withPage();
  clicked.dispatch(act::SelectBatch{"pcb-bbb2"});
  CHECK(clicked.state.selectedBatchId == d.state.selectedBatchId);
  CHECK(clicked.sends(Channel::Detail)[0].params == d.sends(Channel::Detail)[0].params);
}

TEST_CASE("a BatchId PolarDB does not know: a clear message in the details, not retried, and asked again on a new find") {
  Driver d = Driver::withPage();
  d.dispatch(act::Find{"pcb-nothere"});
  const auto sent = d.sends(Channel::Detail);
  REQUIRE(sent.size() == 1);
  d.dispatch(act::ResponseArrived{sent[0].requestId, 404,
                                  R"({"RequestId":"NF-1","Code":"InvalidBatchId.NotFound","Message":"The specified batch task 'pcb-nothere' does not exist."})"});
  REQUIRE(d.state.detailRequest.error);
  const ApiError& e = *d.state.detailRequest.error;
  CHECK(e.message.id == MessageId::BatchNotFound);
  CHECK(englishText(e.message) == "There is no batch task pcb-nothere in this region; check the BatchId.");
  CHECK(e.requestId == "NF-1");
  CHECK_FALSE(d.state.detailRequest.busy());  // no retry scheduled
  CHECK_FALSE(d.state.detail);
  const json snap = d.snapshot();
  CHECK(snap["find"]["found"] == false);
  CHECK(snap["detail"]["message"] == "There is no batch task pcb-nothere in this region; check the BatchId.");
  CHECK(snap["detail"]["error"] == "InvalidBatchId.NotFound");

  d.dispatch(act::Find{"pcb-nothere"});  // the person asks again: it may exist by now
  REQUIRE(d.sends(Channel::Detail).size() == 1);
  CHECK(d.snapshot()["find"]["found"].is_null());
}

TEST_CASE("an answer with no BatchId and no subtasks also says the batch does not exist") {
  Driver d = Driver::withPage();
  d.dispatch(act::Find{"pcb-empty"});
  d.dispatch(act::ResponseArrived{d.sends(Channel::Detail)[0].requestId, 200, R"({"RequestId":"E","BatchId":"","SubTasks":[]})"});
  REQUIRE(d.state.detailRequest.error);
  CHECK(d.state.detailRequest.error->message.id == MessageId::BatchNotFound);
  CHECK_FALSE(d.state.detailRequest.busy());
}

TEST_CASE("other errors for a found id keep their own message and are retried as usual") {
  Driver d = Driver::withPage();
  d.dispatch(act::Find{"pcb-busy"});
  d.dispatch(act::ResponseArrived{d.sends(Channel::Detail)[0].requestId, 503,
                                  R"({"RequestId":"S","Code":"ServiceUnavailable","Message":"busy"})"});
  REQUIRE(d.state.detailRequest.error);
  CHECK(d.state.detailRequest.error->message.id != MessageId::BatchNotFound);
  CHECK(d.state.detailRequest.retryAtMs.has_value());
  CHECK(d.snapshot()["find"]["found"].is_null());
}

TEST_CASE("text filters the rows on the page by name and id, without a request or a link change, empty text clears it") {
  Driver d = Driver::withPage();
  d.dispatch(act::Find{"hotFix"});
  CHECK(d.state.findKind == FindKind::Text);
  CHECK(d.state.selectedBatchId.empty());
  CHECK(d.sends(Channel::Detail).empty());
  CHECK(d.sends(Channel::List).empty());
  CHECK(d.urlWrite() == nullptr);  // not part of the link (README: the find is not in the fragment)
  json snap = d.snapshot();
  CHECK(snap["find"]["kind"] == "text");
  CHECK(snap["find"]["rows"] == json::array({"pcb-bbb2", "pcb-ccc3"}));
  CHECK(snap["find"]["timeline"].is_null());  // the timeline has not loaded anything
  CHECK(snap["rows"].size() == 3);            // the page itself is unchanged

  d.dispatch(act::Find{"aaa"});  // part of an id, without pcb-: text
  CHECK(d.snapshot()["find"]["rows"] == json::array({"pcb-aaa1"}));
  d.dispatch(act::Find{"nothing like it"});
  CHECK(d.snapshot()["find"]["rows"] == json::array());

  d.dispatch(act::Find{"   "});
  CHECK(d.state.findKind == FindKind::None);
  CHECK(d.snapshot()["find"].is_null());
}

TEST_CASE("a text find keeps across pages and refreshes, and an id find replaces it") {
  Driver d = Driver::withPage();
  d.dispatch(act::Find{"hotfix"});
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.state.list.activeId, 200,
                                  R"({"RequestId":"R","TotalCount":2,"TaskList":[)" + row("pcb-ddd4", "hotfix again") + "," +
                                      row("pcb-eee5", "other") + "]}"});
  CHECK(d.snapshot()["find"]["rows"] == json::array({"pcb-ddd4"}));
  d.dispatch(act::Find{"pcb-eee5"});
  CHECK(d.state.findKind == FindKind::BatchId);
  CHECK(d.snapshot()["find"].count("rows") == 0);
}

TEST_CASE("text filters the timeline's loaded batches too") {
  Driver d = Driver::withPage();
  d.dispatch(act::SetView{ViewMode::Timeline});
  const auto page = d.sends(Channel::Timeline);
  REQUIRE(page.size() == 1);
  std::string rows;
  for (int i = 0; i < 40; ++i)
    rows += (i ? "," : "") + row("pcb-t" + std::to_string(i), i % 4 == 0 ? "Hotfix " + std::to_string(i) : "install");
  d.dispatch(act::ResponseArrived{page[0].requestId, 200, R"({"RequestId":"T","TotalCount":40,"TaskList":[)" + rows + "]}"});
  REQUIRE(d.state.timeline);
  REQUIRE(d.state.timeline->complete);
  d.dispatch(act::Find{"HOTFIX"});
  CHECK(d.snapshot()["find"]["timeline"] == 10);
  std::size_t shown = 0;
  for (const BatchTask& t : d.state.timeline->batches) shown += passesFind(d.state, t) ? 1 : 0;
  CHECK(shown == 10);
  d.dispatch(act::Find{""});
  CHECK(d.snapshot()["find"].is_null());
}

TEST_CASE("before the widget starts, a find sends nothing, even for the batch a link opened (found by the fuzzer)") {
  Driver d;
  d.dispatch(act::UrlChanged{"batch=pcb-early"});
  d.dispatch(act::Find{"pcb-early"});
  CHECK(d.state.findKind == FindKind::BatchId);
  CHECK(d.effects.empty());
  d.dispatch(act::Find{"pcb-other"});
  CHECK(d.state.selectedBatchId == "pcb-other");
  CHECK(d.effects.empty());
  d.dispatch(act::Start{});
  REQUIRE(d.sends(Channel::Detail).size() == 1);  // asked for once it starts
  CHECK(Driver::param(d.sends(Channel::Detail)[0], "BatchId") == "pcb-other");
}

TEST_CASE("odd find text never breaks anything: control characters, bytes that are not UTF-8, a megabyte") {
  Driver d = Driver::withPage();
  for (const std::string& odd : {std::string("\x01\x02\x7f", 3), std::string("\xff\xfe\xc3", 3), std::string(1 << 20, 'q'),
                                 std::string("pcb-\n"), std::string("%00&batch=pcb-x#")}) {
    d.dispatch(act::Find{odd});
    CHECK(d.state.findText.size() <= kMaxFindBytes);
    CHECK(json::parse(stateSnapshotJson(d.state)).is_object());
    CHECK(d.sends(Channel::Detail).empty());
  }
}
