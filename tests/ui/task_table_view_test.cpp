#include <doctest/doctest.h>

#include <string>

#include "ui/ui_harness.hpp"
#include "view/task_table_view.hpp"

using namespace bt;
using bt::test::UiHarness;

namespace {

// The widget over a model state, with the intents of every frame collected.
struct Widget {
  AppState state;
  TaskTableViewState view;
  std::vector<Action> intents;
  bool drewRows = false;
  Millis now = 1'775'000'000'000;

  std::function<void()> draw() {
    return [this] {
      ViewOutput out = drawTaskTableWidget(state, view, ViewContext{now});
      intents.insert(intents.end(), out.intents.begin(), out.intents.end());
      drewRows = drewRows || out.drewRows;
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
  ui.frame(w.draw());
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
  ui.frame(w.draw());
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
  ui.frame(w.draw());
  CHECK(w.drewRows);  // the last good rows are still drawn
  ui.click("Retry", w.draw());
  REQUIRE(w.intents.size() == 1);
  CHECK(std::holds_alternative<act::Refresh>(w.intents[0]));
}

TEST_CASE("clicking a row selects its batch") {
  UiHarness ui;
  Widget w;
  w.state = loadedState(5, 5);
  ui.frame(w.draw());
  ui.click("pcb-2", w.draw());
  REQUIRE(w.intents.size() == 1);
  const auto* select = std::get_if<act::SelectBatch>(&w.intents[0]);
  REQUIRE(select);
  CHECK(select->batchId == "pcb-2");
}
