// The batch task table, drawn with ImGui. It reads the model's state, holds
// only view state (text being edited, sorting, transient messages), and
// returns what the person asked for as model actions.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/app.hpp"
#include "model/failures.hpp"
#include "model/i18n.hpp"

namespace bt {

// The timeline's view: the stretch of time and the lanes shown, and the bar
// the keyboard is on. Geometry of the last frame is kept for the pointer and
// for tests.
struct TimelineView {
  double startSeconds = 0;     // the time at the canvas's left edge
  double secondsPerPixel = 0;  // 0: not placed yet
  float laneScroll = 0;        // pixels of lanes scrolled past the top
  bool followData = true;      // fit to the data as it loads, until the person zooms or pans
  std::string cursorBatchId;   // the bar the keyboard is on ("": none)
  float canvasX = 0, canvasY = 0, canvasWidth = 0, canvasHeight = 0;  // screen pixels, last frame
  float lanesTop = 0;          // screen y of lane 0's top, scrolled
  float laneHeight = 0;
  std::string textSignature;     // what the last published TimelineText was made from
  std::string pendingSignature;  // what the view shows now, not yet published ("": nothing pending)
  Millis pendingSinceMs = 0;     // since when the view has shown it
};

struct ViewState {
  // Text being edited, not yet applied.
  std::string taskTypeDraft;
  bool taskTypeDirty = false;
  Millis taskTypeEditedAtMs = 0;
  std::string rangeStartDraft, rangeEndDraft, rangeError;
  std::string pageDraft;
  // Sorting within the page: row indices in display order, for one page.
  std::vector<int> rowOrder;
  Millis rowOrderPageTime = -1;  // pageUpdatedMs of the page the order is for
  int sortColumn = -1;           // -1: the API's order
  bool sortDescending = false;
  // A short confirmation ("Copied pcb-…").
  std::string toast;
  Millis toastUntilMs = 0;
  bool focusTaskType = false;
  float detailWidth = 460.0f;
  float toolbarRightWidth = 0.0f;  // measured last frame, to right-align the group
  std::string tableTextSignature;  // what the last published TableText was made from
  std::string findDraft;           // the find field's text while it is being typed
  // The detail panel's subtask filters, for one batch: a failure cause chosen
  // among the groups, and a subtask status ("" for every one).
  std::string subtaskFiltersOf;    // the BatchId they apply to; another batch starts unfiltered
  std::optional<std::string> failureCause;
  std::string subtaskStatus;
  TimelineView timeline;
};

// What the view needs from its surroundings besides the model's state.
struct ViewContext {
  Millis now = 0;
  // Minutes east of UTC at a given instant, for local times (DST-aware in the browser).
  std::function<int(UnixSeconds)> localOffsetMinutes = [](UnixSeconds) { return 0; };
  const Translator* translator = nullptr;  // null: English
  bool reducedMotion = false;              // prefers-reduced-motion: nothing animates
};

// The table as text, for the accessibility mirror: the same text the canvas
// shows, in the columns and order the person sees.
struct TableText {
  std::string caption;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> batchIds;  // per row, to act on it
  std::string selectedBatchId;
  std::string actionsHeader;          // the column of per-row buttons
  std::vector<std::string> actions;   // per row: "Show the details of pcb-…"
};

// The timeline's bars in view as a list, for the accessibility mirror: one
// item per bar, "name, status, begin – end", in time order.
struct TimelineText {
  bool shown = false;  // false: the table is on screen instead
  std::string caption;
  std::vector<std::string> items;
  std::vector<std::string> batchIds;  // per item, to act on it
  std::vector<std::string> actions;   // per item: "Show the details of pcb-…"
  std::string selectedBatchId;
};

struct ViewOutput {
  std::vector<Action> intents;
  bool drewRows = false;  // at least one batch row was drawn this frame
  // When, idle, the next frame is due because drawn text will change (an age,
  // a countdown); 0: not until something happens.
  Millis redrawAfterMs = 0;
  // Set only when the table's text changed since the last frame.
  std::optional<TableText> tableText;
  // Set only when the timeline's list changed since the last frame, or the
  // timeline was left (shown: false).
  std::optional<TimelineText> timelineText;
};

// Draws the widget filling the whole ImGui viewport.
ViewOutput drawWidget(const AppState& state, ViewState& view, const ViewContext& context);

// Debounce for typed filters: applied on Enter, or after this pause in typing.
inline constexpr Millis kTypingDebounceMs = 700;

}  // namespace bt
