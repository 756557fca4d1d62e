// What every part of the view draws with during one frame: the model's state,
// the view's own state, and where intents and redraw requests go.
#pragma once
#include <imgui.h>

#include <deque>
#include <string>

#include "model/i18n.hpp"
#include "view/widget.hpp"
#include "view/theme.hpp"

namespace bt::view {

struct Frame {
  const AppState& s;
  ViewState& v;
  const ViewContext& ctx;
  ViewOutput& out;
  const Palette& palette;
  const Translator& tr;
  std::deque<std::string> labels = {};  // composed labels, alive for the frame

  // The view's own text, translated, for ImGui calls (alive as long as the program).
  const char* text(const char* english) const { return tr(english); }
  // A translated label with an ID that does not change with the language.
  const char* label(std::string_view english, std::string_view id) {
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
  // A time of day in the chosen zone ("14:32"), with the date ("04-07 14:32")
  // when it is not today's.
  std::string clockTime(Millis ms) const;
  const char* zoneLabel() const { return s.timeZone == TimeZoneMode::Utc ? "UTC" : "local"; }
  UnixSeconds nowSeconds() const { return ctx.now / 1000; }
};

}  // namespace bt::view
