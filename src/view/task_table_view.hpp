// The batch task table, drawn with ImGui. It reads the model's state, holds
// only view state, and returns what the person asked for as model actions.
#pragma once
#include <functional>
#include <vector>

#include "model/app.hpp"

namespace bt {

struct TaskTableViewState {
  // Nothing yet beyond what ImGui keeps itself; grows with sorting, column
  // choices and text being edited.
  int reserved = 0;
};

// What the view needs from its surroundings besides the model's state.
struct ViewContext {
  Millis now = 0;
  // Minutes east of UTC at a given instant, for local times (DST-aware in the browser).
  std::function<int(UnixSeconds)> localOffsetMinutes = [](UnixSeconds) { return 0; };
};

struct ViewOutput {
  std::vector<Action> intents;
  bool drewRows = false;  // at least one batch row was drawn this frame
  // When, idle, the next frame is due because drawn text will change (an age,
  // a countdown); 0: not until something happens.
  Millis redrawAfterMs = 0;
};

// Draws the widget filling the whole ImGui viewport.
ViewOutput drawTaskTableWidget(const AppState& state, TaskTableViewState& view, const ViewContext& context);

}  // namespace bt
