// "Since you last looked": one line above the table when the model has a
// digest ("Since 14:02: 2 failed · 3 completed · 1 new"), each part a link
// that filters to it, and a button that dismisses it.
#include <imgui_internal.h>

#include "model/time.hpp"
#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {
namespace {

// The time the digest counts from, as other times are shown (UTC or local):
// the clock alone when it is today, else the date too.
std::string sinceText(const Frame& f, Millis sinceMs) {
  const UnixSeconds since = sinceMs / 1000;
  const bool local = f.s.timeZone == TimeZoneMode::Local;
  const std::string then = formatDisplayTime(since, local ? f.ctx.localOffsetMinutes(since) : 0);
  const std::string today = formatDisplayTime(f.nowSeconds(), local ? f.ctx.localOffsetMinutes(f.nowSeconds()) : 0);
  return then.substr(0, 10) == today.substr(0, 10) ? then.substr(11, 5) : then.substr(0, 16);
}

// A part of the line that filters to what it counts; named for the hooks
// (ImGui's text links are not), so tests and screen readers find it.
bool link(const std::string& text, const char* id, const char* tooltip) {
  const std::string label = text + "###" + id;
  const bool clicked = ImGui::TextLink(label.c_str());
  labelLastItem(label.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
  return clicked;
}

void separator() {
  ImGui::SameLine(0, 6);
  ImGui::TextDisabled("\u00B7");
  ImGui::SameLine(0, 6);
}

}  // namespace

void drawDigestLine(Frame& f) {
  if (!f.s.digest) return;
  const Digest& d = *f.s.digest;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(f.format(Message{MessageId::DigestSince, {sinceText(f, d.sinceMs)}}).c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", f.say("What changed while you were away, by the totals for these filters ({} {})",
                                  formatDisplayTime(d.sinceMs / 1000, f.s.timeZone == TimeZoneMode::Local
                                                                           ? f.ctx.localOffsetMinutes(d.sinceMs / 1000)
                                                                           : 0),
                                  f.tr(f.zoneLabel())).c_str());
  ImGui::SameLine();
  bool first = true;
  auto next = [&] {
    if (!first) separator();
    first = false;
  };
  if (d.failed > 0) {
    next();
    if (link(f.format(Message{MessageId::DigestFailed, {std::to_string(d.failed)}}), "digest-failed",
             f.text("Show the failed batches")))
      f.intent(act::SetStatuses{{TaskStatus::Failed}});
  }
  if (d.completed > 0) {
    next();
    if (link(f.format(Message{MessageId::DigestCompleted, {std::to_string(d.completed)}}), "digest-completed",
             f.text("Show the completed batches")))
      f.intent(act::SetStatuses{{TaskStatus::Completed}});
  }
  if (d.added > 0) {
    next();
    if (link(f.format(Message{MessageId::DigestAdded, {std::to_string(d.added)}}), "digest-added",
             f.text("Show the batches created since then")))
      f.intent(act::SetTimeRange{d.sinceMs / 1000, std::nullopt});
  }
  if (first) ImGui::TextDisabled("%s", f.format(Message{MessageId::DigestNothing}).c_str());
  ImGui::SameLine(0, 12);
  if (ImGui::SmallButton("\u00D7###dismiss-digest")) f.intent(act::DismissDigest{});
  labelLastItem(f.text("Dismiss the summary"));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.text("Dismiss the summary"));
}

}  // namespace bt::view
