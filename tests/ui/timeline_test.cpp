// The timeline view, headless: the toggle, bars drawn from the model's loaded
// set, the wheel zooming around the pointer, a drag panning, a bar's tooltip
// on hover and its details on a click, the keyboard, loading progress, the
// list mirrored for screen readers, and Chinese.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <string>

#include "model/time.hpp"
#include "ui/ui_harness.hpp"
#include "view/widget.hpp"

using namespace bt;
using bt::test::UiHarness;

namespace {

constexpr Millis kNowMs = 1'775'000'000'000;
constexpr UnixSeconds kNow = kNowMs / 1000;
const char* const kCanvas = "Timeline of batches: arrows pan, + and - zoom, Up and Down choose a batch, Enter opens it";

struct Widget {
  AppState state;
  ViewState view;
  std::vector<Action> intents;
  const Translator* translator = nullptr;
  std::optional<TimelineText> timelineText;  // the latest published
  int timelineTextsPublished = 0;
  Millis now = kNowMs;  // the frames' clock (the model's stays at kNowMs)
  Millis redrawAfterMs = 0;

  std::function<void()> draw() {
    return [this] {
      ViewOutput out = drawWidget(state, view, ViewContext{now, [](UnixSeconds) { return 0; }, translator, false});
      redrawAfterMs = out.redrawAfterMs;
      intents.insert(intents.end(), out.intents.begin(), out.intents.end());
      if (out.timelineText) {
        timelineText = std::move(out.timelineText);
        ++timelineTextsPublished;
      }
    };
  }
  void applyIntents() {
    for (const Action& a : intents) state = update(std::move(state), a, kNowMs).state;
    intents.clear();
  }
  const TimelineView& tv() const { return view.timeline; }
  double timeAt(float x) const { return tv().startSeconds + static_cast<double>(x - tv().canvasX) * tv().secondsPerPixel; }
  // The middle of a batch's bar on screen, from the view's geometry of the last frame.
  ImVec2 barCenter(const std::string& batchId) const {
    for (const TimelineBar& bar : state.lanes.bars) {
      if (state.timeline->batches[bar.batch].batchId != batchId) continue;
      const double middle = (static_cast<double>(bar.begin) + static_cast<double>(barEnd(bar, kNow))) / 2;
      return {tv().canvasX + static_cast<float>((middle - tv().startSeconds) / tv().secondsPerPixel),
              tv().lanesTop + (static_cast<float>(bar.lane) + 0.5f) * tv().laneHeight};
    }
    FAIL("no bar for " << batchId);
    return {};
  }
};

std::string row(const std::string& id, const std::string& name, const std::string& status, UnixSeconds beganAgo,
                std::optional<UnixSeconds> endedAgo, int success = 4, int total = 4) {
  std::string r = R"({"BatchId":")" + id + R"(","TaskName":")" + name + R"(","Status":")" + status +
                  R"(","TotalCount":)" + std::to_string(total) + R"(,"SuccessCount":)" + std::to_string(success) +
                  R"(,"TaskBegin":")" + formatIsoUtc(kNow - beganAgo) + "\"";
  if (endedAgo) r += R"(,"TaskEnd":")" + formatIsoUtc(kNow - *endedAgo) + "\"";
  return r + "}";
}

std::string page(const std::vector<std::string>& rows, long long total) {
  std::string tasks;
  for (const std::string& r : rows) tasks += (tasks.empty() ? "" : ",") + r;
  return R"({"TaskList":[)" + tasks + R"(],"TotalCount":)" + std::to_string(total) + "}";
}

// Four batches over the last four hours; gamma still runs (a quarter done).
const std::vector<std::string>& fourBatches() {
  static const std::vector<std::string> rows = {
      row("pcb-a", "alpha", "COMPLETED", 4 * 3600, 3 * 3600),
      row("pcb-b", "beta", "FAILED", 3 * 3600 + 1800, 2 * 3600, 1),
      row("pcb-c", "gamma", "RUNNING", 3600, std::nullopt, 1),
      row("pcb-d", "delta", "COMPLETED", 2 * 3600 + 1800, 3600 + 1800),
  };
  return rows;
}

// The model with the timeline shown: the list's page, then the timeline's
// first page, answered with `rows` of `total`.
AppState timelineState(const std::vector<std::string>& rows, long long total, bool timelineShown = true) {
  AppState s;
  if (timelineShown) s = update(std::move(s), act::SetView{ViewMode::Timeline}, kNowMs).state;
  s = update(std::move(s), act::Start{}, kNowMs).state;
  REQUIRE(s.list.inFlight);
  s = update(std::move(s), act::ResponseArrived{s.list.activeId, 200, page(rows, total)}, kNowMs).state;
  if (!timelineShown) return s;
  REQUIRE(s.timelineRequest.inFlight);
  s = update(std::move(s), act::ResponseArrived{s.timelineRequest.activeId, 200, page(rows, total)}, kNowMs).state;
  REQUIRE(s.timeline);
  return s;
}

Widget shownWith(const std::vector<std::string>& rows) {
  Widget w;
  w.state = timelineState(rows, static_cast<long long>(rows.size()));
  REQUIRE(w.state.timeline->complete);
  return w;
}

std::string textDrawn(UiHarness& ui, Widget& w) { return ui.textOf(w.draw()); }

void moveMouse(UiHarness& ui, Widget& w, ImVec2 at) {
  ImGui::GetIO().AddMousePosEvent(at.x, at.y);
  ui.frame(w.draw());
}

template <class T>
const T* lastIntent(const Widget& w) {
  return test::lastOf<T>(w.intents);
}

}  // namespace

TEST_CASE("timeline: the toolbar's toggle switches between the table and the timeline") {
  UiHarness ui;
  Widget w;
  w.state = timelineState(fourBatches(), 4, false);
  ui.settle(w.draw());
  CHECK(ui.find("pcb-a"));  // the table's rows
  CHECK_FALSE(ui.find(kCanvas));
  ui.click("Timeline", w.draw());
  REQUIRE(lastIntent<act::SetView>(w));
  CHECK(lastIntent<act::SetView>(w)->view == ViewMode::Timeline);
  w.applyIntents();
  ui.settle(w.draw());
  CHECK(ui.find(kCanvas));
  CHECK_FALSE(ui.find("pcb-a"));
  CHECK_FALSE(ui.find("Next"));  // no paging bar: the timeline shows every page
  ui.click("Table", w.draw());
  REQUIRE(lastIntent<act::SetView>(w));
  CHECK(lastIntent<act::SetView>(w)->view == ViewMode::Table);
}

TEST_CASE("timeline: every batch is a bar in its lane, the view fitted to them all") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  ui.settle(w.draw());
  const std::string text = textDrawn(ui, w);
  CHECK(text.find("4 batches") != std::string::npos);
  CHECK(text.find("Times in UTC") != std::string::npos);
  const TimelineView& tv = w.tv();
  REQUIRE(tv.secondsPerPixel > 0);
  // From the first begin (4 h ago) to now, all on the canvas.
  CHECK(w.timeAt(tv.canvasX) < static_cast<double>(kNow - 4 * 3600));
  CHECK(w.timeAt(tv.canvasX + tv.canvasWidth) > static_cast<double>(kNow));
  for (const char* id : {"pcb-a", "pcb-b", "pcb-c", "pcb-d"}) {
    CAPTURE(id);
    const ImVec2 c = w.barCenter(id);
    CHECK(c.x > tv.canvasX);
    CHECK(c.x < tv.canvasX + tv.canvasWidth);
    CHECK(c.y > tv.lanesTop);
    CHECK(c.y < tv.canvasY + tv.canvasHeight);
  }
  // Overlapping batches get lanes of their own: alpha and beta overlap.
  CHECK(w.barCenter("pcb-a").y != w.barCenter("pcb-b").y);
}

TEST_CASE("timeline: the wheel zooms around the pointer") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  ui.settle(w.draw());
  const TimelineView& tv = w.tv();
  const ImVec2 pointer(tv.canvasX + tv.canvasWidth * 0.3f, tv.canvasY + tv.canvasHeight * 0.8f);
  moveMouse(ui, w, pointer);
  const double under = w.timeAt(pointer.x);
  const double before = tv.secondsPerPixel;
  ImGui::GetIO().AddMouseWheelEvent(0, 1);  // towards the person: in
  ui.frame(w.draw());
  CHECK(tv.secondsPerPixel < before * 0.9);
  CHECK(std::abs(w.timeAt(pointer.x) - under) < 1e-6 * std::abs(under));
  CHECK_FALSE(tv.followData);  // the data loading on no longer moves the view
  ImGui::GetIO().AddMouseWheelEvent(0, -2);  // out, past where it began
  ui.frame(w.draw());
  CHECK(tv.secondsPerPixel > before);
  CHECK(std::abs(w.timeAt(pointer.x) - under) < 1e-6 * std::abs(under));
  // Elsewhere than the canvas the wheel does not zoom it.
  const double now = tv.secondsPerPixel;
  moveMouse(ui, w, ImVec2(tv.canvasX + 10, tv.canvasY - 60));
  ImGui::GetIO().AddMouseWheelEvent(0, 1);
  ui.frame(w.draw());
  CHECK(tv.secondsPerPixel == now);
}

TEST_CASE("timeline: a drag pans time and opens nothing") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  ui.settle(w.draw());
  const TimelineView& tv = w.tv();
  const ImVec2 from = w.barCenter("pcb-b");  // a drag that starts on a bar pans too
  moveMouse(ui, w, from);
  const double start = tv.startSeconds;
  const double perPixel = tv.secondsPerPixel;
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  ui.frame(w.draw());
  moveMouse(ui, w, ImVec2(from.x + 60, from.y));
  moveMouse(ui, w, ImVec2(from.x + 150, from.y));
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  ui.frame(w.draw());
  CHECK(tv.startSeconds == doctest::Approx(start - 150 * perPixel));
  CHECK(tv.secondsPerPixel == perPixel);
  CHECK_FALSE(lastIntent<act::SelectBatch>(w));
  // What was under the pointer is still under it.
  CHECK(w.barCenter("pcb-b").x == doctest::Approx(from.x + 150).epsilon(0.001));
}

TEST_CASE("timeline: hovering a bar tells its batch, and a click opens its details beside the timeline") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  ui.settle(w.draw());
  moveMouse(ui, w, w.barCenter("pcb-b"));
  std::string text = textDrawn(ui, w);
  CHECK(text.find("beta") != std::string::npos);
  CHECK(text.find("pcb-b") != std::string::npos);
  CHECK(text.find("Begin (UTC): " + formatDisplayTime(kNow - 3 * 3600 - 1800)) != std::string::npos);
  CHECK(text.find("End (UTC): " + formatDisplayTime(kNow - 2 * 3600)) != std::string::npos);
  CHECK(text.find("1 of 4 succeeded") != std::string::npos);
  CHECK(text.find("Expected to end") == std::string::npos);  // it ended

  const ImVec2 at = w.barCenter("pcb-b");
  ImGuiIO& io = ImGui::GetIO();
  moveMouse(ui, w, at);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  ui.frame(w.draw());
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  ui.frame(w.draw());
  REQUIRE(lastIntent<act::SelectBatch>(w));
  CHECK(lastIntent<act::SelectBatch>(w)->batchId == "pcb-b");
  const float fullWidth = w.tv().canvasWidth;
  w.applyIntents();
  CHECK(w.state.selectedBatchId == "pcb-b");
  ui.settle(w.draw());
  CHECK(ui.find("Close"));         // the detail panel
  CHECK(ui.find(kCanvas));         // beside the timeline
  CHECK(w.tv().canvasWidth < fullWidth);
}

TEST_CASE("timeline: a running batch's tooltip gives its ETA with a range") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  ui.settle(w.draw());
  moveMouse(ui, w, w.barCenter("pcb-c"));
  const std::string text = textDrawn(ui, w);
  CHECK(text.find("gamma") != std::string::npos);
  CHECK(text.find("End (UTC): running") != std::string::npos);
  // A quarter done in an hour since TaskBegin: three more hours, as the model estimates.
  const auto o = w.state.observations.find("pcb-c");
  REQUIRE(o != w.state.observations.end());
  const std::optional<Eta> eta = etaOf(o->second, w.state.timeline->batches[2]);
  REQUIRE(eta);
  CHECK(text.find("Expected to end " + formatDisplayTime(eta->atMs / 1000) + " (between " +
                  formatDisplayTime(eta->earliestMs / 1000) + " and " + formatDisplayTime(eta->latestMs / 1000) + ")") !=
        std::string::npos);
}

TEST_CASE("timeline: the keyboard pans, zooms, walks the bars in time order and opens one") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  ui.settle(w.draw());
  const TimelineView& tv = w.tv();
  // Focus the canvas with a click on its axis, where there is no bar.
  ImGuiIO& io = ImGui::GetIO();
  moveMouse(ui, w, ImVec2(tv.canvasX + 5, tv.canvasY + 3));
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  ui.frame(w.draw());
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  ui.frame(w.draw());
  CHECK_FALSE(lastIntent<act::SelectBatch>(w));

  const double start = tv.startSeconds, perPixel = tv.secondsPerPixel;
  ui.pressKey(ImGuiKey_RightArrow, w.draw());
  CHECK(tv.startSeconds == doctest::Approx(start + 0.1 * tv.canvasWidth * perPixel));
  ui.pressKey(ImGuiKey_LeftArrow, w.draw());
  CHECK(tv.startSeconds == doctest::Approx(start));
  ui.pressKey(ImGuiKey_Equal, w.draw());
  CHECK(tv.secondsPerPixel == doctest::Approx(perPixel * 0.8));
  ui.pressKey(ImGuiKey_Minus, w.draw());
  CHECK(tv.secondsPerPixel == doctest::Approx(perPixel));

  ui.pressKey(ImGuiKey_DownArrow, w.draw());
  CHECK(tv.cursorBatchId == "pcb-a");  // the first to begin
  ui.pressKey(ImGuiKey_DownArrow, w.draw());
  CHECK(tv.cursorBatchId == "pcb-b");
  ui.pressKey(ImGuiKey_DownArrow, w.draw());
  CHECK(tv.cursorBatchId == "pcb-d");
  ui.pressKey(ImGuiKey_UpArrow, w.draw());
  CHECK(tv.cursorBatchId == "pcb-b");
  CHECK_FALSE(lastIntent<act::SelectBatch>(w));
  ui.pressKey(ImGuiKey_Enter, w.draw());
  REQUIRE(lastIntent<act::SelectBatch>(w));
  CHECK(lastIntent<act::SelectBatch>(w)->batchId == "pcb-b");
  // Home shows everything again.
  ui.pressKey(ImGuiKey_Equal, w.draw());
  ui.pressKey(ImGuiKey_Home, w.draw());
  ui.frame(w.draw());
  CHECK(tv.secondsPerPixel == doctest::Approx(perPixel));
}

TEST_CASE("timeline: loading says how far it got, and the list for screen readers follows what is in view") {
  UiHarness ui;
  std::vector<std::string> rows;
  for (int i = 0; i < 100; ++i)
    rows.push_back(row("pcb-" + std::to_string(i), "n" + std::to_string(i), "COMPLETED", 100 * 60 + i * 60, 100 * 60 + i * 60 - 30));
  Widget w;
  w.state = timelineState(rows, 250);
  REQUIRE_FALSE(w.state.timeline->complete);
  ui.settle(w.draw());
  CHECK(textDrawn(ui, w).find("Loading 100 of 250\u2026") != std::string::npos);

  REQUIRE(w.timelineText);
  CHECK(w.timelineText->shown);
  CHECK(w.timelineText->caption == "Timeline of batch tasks: 100 of 100 in view");
  REQUIRE(w.timelineText->items.size() == 100);
  // In time order: the oldest first, "name, status, begin – end".
  CHECK(w.timelineText->batchIds.front() == "pcb-99");
  CHECK(w.timelineText->items.front() == "n99, COMPLETED, " + formatDisplayTime(kNow - 100 * 60 - 99 * 60) + " \u2013 " +
                                              formatDisplayTime(kNow - 100 * 60 - 99 * 60 + 30));
  CHECK(w.timelineText->actions.front() == "Show the details of pcb-99");
  // Unchanged frames publish nothing new; zooming in on the newest bars lists only them.
  const int published = w.timelineTextsPublished;
  ui.settle(w.draw());
  CHECK(w.timelineTextsPublished == published);
  const TimelineView& tv = w.tv();
  moveMouse(ui, w, ImVec2(w.barCenter("pcb-0").x, tv.canvasY + tv.canvasHeight - 5));
  ImGui::GetIO().AddMouseWheelEvent(0, 12);
  ui.frame(w.draw());
  ui.frame(w.draw());
  // A moving view is listed once it has stayed put for 250 ms: a frame then is asked for.
  CHECK(w.timelineTextsPublished == published);
  CHECK(w.redrawAfterMs > 0);
  CHECK(w.redrawAfterMs <= 250);
  w.now += 250;
  ui.frame(w.draw());
  CHECK(w.timelineTextsPublished == published + 1);
  REQUIRE(w.timelineText);
  CHECK(w.timelineText->items.size() < 100);
  CHECK(w.timelineText->items.size() >= 1);
  CHECK(std::find(w.timelineText->batchIds.begin(), w.timelineText->batchIds.end(), "pcb-99") == w.timelineText->batchIds.end());

  // Back to the table: the list says it is gone, once.
  w.state = update(std::move(w.state), act::SetView{ViewMode::Table}, kNowMs).state;
  ui.frame(w.draw());
  REQUIRE(w.timelineText);
  CHECK_FALSE(w.timelineText->shown);
  const int afterLeaving = w.timelineTextsPublished;
  ui.settle(w.draw());
  CHECK(w.timelineTextsPublished == afterLeaving);
}

TEST_CASE("timeline: capped, the model's note says so") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  w.state.timeline->capped = true;
  w.state.timeline->totalCount = 25000;
  ui.settle(w.draw());
  CHECK(textDrawn(ui, w).find("The timeline shows the newest 4 of 25,000 batches") != std::string::npos);
}

TEST_CASE("timeline: in Chinese, everything the timeline writes itself is translated") {
  const Translator zh(Language::Chinese);
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  w.translator = &zh;
  ui.settle(w.draw());
  CHECK(ui.find("时间线"));
  CHECK(ui.find("表格"));
  moveMouse(ui, w, w.barCenter("pcb-c"));  // a running bar: the tooltip with an ETA
  std::string text = textDrawn(ui, w);
  CHECK(text.find("预计") != std::string::npos);
  moveMouse(ui, w, w.barCenter("pcb-b"));
  text = textDrawn(ui, w);
  CHECK(text.find("开始（UTC）") != std::string::npos);
  REQUIRE(w.timelineText);
  CHECK(w.timelineText->caption.find("时间线") != std::string::npos);
  ui.click("?", w.draw());  // the shortcuts, timeline keys among them
  ui.settle(w.draw());
  // Data, and the shortcuts' key names.
  const std::set<std::string> data = {"alpha", "beta", "gamma", "delta", "R", "N", "P", "/", "Esc", "Ctrl+C"};
  for (const std::string& t : zh.untranslated()) {
    CAPTURE(t);
    CHECK(data.count(t) == 1);
  }
}

TEST_CASE("timeline: a text find leaves out the bars it does not match, and the list for screen readers with them") {
  UiHarness ui;
  Widget w = shownWith(fourBatches());
  ui.settle(w.draw());
  REQUIRE(w.timelineText);
  CHECK(w.timelineText->batchIds.size() == 4);

  w.state = update(std::move(w.state), act::Find{"ALPHA"}, kNowMs).state;  // by name, ignoring case
  REQUIRE(w.state.findKind == FindKind::Text);
  ui.settle(w.draw());
  w.now += 250;  // the list follows once the view has stayed put
  ui.frame(w.draw());
  REQUIRE(w.timelineText);
  CHECK(w.timelineText->batchIds == std::vector<std::string>{"pcb-a"});

  w.state = update(std::move(w.state), act::Find{""}, kNowMs).state;  // cleared: every bar again
  ui.settle(w.draw());
  w.now += 250;
  ui.frame(w.draw());
  REQUIRE(w.timelineText);
  CHECK(w.timelineText->batchIds.size() == 4);
}

TEST_CASE("timeline: a pan in progress publishes no list, and the view it stops on is listed once it stays put") {
  UiHarness ui;
  std::vector<std::string> rows;
  for (int i = 0; i < 100; ++i)
    rows.push_back(row("pcb-" + std::to_string(i), "n" + std::to_string(i), "COMPLETED", 100 * 60 + i * 60, 100 * 60 + i * 60 - 30));
  Widget w = shownWith(rows);
  ui.settle(w.draw());
  const int published = w.timelineTextsPublished;
  REQUIRE(w.timelineText);
  const std::size_t before = w.timelineText->items.size();
  const TimelineView& tv = w.tv();
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 from(tv.canvasX + tv.canvasWidth * 0.5f, tv.canvasY + tv.canvasHeight * 0.5f);
  moveMouse(ui, w, from);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  ui.frame(w.draw());
  for (int step = 1; step <= 20; ++step) {  // a drag across half the canvas, a frame every 100 ms
    w.now += 100;
    moveMouse(ui, w, ImVec2(from.x + static_cast<float>(step) * tv.canvasWidth / 40, from.y));
  }
  CHECK(w.timelineTextsPublished == published);  // two seconds of moving, no list rebuilt
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  ui.frame(w.draw());
  CHECK(w.redrawAfterMs > 0);
  w.now += 250;
  ui.frame(w.draw());
  CHECK(w.timelineTextsPublished == published + 1);
  REQUIRE(w.timelineText);
  CHECK(w.timelineText->items.size() < before);  // half the bars went out of view
}
