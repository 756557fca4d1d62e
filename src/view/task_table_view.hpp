// The batch task table, drawn with ImGui. It reads the model's state, holds
// only view state, and returns what the person asked for as model actions.
#pragma once
#include <vector>

#include "model/app.hpp"

namespace bt {

struct TaskTableViewState {
  // Nothing yet beyond what ImGui keeps itself; grows with sorting, column
  // choices and text being edited.
  int reserved = 0;
};

struct ViewOutput {
  std::vector<Action> intents;
  bool drewRows = false;  // at least one batch row was drawn this frame
};

// Draws the widget filling the whole ImGui viewport.
ViewOutput drawTaskTableWidget(const AppState& state, TaskTableViewState& view, Millis now);

}  // namespace bt
