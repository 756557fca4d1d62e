#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include <imgui_internal.h>

#include "ui/ui_harness.hpp"
#include "model/time.hpp"
#include "view/theme.hpp"
#include "view/widget.hpp"

using namespace bt;
using bt::test::UiHarness;

namespace {

// The widget over a model state, with the intents of every frame collected.
struct Widget {
  AppState state;
  ViewState view;
  std::vector<Action> intents;
  bool drewRows = false;
  Millis now = 1'775'000'000'000;
  const Translator* translator = nullptr;
  bool reducedMotion = false;
  std::optional<TableText> tableText;  // the latest published
  Millis redrawAfterMs = 0;            // of the last frame

  std::function<void()> draw() {
    return [this] {
      ViewOutput out = drawWidget(state, view, ViewContext{now, [](UnixSeconds) { return 0; }, translator, reducedMotion});
      intents.insert(intents.end(), out.intents.begin(), out.intents.end());
      drewRows = drewRows || out.drewRows;
      if (out.tableText) tableText = std::move(out.tableText);
      redrawAfterMs = out.redrawAfterMs;
    };
  }
  // Applies the collected intents to the model, as the platform would.
  void applyIntents() {
    for (const Action& a : intents) state = update(std::move(state), a, now).state;
    intents.clear();
  }
};

AppState loadedState(int rows, long long total) {
  AppState s;
  Step step = update(s, act::Start{}, 0);
  const auto req = std::get<fx::SendRequest>(step.effects.at(0));
  std::string tasks;
  for (int i = 0; i < rows; ++i)
    tasks += std::string(i ? "," : "") + R"({"BatchId":"pcb-)" + std::to_string(i) + R"(","TaskName":"n","Status":"RUNNING","TotalCount":4,"SuccessCount":1})";
  return update(std::move(step.state),
                act::ResponseArrived{req.requestId, 200,
                                     R"({"TaskList":[)" + tasks + R"(],"TotalCount":)" + std::to_string(total) + "}"},
                0)
      .state;
}

}  // namespace

TEST_CASE("clicking Next asks the model for the next page") {
  UiHarness ui;
  Widget w;
  w.state = loadedState(30, 95);
  ui.settle(w.draw());
  CHECK(w.drewRows);
  REQUIRE(ui.find("Next"));
  CHECK_FALSE(ui.find("Next")->disabled);
  CHECK(ui.find("Previous")->disabled);
  ui.click("Next", w.draw());
  REQUIRE(w.intents.size() == 1);
  CHECK(std::holds_alternative<act::NextPage>(w.intents[0]));
  w.applyIntents();
  CHECK(w.state.query.pageNumber == 2);
  CHECK(w.state.list.inFlight);  // and the request for it is on its way
}

TEST_CASE("Next is disabled on the last page, Previous is not") {
  UiHarness ui;
  Widget w;
  w.state = loadedState(30, 30);
  ui.settle(w.draw());
  CHECK(ui.find("Next")->disabled);
  ui.click("Next", w.draw());
  CHECK(w.intents.empty());
}

TEST_CASE("an error shows a Retry that refreshes") {
  UiHarness ui;
  Widget w;
  w.state = loadedState(3, 3);
  Step step = update(std::move(w.state), act::Refresh{}, 0);
  const auto req = std::get<fx::SendRequest>(step.effects.at(0));
  w.state = update(std::move(step.state), act::ResponseArrived{req.requestId, 403, R"({"Code":"Forbidden.RAM","Message":"no","RequestId":"R"})"}, 0).state;
  ui.settle(w.draw());
  CHECK(w.drewRows);  // the last good rows are still drawn
  ui.click("Retry", w.draw());
  REQUIRE(w.intents.size() == 1);
  CHECK(std::holds_alternative<act::Refresh>(w.intents[0]));
}

TEST_CASE("clicking a row selects its batch") {
  UiHarness ui;
  Widget w;
  w.state = loadedState(5, 5);
  ui.settle(w.draw());
  ui.click("pcb-2", w.draw());
  REQUIRE(w.intents.size() == 1);
  const auto* select = std::get_if<act::SelectBatch>(&w.intents[0]);
  REQUIRE(select);
  CHECK(select->batchId == "pcb-2");
}

namespace {
// A loaded state whose rows have the given names and statuses.
AppState stateWithRows(const std::vector<std::pair<std::string, std::string>>& rows, long long total,
                       const std::function<void(AppState&)>& before = {}) {
  AppState s;
  if (before) before(s);
  Step step = update(s, act::Start{}, 0);
  const auto req = std::get<fx::SendRequest>(step.effects.at(0));
  std::string tasks;
  for (std::size_t i = 0; i < rows.size(); ++i)
    tasks += std::string(i ? "," : "") + R"({"BatchId":"pcb-)" + std::to_string(i) + R"(","TaskName":")" + rows[i].first +
             R"(","Status":")" + rows[i].second + R"(","TotalCount":4,"SuccessCount":1,"TaskBegin":"2026-04-06 20:51:4)" +
             std::to_string(i % 10) + R"("})";
  return update(std::move(step.state),
                act::ResponseArrived{req.requestId, 200, R"({"TaskList":[)" + tasks + R"(],"TotalCount":)" + std::to_string(total) + "}"},
                0)
      .state;
}

template <class T>
const T* lastIntent(const Widget& w) {
  return test::lastOf<T>(w.intents);
}
}  // namespace

TEST_CASE("status chips toggle a status filter") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"a", "RUNNING"}, {"b", "FAILED"}, {"c", "FAILED"}}, 3);
  // The totals for these filters, counted by the model.
  for (std::size_t i = 0; i < kAllTaskStatuses.size(); ++i)
    w.state = update(std::move(w.state),
                     act::ResponseArrived{w.state.counts[i].activeId, 200, R"({"TaskList":[],"TotalCount":2})"}, 0).state;
  ui.settle(w.draw());
  REQUIRE(ui.find("FAILED 2"));
  ui.click("FAILED 2", w.draw());
  const auto* toggle = lastIntent<act::ToggleStatus>(w);
  REQUIRE(toggle);
  CHECK(toggle->status == TaskStatus::Failed);
  w.applyIntents();
  CHECK(w.state.query.statuses == std::vector<TaskStatus>{TaskStatus::Failed});
}

TEST_CASE("typing a task type applies after a pause, never per keystroke, Enter applies at once") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"a", "RUNNING"}}, 1);
  ui.settle(w.draw());
  ui.click("Task type", w.draw());
  ui.typeText("polar", w.draw());
  ui.typeText("claw", w.draw());
  CHECK(lastIntent<act::SetTaskType>(w) == nullptr);
  w.now += kTypingDebounceMs - 1;
  ui.frame(w.draw());
  CHECK(lastIntent<act::SetTaskType>(w) == nullptr);
  w.now += 1;
  ui.frame(w.draw());
  REQUIRE(lastIntent<act::SetTaskType>(w));
  CHECK(lastIntent<act::SetTaskType>(w)->taskType == "polarclaw");
  CHECK(std::count_if(w.intents.begin(), w.intents.end(),
                      [](const Action& a) { return std::holds_alternative<act::SetTaskType>(a); }) == 1);
  w.applyIntents();
  ui.typeText("_x", w.draw());
  ui.pressKey(ImGuiKey_Enter, w.draw());
  REQUIRE(lastIntent<act::SetTaskType>(w));
  CHECK(lastIntent<act::SetTaskType>(w)->taskType == "polarclaw_x");
}

TEST_CASE("jumping to a page and changing the page size") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"a", "RUNNING"}}, 300);
  ui.settle(w.draw());
  ui.click("Page number", w.draw());
  ui.pressKey(ImGuiKey_Backspace, w.draw());
  ui.typeText("7", w.draw());
  ui.pressKey(ImGuiKey_Enter, w.draw());
  REQUIRE(lastIntent<act::GoToPage>(w));
  CHECK(lastIntent<act::GoToPage>(w)->pageNumber == 7);
  ui.click("Last", w.draw());
  CHECK(lastIntent<act::LastPage>(w));
  ui.click("Rows per page", w.draw());
  ui.settle(w.draw());
  ui.click("100", w.draw());
  REQUIRE(lastIntent<act::SetPageSize>(w));
  CHECK(lastIntent<act::SetPageSize>(w)->pageSize == 100);
}

TEST_CASE("sorting by a column reorders the rows within the page") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"charlie", "RUNNING"}, {"alpha", "FAILED"}, {"bravo", "COMPLETED"}}, 3);
  ui.settle(w.draw());
  auto y = [&](const char* id) { return ui.find(id)->min.y; };
  CHECK(y("pcb-0") < y("pcb-1"));  // the API's order first
  ui.click("Name", w.draw());
  ui.settle(w.draw());
  CHECK(y("pcb-1") < y("pcb-2"));  // alpha, bravo, charlie
  CHECK(y("pcb-2") < y("pcb-0"));
  ui.click("Name", w.draw());
  ui.settle(w.draw());
  CHECK(y("pcb-0") < y("pcb-2"));  // descending
  CHECK(y("pcb-2") < y("pcb-1"));
  CHECK(w.intents.empty());  // sorting is the view's own business
}

TEST_CASE("each state draws what it should") {
  UiHarness ui;
  SUBCASE("first load: placeholders, no rows") {
    Widget w;
    w.state = update(AppState{}, act::Start{}, 0).state;
    ui.settle(w.draw());
    CHECK_FALSE(w.drewRows);
    CHECK_FALSE(ui.find("Retry"));
  }
  SUBCASE("no batch tasks at all: no clear-filters offer") {
    Widget w;
    w.state = stateWithRows({}, 0);
    ui.settle(w.draw());
    CHECK_FALSE(w.drewRows);
    CHECK_FALSE(ui.find("Clear the filters"));
  }
  SUBCASE("no results for these filters: an offer to clear them") {
    Widget w;
    w.state = stateWithRows({}, 0, [](AppState& s) { s.query.statuses = {TaskStatus::Failed}; });
    ui.settle(w.draw());
    ui.click("Clear the filters", w.draw());
    CHECK(lastIntent<act::ClearFilters>(w));
  }
  SUBCASE("an error keeps the last rows, with the RequestId to copy and a retry") {
    Widget w;
    w.state = stateWithRows({{"a", "RUNNING"}}, 1);
    Step step = update(std::move(w.state), act::Refresh{}, 0);
    const auto req = std::get<fx::SendRequest>(step.effects.at(0));
    w.state = update(std::move(step.state),
                     act::ResponseArrived{req.requestId, 503, R"({"Code":"ServiceUnavailable","Message":"busy","RequestId":"REQ-42"})"},
                     0).state;
    w.state = update(std::move(w.state), act::TimerFired{{TimerKind::Retry, Channel::List, 999}}, 0).state;  // stale timer: ignored
    ui.settle(w.draw());
    CHECK(w.drewRows);
    ui.click("Copy RequestId", w.draw());
    CHECK(std::string(ImGui::GetClipboardText()) == "REQ-42");
    ui.click("Retry now", w.draw());
    CHECK(lastIntent<act::Refresh>(w));
  }
}

TEST_CASE("a row is selected by a click anywhere on it, the BatchId cell included") {
  // Position and button in one frame, as a tap or a fast synthetic click gives them.
  for (float fraction : {0.01f, 0.1f, 0.5f, 0.95f}) {
    CAPTURE(fraction);
    UiHarness ui;
    Widget w;
    w.state = stateWithRows({{"alpha", "RUNNING"}, {"beta", "FAILED"}, {"gamma", "FAILED"}}, 3);
    ui.settle(w.draw());
    const auto row = ui.find("pcb-0");
    REQUIRE(row);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(row->min.x + (row->max.x - row->min.x) * fraction, row->center().y);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    ui.settle(w.draw(), 4);
    const auto* select = lastIntent<act::SelectBatch>(w);
    CHECK(select);
    if (select) CHECK(select->batchId == "pcb-0");
  }
}

TEST_CASE("a row's context menu copies its BatchId and the whole row") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}}, 1);
  ui.settle(w.draw());
  const auto row = ui.find("pcb-0");
  REQUIRE(row);
  ImGui::GetIO().AddMousePosEvent(row->center().x, row->center().y);
  ui.frame(w.draw());
  ImGui::GetIO().AddMouseButtonEvent(ImGuiMouseButton_Right, true);
  ui.frame(w.draw());
  ImGui::GetIO().AddMouseButtonEvent(ImGuiMouseButton_Right, false);
  ui.settle(w.draw());
  ui.click("Copy BatchId", w.draw());
  CHECK(std::string(ImGui::GetClipboardText()) == "pcb-0");
  CHECK(w.view.toast == "Copied pcb-0");
}

TEST_CASE("export offers the page and every page, in CSV and JSON") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}}, 100);
  ui.settle(w.draw());
  ui.click("Export", w.draw());
  ui.settle(w.draw());
  ui.click("All pages as CSV", w.draw());
  const auto* start = lastIntent<act::StartExport>(w);
  REQUIRE(start);
  CHECK(start->allPages);
  CHECK(start->format == ExportFormat::Csv);
}

TEST_CASE("keyboard shortcuts: R refreshes, N and P page") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}}, 300);
  ui.settle(w.draw());
  ui.click("pcb-0", w.draw());  // focus the widget's window
  w.intents.clear();
  ui.pressKey(ImGuiKey_N, w.draw());
  CHECK(lastIntent<act::NextPage>(w));
  ui.pressKey(ImGuiKey_P, w.draw());
  CHECK(lastIntent<act::PrevPage>(w));
  ui.pressKey(ImGuiKey_R, w.draw());
  CHECK(lastIntent<act::Refresh>(w));
}

TEST_CASE("in Chinese, everything the widget writes itself is translated") {
  const Translator zh(Language::Chinese);
  UiHarness ui;
  Widget w;
  w.translator = &zh;
  // A page with an error and a retry pending, a notice, a problem, and a batch's details open.
  w.state = stateWithRows({{"alpha", "RUNNING"}, {"beta", "FAILED"}, {"gamma", "COMPLETED"}}, 95);
  w.state = update(std::move(w.state), act::UrlChanged{"status=BOGUS"}, w.now).state;
  w.state = update(std::move(w.state), act::SelectBatch{"pcb-1"}, w.now).state;
  const auto detailReq = w.state.detailRequest.activeId;
  w.state = update(std::move(w.state),
                   act::ResponseArrived{detailReq, 200, R"({"BatchId":"pcb-1","Status":"FAILED","TotalCount":2,"SuccessCount":1,
                     "TaskBegin":"2026/05/28T16:38:20Z","TaskEnd":"2026/05/28T16:40:00Z","ApplicationType":"polarclaw",
                     "SubTasks":[{"TaskId":"t1","InstanceId":"pc-1","Status":"FAILED","ErrorMsg":"boom"},
                                 {"TaskId":"t2","InstanceId":"pc-2","Status":"WAITING"}]})"},
                   w.now).state;
  w.state = update(std::move(w.state), act::SetAutoRefresh{30000}, w.now).state;
  Step step = update(std::move(w.state), act::Refresh{}, w.now);
  w.state = std::move(step.state);
  const auto listReq = w.state.list.activeId;
  w.state = update(std::move(w.state),
                   act::ResponseArrived{listReq, 503, R"({"Code":"ServiceUnavailable","Message":"busy","RequestId":"R-1","Recommend":"https://example.com/r"})"},
                   w.now).state;
  w.state = update(std::move(w.state), act::SetTimeRange{2000, 1000}, w.now).state;  // a problem, not sent
  w.state.service = ServiceConfig{{"cn-hangzhou", "cn-beijing"}, "cn-hangzhou"};
  act::PatchQuery unserved;
  unserved.region = "cn-nowhere";
  w.state = update(std::move(w.state), unserved, w.now).state;  // a notice
  ui.settle(w.draw());
  for (const char* menu : {"导出", "键盘快捷键", "时间范围", "自动刷新", "每页行数", "地域"}) {
    CAPTURE(menu);
    ui.click(menu, w.draw());
    ui.settle(w.draw());
    ui.pressKey(ImGuiKey_Escape, w.draw());
  }
  // What may stay untranslated: data from the API and the test's own values.
  const std::set<std::string> data = {"alpha", "beta", "gamma", "busy", "boom", "polarclaw", "pc-1", "pc-2",
                                      "https://example.com/r", "R-1", "cn-hangzhou", "cn-beijing"};
  for (const std::string& text : zh.untranslated()) {
    CAPTURE(text);
    CHECK(data.count(text) == 1);
  }
  CHECK(ui.find("刷新"));
  CHECK(ui.find("下一页"));
}

TEST_CASE("time range: a preset sets a start from now, a custom range is checked before it applies") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}}, 1);
  ui.settle(w.draw());
  ui.click("Time range", w.draw());
  ui.settle(w.draw());
  ui.click("Last 24 hours", w.draw());
  const auto* preset = lastIntent<act::SetTimeRange>(w);
  REQUIRE(preset);
  CHECK(preset->start == w.now / 1000 - 86400);
  CHECK_FALSE(preset->end.has_value());

  w.intents.clear();
  ui.click("Time range", w.draw());
  ui.settle(w.draw());
  ui.click("Custom range\u2026", w.draw());
  ui.settle(w.draw());
  ui.click("From", w.draw());
  ui.typeText("2026-04-07T00:00:00Z", w.draw());
  ui.click("To", w.draw());
  ui.typeText("2026-04-06T00:00:00Z", w.draw());
  ui.click("Apply", w.draw());
  CHECK(lastIntent<act::SetTimeRange>(w) == nullptr);  // the end is before the start
  CHECK(w.view.rangeError == "The end is before the start.");
  ui.click("To", w.draw());
  ui.pressKey(ImGuiKey_End, w.draw());
  for (int i = 0; i < 20; ++i) ui.pressKey(ImGuiKey_Backspace, w.draw());
  ui.typeText("2026-04-08 12:00", w.draw());
  ui.click("Apply", w.draw());
  const auto* custom = lastIntent<act::SetTimeRange>(w);
  REQUIRE(custom);
  CHECK(custom->start == parseApiTime("2026-04-07T00:00:00Z"));
  CHECK(custom->end == parseApiTime("2026-04-08T12:00:00Z"));
}

TEST_CASE("the time zone toggle, and local times shown with the local offset") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}}, 1);
  ui.settle(w.draw());
  CHECK(ui.find("Begin (UTC)"));
  ui.click("Local time", w.draw());
  REQUIRE(lastIntent<act::SetTimeZone>(w));
  CHECK(lastIntent<act::SetTimeZone>(w)->zone == TimeZoneMode::Local);
  w.applyIntents();
  ui.settle(w.draw());
  CHECK(ui.find("Begin (local)"));
  CHECK_FALSE(ui.find("Begin (UTC)"));
}

TEST_CASE("the column layout is kept in ImGui's settings, so a later visit gets it back") {
  std::string saved;
  {
    UiHarness ui;
    Widget w;
    w.state = stateWithRows({{"alpha", "RUNNING"}}, 1);
    ui.settle(w.draw());
    CHECK(ui.find("Duration"));
    // Hide the Duration column, as a person would from the header's menu.
    REQUIRE(ImGui::GetCurrentContext()->Tables.GetAliveCount() >= 1);
    ImGuiTable* table = nullptr;
    for (int i = 0; i < ImGui::GetCurrentContext()->Tables.GetMapSize() && !table; ++i)
      if (ImGuiTable* t = ImGui::GetCurrentContext()->Tables.TryGetMapData(i); t && t->ColumnsCount == 8) table = t;
    REQUIRE(table);
    const int duration = 7;
    table->Columns[duration].IsUserEnabledNextFrame = false;
    table->IsSettingsDirty = true;
    ui.settle(w.draw());
    CHECK_FALSE(ui.find("Duration"));
    saved = ImGui::SaveIniSettingsToMemory();
  }
  CHECK(saved.find("[Table]") != std::string::npos);
  UiHarness ui;
  ImGui::LoadIniSettingsFromMemory(saved.c_str(), saved.size());
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}}, 1);
  ui.settle(w.draw());
  CHECK(ui.find("Name"));
  CHECK_FALSE(ui.find("Duration"));
}

namespace {

// Every text the widget drew in one frame, through ImGui's own text log.
std::string textDrawn(UiHarness& ui, Widget& w) { return ui.textOf(w.draw()); }

// A page that the signing service marked with the two headers.
AppState stateWithSource(std::string age, std::string stale) {
  AppState s;
  Step step = update(s, act::Start{}, 0);
  const auto req = std::get<fx::SendRequest>(step.effects.at(0));
  return update(std::move(step.state),
                act::ResponseArrived{req.requestId, 200, R"({"TaskList":[{"BatchId":"pcb-0","Status":"RUNNING"}],"TotalCount":1})",
                                     std::move(age), std::move(stale)},
                1'775'000'000'000)
      .state;
}

}  // namespace

TEST_CASE("the toolbar's age counts from PolarDB's answer and says why an answer is stale, in both languages") {
  const Translator zh(Language::Chinese);
  UiHarness ui;
  Widget w;
  w.state = stateWithSource("", "");
  ui.settle(w.draw());
  CHECK(textDrawn(ui, w).find("Updated just now") != std::string::npos);

  w.state = stateWithSource("40", "");  // cached, not stale
  std::string text = textDrawn(ui, w);
  CHECK(text.find("Updated 40 s ago") != std::string::npos);
  CHECK(text.find("showing the last answer") == std::string::npos);

  const std::pair<const char*, const char*> reasons[] = {
      {"throttled", "Updated 40 s ago: PolarDB is throttling, showing the last answer"},
      {"upstream-error", "Updated 40 s ago: PolarDB did not answer, showing the last answer"},
      {"budget", "Updated 40 s ago: the proxy's call budget is spent, showing the last answer"},
  };
  for (const auto& reason : reasons) {
    const std::string stale = reason.first;
    const std::string wording = reason.second;
    CAPTURE(stale);
    w.state = stateWithSource("40", stale);
    w.translator = nullptr;
    CHECK(textDrawn(ui, w).find(wording) != std::string::npos);
    w.translator = &zh;
    text = textDrawn(ui, w);
    CHECK(text.find("40 秒前更新：") != std::string::npos);
    CHECK(text.find("显示上一次的结果") != std::string::npos);
  }
  for (const std::string& untranslated : zh.untranslated()) {
    CAPTURE(untranslated);
    CHECK(untranslated.find("answer") == std::string::npos);
  }

  // A garbled header is ignored, never drawn.
  w.translator = nullptr;
  w.state = stateWithSource("forty", "<script>");
  text = textDrawn(ui, w);
  CHECK(text.find("Updated just now") != std::string::npos);
  CHECK(text.find("<script>") == std::string::npos);
}

TEST_CASE("the Region combo shows only when the service serves two regions or more, and picks one") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}}, 1);
  ui.settle(w.draw());
  CHECK_FALSE(ui.find("Region"));  // the service has not said
  w.state.service = ServiceConfig{{"cn-hangzhou"}, "cn-hangzhou"};
  ui.settle(w.draw());
  CHECK_FALSE(ui.find("Region"));  // one region: nothing to choose
  CHECK(ui.find("Task type"));

  w.state.service = ServiceConfig{{"cn-hangzhou", "cn-beijing"}, "cn-hangzhou"};
  ui.settle(w.draw());
  REQUIRE(ui.find("Region"));
  ui.click("Region", w.draw());
  ui.settle(w.draw());
  REQUIRE(ui.find("cn-hangzhou (default)"));
  REQUIRE(ui.find("cn-beijing"));
  ui.click("cn-beijing", w.draw());
  const auto* picked = lastIntent<act::SetRegion>(w);
  REQUIRE(picked);
  CHECK(picked->region == "cn-beijing");
  w.applyIntents();
  CHECK(w.state.query.region == "cn-beijing");
  CHECK(w.state.query.pageNumber == 1);

  // Back to the default: no region is asked for, so the link and the request are the default view's.
  ui.settle(w.draw());
  ui.click("Region", w.draw());
  ui.settle(w.draw());
  ui.click("cn-hangzhou (default)", w.draw());
  picked = lastIntent<act::SetRegion>(w);
  REQUIRE(picked);
  CHECK(picked->region.empty());
}

// ---- Watching: true totals, changed rows, stalled batches, the digest, notifications.

namespace {

// The model driven as the platform drives it, with answers the test writes.
struct Model {
  AppState state;
  Millis now = 1'775'000'000'000;

  void dispatch(const Action& a) { state = update(std::move(state), a, now).state; }
  static std::string row(const std::string& id, const std::string& status, int success, int total = 4) {
    return R"({"BatchId":")" + id + R"(","TaskName":"n-)" + id + R"(","Status":")" + status +
           R"(","TotalCount":)" + std::to_string(total) + R"(,"SuccessCount":)" + std::to_string(success) + "}";
  }
  // Answers the list request in flight with these rows.
  void answerList(const std::vector<std::string>& rows) {
    REQUIRE(state.list.inFlight);
    std::string tasks;
    for (const std::string& r : rows) tasks += (tasks.empty() ? "" : ",") + r;
    dispatch(act::ResponseArrived{state.list.activeId, 200,
                                  R"({"TaskList":[)" + tasks + R"(],"TotalCount":)" + std::to_string(rows.size()) + "}"});
  }
  // Answers the count requests in flight: COMPLETED, DISPATCHING, FAILED, RUNNING.
  void answerCounts(const StatusTotals& totals) {
    for (std::size_t i = 0; i < totals.size(); ++i)
      if (state.counts[i].inFlight)
        dispatch(act::ResponseArrived{state.counts[i].activeId, 200,
                                      R"({"TaskList":[],"TotalCount":)" + std::to_string(totals[i]) + "}"});
  }
  // A refresh `laterMs` from now, answered with these rows.
  void refreshAfter(Millis laterMs, const std::vector<std::string>& rows) {
    now += laterMs;
    dispatch(act::Refresh{});
    answerList(rows);
  }
  Widget widget() const {
    Widget w;
    w.state = state;
    w.now = now;
    return w;
  }
};

// Whether the last frame painted `colour` (whatever its alpha) over height `y`:
// a triangle in that colour spans it.
bool paintedAt(const ImVec4& colour, float y) {
  const ImU32 rgb = ImGui::ColorConvertFloat4ToU32(ImVec4(colour.x, colour.y, colour.z, 1.0f)) & 0x00FFFFFFu;
  for (const ImDrawList* list : ImGui::GetDrawData()->CmdLists)
    for (const ImDrawCmd& cmd : list->CmdBuffer)
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        float top = 1e9f, bottom = -1e9f;
        bool all = true;
        for (unsigned k = 0; k < 3; ++k) {
          const ImDrawVert& v = list->VtxBuffer[static_cast<int>(cmd.VtxOffset + list->IdxBuffer[static_cast<int>(cmd.IdxOffset + i + k)])];
          all = all && (v.col & 0x00FFFFFFu) == rgb && (v.col >> 24) != 0;
          top = std::min(top, v.pos.y);
          bottom = std::max(bottom, v.pos.y);
        }
        if (all && top <= y && y <= bottom) return true;
      }
  return false;
}

// Whether the last frame painted `colour` anywhere.
bool paintedAnywhere(const ImVec4& colour) {
  const ImU32 rgb = ImGui::ColorConvertFloat4ToU32(ImVec4(colour.x, colour.y, colour.z, 1.0f)) & 0x00FFFFFFu;
  for (const ImDrawList* list : ImGui::GetDrawData()->CmdLists)
    for (const ImDrawVert& v : list->VtxBuffer)
      if ((v.col & 0x00FFFFFFu) == rgb && (v.col >> 24) != 0) return true;
  return false;
}

// The Status cell the table gives screen readers for a batch.
std::string spokenStatus(const Widget& w, const std::string& batchId) {
  REQUIRE(w.tableText);
  const TableText& t = *w.tableText;
  const auto column = std::find(t.headers.begin(), t.headers.end(), "Status") - t.headers.begin();
  for (std::size_t r = 0; r < t.batchIds.size(); ++r)
    if (t.batchIds[r] == batchId) return t.rows[r][static_cast<std::size_t>(column)];
  return "<not shown>";
}

}  // namespace

TEST_CASE("status chips show the true totals for the filters, until counted, a placeholder, a failed count, a question mark") {
  UiHarness ui;
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "FAILED", 1), Model::row("pcb-1", "RUNNING", 1)});
  Widget w = m.widget();
  ui.settle(w.draw());
  CHECK(ui.find("FAILED \u2026"));  // being counted
  CHECK(ui.find("RUNNING \u2026"));
  CHECK_FALSE(ui.find("FAILED 1"));  // never the page's own count

  SUBCASE("counted") {
    m.answerCounts({120, 0, 37, 5});
    w.state = m.state;
    ui.settle(w.draw());
    CHECK(ui.find("COMPLETED 120"));
    CHECK(ui.find("DISPATCHING 0"));
    CHECK(ui.find("RUNNING 5"));
    ui.click("FAILED 37", w.draw());
    REQUIRE(lastIntent<act::ToggleStatus>(w));
    CHECK(lastIntent<act::ToggleStatus>(w)->status == TaskStatus::Failed);
  }
  SUBCASE("one count refused: that chip says so, the others count") {
    m.dispatch(act::ResponseArrived{m.state.counts[2].activeId, 403,
                                    R"({"Code":"Forbidden.RAM","Message":"no","RequestId":"R"})"});
    m.answerCounts({120, 0, 0, 5});
    w.state = m.state;
    ui.settle(w.draw());
    CHECK(ui.find("FAILED ?"));
    CHECK(ui.find("COMPLETED 120"));
    ui.click("FAILED ?", w.draw());  // still a filter, with its identity
    CHECK(lastIntent<act::ToggleStatus>(w));
  }
  SUBCASE("new filters: counting again, the old totals not shown for them") {
    m.answerCounts({120, 0, 37, 5});
    m.dispatch(act::SetTaskType{"polarclaw_install_skills"});
    w.state = m.state;
    ui.settle(w.draw());
    CHECK(ui.find("FAILED \u2026"));
    CHECK_FALSE(ui.find("FAILED 37"));
  }
}

namespace {
// A page, then a refresh 5 s later in which pcb-0 moved, pcb-1 did not, and pcb-2 is new.
Model refreshedWithChanges() {
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "RUNNING", 1), Model::row("pcb-1", "RUNNING", 1)});
  m.refreshAfter(5000, {Model::row("pcb-0", "RUNNING", 2), Model::row("pcb-1", "RUNNING", 1), Model::row("pcb-2", "RUNNING", 0)});
  REQUIRE(m.state.changes.size() == 2);
  return m;
}
}  // namespace

TEST_CASE("after a refresh, a changed row is highlighted and fades, a new row is marked new") {
  UiHarness ui;
  Model m = refreshedWithChanges();
  Widget w = m.widget();
  const ImVec4 highlight = currentPalette().changed;
  ui.settle(w.draw());
  const float changedRow = ui.find("pcb-0")->center().y;
  const float unchangedRow = ui.find("pcb-1")->center().y;
  CHECK(paintedAt(highlight, changedRow));
  CHECK_FALSE(paintedAt(highlight, unchangedRow));
  CHECK(w.redrawAfterMs > 0);
  CHECK(w.redrawAfterMs <= 50);  // frames for the fade
  CHECK(textDrawn(ui, w).find("new") != std::string::npos);
  CHECK(spokenStatus(w, "pcb-2") == "RUNNING, new");
  CHECK(spokenStatus(w, "pcb-0") == "RUNNING, changed");  // screen readers hear what the highlight shows
  CHECK(spokenStatus(w, "pcb-1") == "RUNNING");

  w.now += 1000;  // half way: still there, fainter
  ui.settle(w.draw());
  CHECK(paintedAt(highlight, changedRow));
  w.now += 1500;  // faded: nothing painted, no frames asked for it
  ui.settle(w.draw());
  CHECK_FALSE(paintedAnywhere(highlight));
  CHECK((w.redrawAfterMs == 0 || w.redrawAfterMs > 50));
  CHECK(textDrawn(ui, w).find("new") != std::string::npos);  // the mark stays until the next refresh

  m.refreshAfter(5000, {Model::row("pcb-0", "RUNNING", 2), Model::row("pcb-1", "RUNNING", 1), Model::row("pcb-2", "RUNNING", 0)});
  w.state = m.state;
  w.now = m.now;
  ui.settle(w.draw());
  CHECK(textDrawn(ui, w).find("new") == std::string::npos);
  CHECK_FALSE(paintedAnywhere(highlight));
}

TEST_CASE("with reduced motion, a changed row gets a static mark instead of a fade") {
  UiHarness ui;
  Model m = refreshedWithChanges();
  Widget w = m.widget();
  w.reducedMotion = true;
  ui.settle(w.draw());
  CHECK_FALSE(paintedAnywhere(currentPalette().changed));
  CHECK((w.redrawAfterMs == 0 || w.redrawAfterMs > 50));  // nothing animates
  std::string text = textDrawn(ui, w);
  CHECK(text.find("changed") != std::string::npos);
  CHECK(text.find("new") != std::string::npos);
  w.now += 10'000;  // still marked, until the next refresh
  text = textDrawn(ui, w);
  CHECK(text.find("changed") != std::string::npos);
  CHECK(spokenStatus(w, "pcb-0") == "RUNNING, changed");
}

namespace {
// pcb-0 has not moved for 11 minutes (the stall time is 10); pcb-1 has.
Model withStalledBatch(Millis after = 11 * 60'000) {
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "RUNNING", 1), Model::row("pcb-1", "RUNNING", 1), Model::row("pcb-2", "COMPLETED", 4)});
  m.refreshAfter(after, {Model::row("pcb-0", "RUNNING", 1), Model::row("pcb-1", "RUNNING", 2), Model::row("pcb-2", "COMPLETED", 4)});
  return m;
}
}  // namespace

TEST_CASE("a stalled batch says for how long it made no progress, and the Stalled chip filters to it") {
  UiHarness ui;
  Model m = withStalledBatch();
  REQUIRE(stalledBatches(m.state) == std::vector<std::string>{"pcb-0"});
  Widget w = m.widget();
  ui.settle(w.draw());
  const std::string noProgress = "no progress for " + englishText(formatDuration(11 * 60));
  CHECK(textDrawn(ui, w).find(noProgress) != std::string::npos);
  CHECK(spokenStatus(w, "pcb-0") == "RUNNING, " + noProgress);
  CHECK(spokenStatus(w, "pcb-1") == "RUNNING, changed");  // it moved in this refresh
  CHECK(spokenStatus(w, "pcb-2") == "COMPLETED");
  CHECK(paintedAt(currentPalette().warning, ui.find("pcb-0")->center().y));  // the amber mark
  CHECK_FALSE(paintedAt(currentPalette().warning, ui.find("pcb-1")->center().y));

  ui.click("Stalled (1)", w.draw());
  const auto* only = lastIntent<act::SetStalledOnly>(w);
  REQUIRE(only);
  CHECK(only->on);
  w.applyIntents();
  REQUIRE(w.state.stalledOnly);
  ui.settle(w.draw());
  CHECK(ui.find("pcb-0"));
  CHECK_FALSE(ui.find("pcb-1"));  // only the stalled rows
  CHECK_FALSE(ui.find("pcb-2"));
  CHECK(w.tableText->batchIds == std::vector<std::string>{"pcb-0"});
  CHECK(textDrawn(ui, w).find("Showing only the stalled batches on this page (1 of 3).") != std::string::npos);

  ui.click("Show every row", w.draw());  // the way back, above the table
  REQUIRE(lastIntent<act::SetStalledOnly>(w));
  CHECK_FALSE(lastIntent<act::SetStalledOnly>(w)->on);
  w.applyIntents();
  ui.settle(w.draw());
  CHECK(ui.find("pcb-1"));
  ui.click("Stalled (1)", w.draw());  // the chip toggles too
  w.applyIntents();
  CHECK(w.state.stalledOnly);
  ui.settle(w.draw());
  ui.click("Stalled (1)", w.draw());
  REQUIRE(lastIntent<act::SetStalledOnly>(w));
  CHECK_FALSE(lastIntent<act::SetStalledOnly>(w)->on);
}

TEST_CASE("before the stall time, nothing is marked stalled and there is no Stalled chip") {
  UiHarness ui;
  Model m = withStalledBatch(9 * 60'000);
  Widget w = m.widget();
  ui.settle(w.draw());
  CHECK_FALSE(ui.find("Stalled (0)"));
  CHECK_FALSE(ui.find("Stalled (1)"));
  CHECK(textDrawn(ui, w).find("no progress") == std::string::npos);
  CHECK_FALSE(paintedAnywhere(currentPalette().warning));
}

namespace {
// The person looked (totals `before`), left for five minutes, and came back to totals `after`.
Model backAfterAWhile(const StatusTotals& before, const StatusTotals& after) {
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "RUNNING", 1)});
  m.answerCounts(before);
  REQUIRE(m.state.lastLook);
  m.now += 1000;
  m.dispatch(act::VisibilityChanged{false});
  m.now += 5 * 60'000;
  m.dispatch(act::VisibilityChanged{true});
  m.answerCounts(after);
  REQUIRE(m.state.digest);
  return m;
}
}  // namespace

TEST_CASE("since you last looked: a line with the time, each part a filter, and a dismiss") {
  UiHarness ui;
  const Millis looked = Model{}.now;
  Model m = backAfterAWhile({10, 0, 2, 3}, {13, 0, 4, 0});  // 2 failed, 3 completed, 2 more in all
  Widget w = m.widget();
  ui.settle(w.draw());
  const std::string since = "Since " + formatDisplayTime(looked / 1000).substr(11, 5) + ":";
  CHECK(textDrawn(ui, w).find(since) != std::string::npos);

  ui.click("2 failed", w.draw());
  REQUIRE(lastIntent<act::SetStatuses>(w));
  CHECK(lastIntent<act::SetStatuses>(w)->statuses == std::vector<TaskStatus>{TaskStatus::Failed});
  ui.click("3 completed", w.draw());
  CHECK(lastIntent<act::SetStatuses>(w)->statuses == std::vector<TaskStatus>{TaskStatus::Completed});
  ui.click("2 new", w.draw());
  const auto* range = lastIntent<act::SetTimeRange>(w);
  REQUIRE(range);
  CHECK(range->start == looked / 1000);
  CHECK_FALSE(range->end.has_value());

  w.intents.clear();
  ui.click("Dismiss the summary", w.draw());
  CHECK(lastIntent<act::DismissDigest>(w));
  w.applyIntents();
  ui.settle(w.draw());
  CHECK_FALSE(ui.find("2 failed"));
  CHECK_FALSE(ui.find("Dismiss the summary"));
}

TEST_CASE("since you last looked, in local time, and when nothing changed") {
  UiHarness ui;
  const Millis looked = Model{}.now;
  Model m = backAfterAWhile({10, 0, 2, 3}, {10, 0, 2, 3});
  m.dispatch(act::SetTimeZone{TimeZoneMode::Local});
  Widget w = m.widget();
  const auto draw = [&w] {
    ViewOutput out = drawWidget(w.state, w.view, ViewContext{w.now, [](UnixSeconds) { return 8 * 60; }, nullptr});
    w.intents.insert(w.intents.end(), out.intents.begin(), out.intents.end());
  };
  ui.settle(draw);
  std::string drawn = ui.textOf(draw);
  CHECK(drawn.find("Since " + formatDisplayTime(looked / 1000, 8 * 60).substr(11, 5) + ":") != std::string::npos);
  CHECK(drawn.find("nothing changed") != std::string::npos);
  CHECK_FALSE(ui.find("0 failed"));
  ui.click("Dismiss the summary", draw);
  CHECK(lastIntent<act::DismissDigest>(w));
}

TEST_CASE("the bell turns failure notifications on and off, blocked by the browser, it is disabled") {
  UiHarness ui;
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "RUNNING", 1), Model::row("pcb-1", "COMPLETED", 4)});
  Widget w = m.widget();
  ui.settle(w.draw());
  ui.click("Notify me when a batch fails", w.draw());
  REQUIRE(lastIntent<act::SetNotifyFailures>(w));
  CHECK(lastIntent<act::SetNotifyFailures>(w)->on);
  w.applyIntents();
  CHECK(w.state.notifyFailures);
  ui.settle(w.draw());
  ui.click("Notify me when a batch fails", w.draw());
  REQUIRE(lastIntent<act::SetNotifyFailures>(w));
  CHECK_FALSE(lastIntent<act::SetNotifyFailures>(w)->on);

  w.intents.clear();
  w.state = update(std::move(w.state), act::NotificationPermissionIs{NotificationPermission::Denied}, w.now).state;
  ui.settle(w.draw());
  REQUIRE(ui.find("Notify me when a batch fails"));
  CHECK(ui.find("Notify me when a batch fails")->disabled);
  ui.click("Notify me when a batch fails", w.draw());
  CHECK(w.intents.empty());
}

TEST_CASE("the details of a running batch offer to notify when it ends, an ended one does not") {
  UiHarness ui;
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "RUNNING", 1), Model::row("pcb-1", "COMPLETED", 4)});
  m.dispatch(act::SelectBatch{"pcb-0"});
  Widget w = m.widget();
  ui.settle(w.draw());
  ui.click("Notify me when this ends", w.draw());
  const auto* notify = lastIntent<act::SetNotifyWhenEnds>(w);
  REQUIRE(notify);
  CHECK(notify->batchId == "pcb-0");
  CHECK(notify->on);
  w.applyIntents();
  CHECK(w.state.notifyWhenEnds == std::vector<std::string>{"pcb-0"});
  ui.settle(w.draw());
  ui.click("Notify me when this ends", w.draw());
  REQUIRE(lastIntent<act::SetNotifyWhenEnds>(w));
  CHECK_FALSE(lastIntent<act::SetNotifyWhenEnds>(w)->on);

  w.state = update(std::move(w.state), act::SelectBatch{"pcb-1"}, w.now).state;
  ui.settle(w.draw());
  CHECK_FALSE(ui.find("Notify me when this ends"));
}

TEST_CASE("in Chinese, the watching parts are translated too") {
  const Translator zh(Language::Chinese);
  UiHarness ui;
  Model m = backAfterAWhile({10, 0, 2, 3}, {13, 0, 4, 0});
  m.refreshAfter(11 * 60'000, {Model::row("pcb-0", "RUNNING", 1), Model::row("pcb-9", "RUNNING", 0)});
  m.dispatch(act::ResponseArrived{m.state.counts[2].activeId, 403, R"({"Code":"Forbidden.RAM","Message":"no","RequestId":"R"})"});
  m.dispatch(act::SelectBatch{"pcb-0"});
  REQUIRE(!stalledBatches(m.state).empty());
  Widget w = m.widget();
  w.translator = &zh;
  w.reducedMotion = true;
  ui.settle(w.draw());
  ui.click("停滞（1）", w.draw());
  w.applyIntents();
  ui.settle(w.draw());
  const std::string text = textDrawn(ui, w);
  CHECK(text.find("无进展") != std::string::npos);
  CHECK(ui.find("关闭摘要"));
  CHECK(ui.find("批量任务失败时通知我"));
  CHECK(ui.find("此批次结束时通知我"));
  CHECK(ui.find("显示所有行"));
  const std::set<std::string> data = {"n-pcb-0", "n-pcb-9", "no"};
  for (const std::string& t : zh.untranslated()) {
    CAPTURE(t);
    CHECK(data.count(t) == 1);
  }
}

// ---- #16: ETAs in the progress tooltip, the find field, failures grouped by cause.

namespace {
// pcb-0 moved from 1 to 3 of 10 in a minute; pcb-1 has made no progress.
Model withProgress() {
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "RUNNING", 1, 10), Model::row("pcb-1", "RUNNING", 0, 10)});
  m.refreshAfter(60'000, {Model::row("pcb-0", "RUNNING", 3, 10), Model::row("pcb-1", "RUNNING", 0, 10)});
  return m;
}

// The text drawn with the pointer over a row's progress bar.
std::string progressTooltip(UiHarness& ui, Widget& w, const std::string& batchId,
                            const std::function<int(UnixSeconds)>& offset = [](UnixSeconds) { return 0; }) {
  const auto draw = [&] {
    ViewOutput out = drawWidget(w.state, w.view, ViewContext{w.now, offset, w.translator});
    w.intents.insert(w.intents.end(), out.intents.begin(), out.intents.end());
    if (out.tableText) w.tableText = std::move(out.tableText);
  };
  ui.settle(draw);
  const auto header = ui.find(w.translator ? "进度" : "Progress");
  const auto row = ui.find(batchId);
  REQUIRE(header);
  REQUIRE(row);
  ImGui::GetIO().AddMousePosEvent(header->min.x + 12, row->center().y);
  ui.settle(draw);
  return ui.textOf(draw);
}

// "14:32" at `ms` with the offset, as the tooltip writes a time of today.
std::string clock(Millis ms, int offsetMinutes = 0) { return formatDisplayTime(ms / 1000, offsetMinutes).substr(11, 5); }

// A batch's details, as DescribeBatchTask answers them, open in the panel.
Model withFailures() {
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "FAILED", 2, 7)});
  m.dispatch(act::SelectBatch{"pcb-0"});
  REQUIRE(m.state.detailRequest.inFlight);
  m.dispatch(act::ResponseArrived{m.state.detailRequest.activeId, 200, R"({"RequestId":"D","BatchId":"pcb-0","Status":"FAILED",
    "TotalCount":7,"SuccessCount":2,"SubTasks":[
      {"TaskId":"t1","InstanceId":"pc-one","Status":"FAILED","ErrorMsg":"Timeout after 300 seconds on i-bp1"},
      {"TaskId":"t2","InstanceId":"pc-two","Status":"COMPLETED"},
      {"TaskId":"t3","InstanceId":"pc-three","Status":"FAILED","ErrorMsg":"Disk full"},
      {"TaskId":"t4","InstanceId":"pc-four","Status":"FAILED","ErrorMsg":"Timeout after 120 seconds on i-bp9"},
      {"TaskId":"t5","InstanceId":"pc-five","Status":"WAITING"},
      {"TaskId":"t6","InstanceId":"pc-six","Status":"COMPLETED"},
      {"TaskId":"t7","InstanceId":"pc-seven","Status":"TEMP_TERMINATED","ErrorMsg":"stopped"}]})"});
  REQUIRE(m.state.detail);
  return m;
}

bool drawnWord(const std::string& text, const std::string& word) { return text.find(word) != std::string::npos; }
}  // namespace

TEST_CASE("the progress tooltip of a running batch says when it should end, in the chosen zone, none without progress") {
  UiHarness ui;
  Model m = withProgress();
  const auto eta = etaFor(m.state, m.state.page->tasks[0]);
  REQUIRE(eta);
  CHECK_FALSE(etaFor(m.state, m.state.page->tasks[1]));
  Widget w = m.widget();
  std::string text = progressTooltip(ui, w, "pcb-0");
  CHECK(drawnWord(text, "ends about " + clock(eta->atMs) + " (" + clock(eta->earliestMs) + "\u2013" + clock(eta->latestMs) + ")"));
  CHECK(drawnWord(text, "7 to go"));
  REQUIRE(w.tableText);
  REQUIRE(w.tableText->rows.size() >= 2);
  REQUIRE(w.tableText->rows[0].size() > 4);
  CHECK(w.tableText->rows[0][4].find("ends about " + clock(eta->atMs)) != std::string::npos);  // screen readers hear it too

  text = progressTooltip(ui, w, "pcb-1");
  CHECK(drawnWord(text, "10 to go"));
  CHECK_FALSE(drawnWord(text, "ends about"));

  SUBCASE("in local time") {
    w.state = update(std::move(w.state), act::SetTimeZone{TimeZoneMode::Local}, w.now).state;
    text = progressTooltip(ui, w, "pcb-0", [](UnixSeconds) { return 8 * 60; });
    CHECK(drawnWord(text, "ends about " + clock(eta->atMs, 8 * 60)));
  }
  SUBCASE("in Chinese") {
    const Translator zh(Language::Chinese);
    w.translator = &zh;
    text = progressTooltip(ui, w, "pcb-0");
    CHECK(drawnWord(text, "预计 " + clock(eta->atMs) + " 结束"));
  }
}

TEST_CASE("the find field sends what was typed on Enter, the model's choice shows, Esc and the cross clear it") {
  UiHarness ui;
  Widget w;
  w.state = stateWithRows({{"alpha", "RUNNING"}, {"hotfix beta", "FAILED"}, {"Gamma HOTFIX", "COMPLETED"}}, 3);
  ui.settle(w.draw());
  REQUIRE(ui.find("Find"));
  CHECK_FALSE(ui.find("Clear the find"));

  // A BatchId not on the page: opened in the details.
  ui.click("Find", w.draw());
  ui.typeText("pcb-77", w.draw());
  CHECK(lastIntent<act::Find>(w) == nullptr);  // nothing until Enter
  ui.pressKey(ImGuiKey_Enter, w.draw());
  REQUIRE(lastIntent<act::Find>(w));
  CHECK(lastIntent<act::Find>(w)->text == "pcb-77");
  w.applyIntents();
  CHECK(w.state.selectedBatchId == "pcb-77");
  CHECK(w.state.findKind == FindKind::BatchId);
  ui.settle(w.draw());
  CHECK(ui.find("Close"));  // the detail panel is open
  CHECK(ui.find("pcb-0"));  // and no row is hidden

  // Esc in the field clears the find.
  ui.click("Find", w.draw());
  ui.pressKey(ImGuiKey_Escape, w.draw());
  REQUIRE(lastIntent<act::Find>(w));
  CHECK(lastIntent<act::Find>(w)->text.empty());
  w.applyIntents();
  CHECK(w.state.findKind == FindKind::None);
  ui.settle(w.draw());

  // Text: the rows on the page whose name or id holds it.
  ui.click("Find", w.draw());
  ui.pressKey(ImGuiKey_Escape, w.draw());  // empty the field (it may still hold the id)
  w.intents.clear();
  ui.click("Find", w.draw());
  ui.typeText("HotFix", w.draw());
  ui.pressKey(ImGuiKey_Enter, w.draw());
  REQUIRE(lastIntent<act::Find>(w));
  CHECK(lastIntent<act::Find>(w)->text == "HotFix");
  w.applyIntents();
  CHECK(w.state.findKind == FindKind::Text);
  ui.settle(w.draw());
  CHECK_FALSE(ui.find("pcb-0"));
  CHECK(ui.find("pcb-1"));
  CHECK(ui.find("pcb-2"));
  REQUIRE(w.tableText);
  CHECK(w.tableText->batchIds == std::vector<std::string>{"pcb-1", "pcb-2"});
  CHECK(drawnWord(textDrawn(ui, w), "2 of 3 on this page"));

  // The cross clears it: every row again.
  ui.click("Clear the find", w.draw());
  REQUIRE(lastIntent<act::Find>(w));
  CHECK(lastIntent<act::Find>(w)->text.empty());
  w.applyIntents();
  ui.settle(w.draw());
  CHECK(ui.find("pcb-0"));
  CHECK(w.tableText->batchIds.size() == 3);
  CHECK_FALSE(drawnWord(textDrawn(ui, w), "on this page"));
}

TEST_CASE("a found BatchId that does not exist says so in the panel, with no retry") {
  UiHarness ui;
  Model m;
  m.dispatch(act::Start{});
  m.answerList({Model::row("pcb-0", "RUNNING", 1)});
  m.dispatch(act::Find{"pcb-nothere"});
  m.dispatch(act::ResponseArrived{m.state.detailRequest.activeId, 404,
                                  R"({"RequestId":"NF-1","Code":"InvalidBatchId.NotFound","Message":"The specified batch task does not exist."})"});
  Widget w = m.widget();
  ui.settle(w.draw());
  const std::string text = textDrawn(ui, w);
  CHECK(drawnWord(text, "There is no batch task pcb-nothere in this region; check the BatchId."));
  CHECK_FALSE(drawnWord(text, "InvalidBatchId.NotFound:"));
  CHECK(drawnWord(text, "RequestId NF-1"));
  CHECK_FALSE(ui.find("Retry"));
  CHECK(ui.find("Close"));
}

TEST_CASE("failed subtasks are grouped by cause, largest first, a cause filters the list and its ids are copied") {
  UiHarness ui;
  Model m = withFailures();
  Widget w = m.widget();
  ui.settle(w.draw());
  std::string text = textDrawn(ui, w);
  CHECK(drawnWord(text, "Failures by cause (3)"));
  const auto timeouts = ui.find("2 \u00D7 Timeout after <n> seconds on <id>");
  const auto disk = ui.find("1 \u00D7 Disk full");
  REQUIRE(timeouts);
  REQUIRE(disk);
  CHECK(timeouts->min.y < disk->min.y);  // largest first
  CHECK_FALSE(ui.find("Copy this cause's ids"));  // until a cause is chosen

  ui.click("Copy all failed ids", w.draw());
  CHECK(std::string(ImGui::GetClipboardText()) == R"(["pc-one","pc-three","pc-four"])");
  CHECK(w.view.toast == "Copied a JSON array of InstanceIds (3)");

  ui.click("2 \u00D7 Timeout after <n> seconds on <id>", w.draw());
  ui.settle(w.draw());
  text = textDrawn(ui, w);
  CHECK(drawnWord(text, "pc-one"));
  CHECK(drawnWord(text, "pc-four"));
  CHECK_FALSE(drawnWord(text, "pc-three"));
  CHECK_FALSE(drawnWord(text, "pc-two"));
  CHECK(drawnWord(text, "Showing 2 of 7 subtasks"));
  ui.click("Copy this cause's ids", w.draw());
  CHECK(std::string(ImGui::GetClipboardText()) == R"(["pc-one","pc-four"])");
  CHECK(w.view.toast == "Copied a JSON array of InstanceIds (2)");
  CHECK(w.intents.empty());  // view state only: the model is not asked

  // The same cause again: every subtask.
  ui.click("2 \u00D7 Timeout after <n> seconds on <id>", w.draw());
  ui.settle(w.draw());
  text = textDrawn(ui, w);
  CHECK(drawnWord(text, "pc-three"));
  CHECK(drawnWord(text, "pc-two"));
  CHECK_FALSE(drawnWord(text, "Showing"));
}

TEST_CASE("the subtask status filter offers the eight statuses with their counts, and combines with a cause") {
  UiHarness ui;
  Model m = withFailures();
  Widget w = m.widget();
  ui.settle(w.draw());
  ui.click("Subtask status", w.draw());
  ui.settle(w.draw());
  for (const char* item : {"FAILED (3)", "HUMAN_PROCESSING (0)", "BLOCKING (0)", "TEMP_TERMINATED (1)", "PAUSE (0)",
                           "RUNNING (0)", "WAITING (1)", "COMPLETED (2)"}) {
    CAPTURE(item);
    CHECK(ui.find(item));
  }
  ui.click("WAITING (1)", w.draw());
  ui.settle(w.draw());
  std::string text = textDrawn(ui, w);
  CHECK(drawnWord(text, "pc-five"));
  CHECK_FALSE(drawnWord(text, "pc-one"));
  CHECK_FALSE(drawnWord(text, "pc-two"));
  CHECK(drawnWord(text, "Showing 1 of 7 subtasks"));

  // A cause and a status that none of its subtasks has: nothing listed.
  ui.click("1 \u00D7 Disk full", w.draw());
  ui.settle(w.draw());
  CHECK(drawnWord(textDrawn(ui, w), "Showing 0 of 7 subtasks"));

  ui.click("Show every subtask", w.draw());
  ui.settle(w.draw());
  text = textDrawn(ui, w);
  for (const char* id : {"pc-one", "pc-two", "pc-three", "pc-four", "pc-five", "pc-six", "pc-seven"}) {
    CAPTURE(id);
    CHECK(drawnWord(text, id));
  }

  // Another batch starts unfiltered.
  ui.click("Subtask status", w.draw());
  ui.settle(w.draw());
  ui.click("COMPLETED (2)", w.draw());
  ui.settle(w.draw());
  CHECK(drawnWord(textDrawn(ui, w), "Showing 2 of 7 subtasks"));
  w.view.subtaskFiltersOf = "pcb-other";  // as if another batch had been shown in between
  ui.settle(w.draw());
  CHECK_FALSE(drawnWord(textDrawn(ui, w), "Showing"));
}

TEST_CASE("in Chinese, the find field, the ETA and the failure groups are translated") {
  const Translator zh(Language::Chinese);
  UiHarness ui;
  Model m = withFailures();
  m.dispatch(act::Find{"n-pcb"});
  Widget w = m.widget();
  w.translator = &zh;
  ui.settle(w.draw());
  CHECK(ui.find("查找"));
  CHECK(ui.find("复制全部失败的 ID"));
  ui.click("2 \u00D7 Timeout after <n> seconds on <id>", w.draw());
  ui.settle(w.draw());
  CHECK(ui.find("复制此原因的 ID"));
  ui.click("子任务状态", w.draw());
  ui.settle(w.draw());
  CHECK(ui.find("失败（3）"));
  ui.click("所有状态", w.draw());  // closes the list
  ui.settle(w.draw());
  ui.click("复制此原因的 ID", w.draw());
  CHECK(w.view.toast == "已复制 InstanceId 的 JSON 数组（2 个）");
  const std::string text = textDrawn(ui, w);
  CHECK(drawnWord(text, "按原因分组的失败（3）"));
  CHECK(drawnWord(text, "本页 1 个，共 1 个"));
  const std::set<std::string> data = {"n-pcb-0", "Timeout after <n> seconds on <id>", "Disk full", "stopped",
                                      "Timeout after 300 seconds on i-bp1", "Timeout after 120 seconds on i-bp9"};
  for (const std::string& t : zh.untranslated()) {
    CAPTURE(t);
    CHECK(data.count(t) == 1);
  }
}
