// What every part of the view draws with during one frame: the model's state,
// the view's own state, and where intents and redraw requests go.
#pragma once
#include <imgui.h>

#include <deque>
#include <string>

#include "model/i18n.hpp"
#include "view/task_table_view.hpp"
#include "view/theme.hpp"

namespace bt::view {

struct Frame {
  const AppState& s;
  TaskTableViewState& v;
  const ViewContext& ctx;
  ViewOutput& out;
  const Palette& palette;
  const Translator& tr;
  std::deque<std::string> labels = {};  // composed labels, alive for the frame

  // The view's own text, translated, for ImGui calls (alive as long as the program).
  const char* T(const char* english) const { return tr(english); }
  // A translated label with an ID that does not change with the language.
  const char* L(std::string_view english, std::string_view id) {
    return labels.emplace_back(tr(english) + "###" + std::string(id)).c_str();
  }
  // The view's own format, translated, then filled: say("Page {} of {}", "2", "67").
  template <class... Values>
  std::string say(std::string_view format, const Values&... values) const {
    return tr.say(format, values...);
  }
  // A message from the model, in the person's language.
  std::string format(const Message& message) const { return tr.format(message); }

  void intent(Action a) { out.intents.push_back(std::move(a)); }
  void redrawWithin(Millis ms) {
    if (ms > 0) out.redrawAfterMs = out.redrawAfterMs > 0 ? std::min(out.redrawAfterMs, ms) : ms;
  }
  // Copies to the clipboard and confirms it briefly.
  void copy(const std::string& text, const std::string& confirmation);

  // An API time in the chosen zone ("2026-04-06 20:51:44"), or the raw text
  // when it could not be read.
  std::string displayTime(const ApiTime& t) const;
  const char* zoneLabel() const { return s.timeZone == TimeZoneMode::Utc ? "UTC" : "local"; }
  UnixSeconds nowSeconds() const { return ctx.now / 1000; }
};

// Text that fits the space left on the line, with an ellipsis when cut; the
// full text shows on hover. Returns whether it was cut.
bool elidedText(const std::string& text, float width = -1.0f);
// Status as icon, colour and text.
void statusBadge(const Frame& f, const std::string& status);
// SuccessCount of TotalCount as a bar; the failed remainder in red once the batch ended.
void progressBar(const Frame& f, const BatchTask& t, float width);
// A duration for a batch, in the person's language: fixed once ended,
// counting up while it runs.
std::string batchDuration(const Frame& f, const BatchTask& t);
// Names the last item for ImGui's item hooks where ImGui itself does not
// (combos, table headers), so tests and the accessibility layer can find it.
void labelLastItem(const char* label, int extraStatusFlags = 0);
// Status flags for labelLastItem (ImGui's internal item status flags).
int textFieldFlags();
int comboFlags(bool open);
// A combo named for the hooks; while open, ImGui's last item is its popup, so
// the name goes to the combo's own id.
bool labelledCombo(const char* id, const char* preview, const char* name);
// A table's header row with every header named as above.
void labelledHeadersRow();
// Puts the next item, `width` wide, on this line if it fits, else on a new
// line: the bars wrap instead of running off a narrow (or 200%-zoomed) widget.
void flowNext(float width, float spacing = -1.0f);
float buttonWidth(const char* label);
// A small labelled chip button; `active` fills it.
bool chip(const char* label, bool active, const Palette& p);

void drawToolbar(Frame& f);
void drawBanners(Frame& f);
void drawFilterBar(Frame& f);
void drawTable(Frame& f, float height);
void drawPagingBar(Frame& f);
void drawDetailPanel(Frame& f);
void handleShortcuts(Frame& f);

}  // namespace bt::view
