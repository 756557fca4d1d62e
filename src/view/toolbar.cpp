// The top of the widget: refresh and its state, auto-refresh, notifications,
// time zone, export and help; below it the banners for errors and notices.
#include <imgui_internal.h>

#include <algorithm>
#include <string>

#include "model/paging.hpp"
#include "model/time.hpp"
#include "view/ui_font.hpp"
#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {
namespace {

const char* autoRefreshLabel(Millis ms) {
  switch (ms) {
    case 0: return "Off";
    case 5000: return "5 s";
    case 10000: return "10 s";
    case 30000: return "30 s";
    case 60000: return "1 min";
    default: return "Custom";
  }
}

void refreshState(Frame& f) {
  const AppState& s = f.s;
  const Millis now = f.ctx.now;
  if (s.list.inFlight) {
    // A quiet spinner: three dots that advance while loading.
    // A quiet animation (three dots), still when the person asks for less motion.
    const int dots = f.ctx.reducedMotion ? 3 : static_cast<int>((now / 300) % 4);
    ImGui::TextDisabled("%s%.*s", f.text(s.page ? "Updating" : "Loading"), dots, "...");
    if (!f.ctx.reducedMotion) f.redrawWithin(300 - now % 300);
  } else if (s.list.retryAtMs) {
    const Millis left = std::max<Millis>(0, *s.list.retryAtMs - now);
    ImGui::TextDisabled("%s", f.say("Retrying in {} s (attempt {} of {})", std::to_string((left + 999) / 1000),
                                    std::to_string(s.list.attempt + 1), std::to_string(s.settings.maxAttempts)).c_str());
    f.redrawWithin(left % 1000 + 1);
  } else if (s.page) {
    // The age counts from when PolarDB gave the answer, which a cache or a
    // stale answer from the signing service puts before its arrival.
    const Millis answeredMs = s.pageAnsweredMs();
    const Message age = formatAge((now - answeredMs) / 1000);
    const std::string updated =
        s.pageSource.stale ? f.format(Message{MessageId::UpdatedStale, {age, staleReasonMessage(*s.pageSource.stale)}})
                           : f.say("Updated {}", f.format(age));
    ImGui::TextDisabled("%s", updated.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s UTC", formatDisplayTime(answeredMs / 1000).c_str());
    f.redrawWithin(msUntilAgeTextChanges(now - answeredMs));
  }
}

void exportMenu(Frame& f) {
  const AppState& s = f.s;
  if (s.exportJob) {
    const ExportJob& job = *s.exportJob;
    ImGui::TextDisabled("%s", f.say("Exporting {} of {} rows", formatCount(static_cast<std::int64_t>(job.rows.size())),
                                    job.totalPages ? formatCount(job.totalRows) : std::string("?")).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(f.label("Cancel export", "cancel-export"))) f.intent(act::CancelExport{});
    return;
  }
  if (ImGui::Button(f.label("Export", "export"))) ImGui::OpenPopup("export-menu");
  if (ImGui::BeginPopup("export-menu")) {
    const bool rows = s.page && !s.page->tasks.empty();
    if (ImGui::MenuItem(f.label("This page as CSV", "page-csv"), nullptr, false, rows)) f.intent(act::StartExport{ExportFormat::Csv, false});
    if (ImGui::MenuItem(f.label("This page as JSON", "page-json"), nullptr, false, rows)) f.intent(act::StartExport{ExportFormat::Json, false});
    ImGui::Separator();
    ImGui::TextDisabled("%s", f.text("Every page of these filters, 100 rows at a time"));
    if (ImGui::MenuItem(f.label("All pages as CSV", "all-csv"), nullptr, false, rows)) f.intent(act::StartExport{ExportFormat::Csv, true});
    if (ImGui::MenuItem(f.label("All pages as JSON", "all-json"), nullptr, false, rows)) f.intent(act::StartExport{ExportFormat::Json, true});
    ImGui::EndPopup();
  }
}

// The bell: "notify me when a batch fails", on or off; the browser asks for
// permission on the first click. Disabled, saying why, when the browser blocks it.
void notifyFailuresToggle(Frame& f) {
  const AppState& s = f.s;
  const bool on = s.notifyFailures;
  const bool blocked = s.permission == NotificationPermission::Denied;
  const float h = ImGui::GetFrameHeight();
  ImGui::BeginDisabled(blocked);
  ImGui::PushStyleColor(ImGuiCol_Button, on ? f.palette.accentSoft : f.palette.surface);
  ImGui::PushStyleColor(ImGuiCol_Border, on ? f.palette.accent : f.palette.border);
  const bool clicked = ImGui::Button("##notify-failures", ImVec2(h * 1.15f, h));
  ImGui::PopStyleColor(2);
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  drawBell(ImGui::GetWindowDrawList(), ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f), h * 0.62f,
           ImGui::GetColorU32(on ? f.palette.accent : f.palette.textMuted));
  labelLastItem(f.text("Notify me when a batch fails"), toggleFlags(on));
  ImGui::EndDisabled();
  if (clicked) f.intent(act::SetNotifyFailures{!on});
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(f.text("Notify me when a batch fails"));
    if (blocked)
      ImGui::TextColored(f.palette.danger, "%s", f.format(Message{MessageId::NotificationsBlocked}).c_str());
    else
      ImGui::TextDisabled("%s", f.text(on ? "Notifications are on; click to turn them off"
                                          : "Notifications are off; click to turn them on"));
    ImGui::EndTooltip();
  }
}

// Table or timeline: two chips, the one shown filled (and checked, to screen readers).
void viewToggle(Frame& f) {
  const ViewMode shown = f.s.view;
  const std::pair<ViewMode, const char*> choices[] = {{ViewMode::Table, "Table"}, {ViewMode::Timeline, "Timeline"}};
  bool first = true;
  for (const auto& choice : choices) {
    if (!first) ImGui::SameLine(0, 4);
    first = false;
    const bool on = shown == choice.first;
    if (chip(f.label(choice.second, std::string("view-") + choice.second), on, f.palette) && !on)
      f.intent(act::SetView{choice.first});
    labelLastItem(f.text(choice.second), toggleFlags(on));
  }
}

void helpButton(Frame& f) {
  if (ImGui::Button("?###help")) ImGui::OpenPopup("help");
  labelLastItem(f.text("Keyboard shortcuts"));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.text("Keyboard shortcuts"));
  if (ImGui::BeginPopup("help")) {
    ImGui::TextUnformatted(f.text("Keyboard shortcuts"));
    ImGui::Separator();
    static const char* const kShortcuts[][2] = {
        {"R", "Refresh"},          {"N", "Next page"},         {"P", "Previous page"},
        {"/", "Filter by task type"}, {"Esc", "Close the details"}, {"Tab, arrows, Space", "Move and activate"},
        {"Ctrl+C", "Copy the selected field"},
        {"Timeline: \u2190 \u2192, + \u2212, Home", "Pan, zoom, show all"},
        {"Timeline: \u2191 \u2193, Enter", "Choose a batch, open its details"},
    };
    if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& row : kShortcuts) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.text(row[0]));
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", f.text(row[1]));
      }
      ImGui::EndTable();
    }
    ImGui::EndPopup();
  }
}

}  // namespace

void drawToolbar(Frame& f) {
  const AppState& s = f.s;
  const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
  ImGui::AlignTextToFramePadding();
  ImGui::PushFont(boldUiFont(), 0.0f);  // the title in Roboto Medium
  ImGui::TextUnformatted(f.text("Batch tasks"));
  ImGui::PopFont();
  ImGui::SameLine(0, 16);
  viewToggle(f);
  ImGui::SameLine(0, 16);
  ImGui::BeginDisabled(!s.started || s.list.inFlight || !s.problems.empty());
  if (ImGui::Button(f.label("Refresh", "refresh"))) f.intent(act::Refresh{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", f.text("Refresh (R)"));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  refreshState(f);

  // Right-aligned group, placed by its width in the previous frame; on its
  // own line when the widget is too narrow for both.
  const float start = right - f.v.toolbarRightWidth;
  const float leftEnd = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  if (leftEnd + 16 <= start) ImGui::SameLine(start);
  ImGui::BeginGroup();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", f.text("Auto-refresh"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("1 min").x + ImGui::GetFrameHeight() * 1.6f);
  if (labelledCombo("##auto-refresh", f.text(autoRefreshLabel(s.autoRefresh.intervalMs)), f.text("Auto-refresh"))) {
    for (Millis choice : kAutoRefreshChoices)
      if (ImGui::Selectable(f.text(autoRefreshLabel(choice)), choice == s.autoRefresh.intervalMs))
        f.intent(act::SetAutoRefresh{choice});
    ImGui::EndCombo();
  }
  if (s.autoRefresh.intervalMs > 0) {
    ImGui::SameLine();
    bool pause = s.autoRefresh.pauseWhenSettled;
    if (ImGui::Checkbox(f.label("Pause when idle", "pause-when-idle"), &pause)) f.intent(act::SetPauseWhenSettled{pause});
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", f.text("Stop refreshing while no batch on this page is running or dispatching"));
  }
  ImGui::SameLine(0, 16);
  notifyFailuresToggle(f);
  ImGui::SameLine(0, 16);
  if (chip(f.label("UTC", "utc"), s.timeZone == TimeZoneMode::Utc, f.palette)) f.intent(act::SetTimeZone{TimeZoneMode::Utc});
  ImGui::SameLine(0, 4);
  if (chip(f.label("Local time", "local-time"), s.timeZone == TimeZoneMode::Local, f.palette)) f.intent(act::SetTimeZone{TimeZoneMode::Local});
  ImGui::SameLine(0, 16);
  exportMenu(f);
  ImGui::SameLine();
  helpButton(f);
  ImGui::EndGroup();
  f.v.toolbarRightWidth = ImGui::GetItemRectSize().x;
}

void drawBanners(Frame& f) {
  const AppState& s = f.s;
  const Palette& p = f.palette;
  if (!s.notices.empty()) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.warningSoft);
    ImGui::BeginChild("notices", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_Borders);
    for (const Message& n : s.notices) ImGui::TextWrapped("%s", f.format(n).c_str());
    if (ImGui::SmallButton(f.label("Dismiss", "dismiss"))) f.intent(act::DismissNotices{});
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  for (const QueryProblem& problem : s.problems) {
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::TextWrapped("%s %s", f.format(problem.message).c_str(), f.text("The table shows the last rows that loaded."));
    ImGui::PopStyleColor();
  }
  if (!s.list.error) return;
  const ApiError& e = *s.list.error;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, p.dangerSoft);
  ImGui::BeginChild("error", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_Borders);
  ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
  // The code and message as they came; messages the widget wrote itself are translated.
  ImGui::TextWrapped("%s%s%s", e.code.c_str(), e.code.empty() ? "" : ": ", f.format(e.message).c_str());
  ImGui::PopStyleColor();
  std::string details;
  if (e.httpStatus) details = "HTTP " + std::to_string(e.httpStatus);
  if (!e.requestId.empty()) details += (details.empty() ? "" : " \u00B7 ") + f.say("RequestId {}", e.requestId);
  if (!details.empty()) {
    ImGui::TextDisabled("%s", details.c_str());
    if (!e.requestId.empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton(f.label("Copy RequestId", "copy-request-id"))) f.copy(e.requestId, f.say("Copied {}", e.requestId));
    }
  }
  if (!e.recommend.empty()) ImGui::TextDisabled("%s", f.say("Troubleshooting: {}", e.recommend).c_str());
  if (s.page)
    ImGui::TextDisabled("%s", f.say("The rows below are from {} and may be out of date.",
                                    f.format(formatAge((f.ctx.now - s.pageAnsweredMs()) / 1000))).c_str());
  if (!s.list.inFlight) {
    if (ImGui::Button(s.list.retryAtMs ? f.label("Retry now", "retry-now") : f.label("Retry", "retry"))) f.intent(act::Refresh{});
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

void handleShortcuts(Frame& f) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) return;
  if (io.KeyCtrl || io.KeySuper || io.KeyAlt) return;
  if (ImGui::IsKeyPressed(ImGuiKey_R, false) && f.s.list.inFlight == false) f.intent(act::Refresh{});
  if (ImGui::IsKeyPressed(ImGuiKey_N, false)) f.intent(act::NextPage{});
  if (ImGui::IsKeyPressed(ImGuiKey_P, false)) f.intent(act::PrevPage{});
  if (ImGui::IsKeyPressed(ImGuiKey_Slash, false) && !io.KeyShift) f.v.focusTaskType = true;
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && !f.s.selectedBatchId.empty()) f.intent(act::SelectBatch{""});
}

}  // namespace bt::view
