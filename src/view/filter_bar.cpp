// Filters: the region (when the service serves several), task type (typed or
// picked), status chips with their true totals for the current filters, the
// stalled batches, a time range (presets or custom), and one click to clear
// them all.
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <set>

#include "model/task_query.hpp"
#include "model/time.hpp"
#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {
namespace {

struct RangePreset {
  const char* label;
  UnixSeconds seconds;
};
constexpr RangePreset kPresets[] = {
    {"Last hour", 3600}, {"Last 24 hours", 86400}, {"Last 7 days", 7 * 86400}, {"Last 30 days", 30 * 86400}};

std::string rangeLabel(const Frame& f) {
  const TaskQuery& q = f.s.query;
  if (!q.startTime && !q.endTime) return f.tr("Any time");
  auto show = [&](UnixSeconds t) {
    const int offset = f.s.timeZone == TimeZoneMode::Local ? f.ctx.localOffsetMinutes(t) : 0;
    return formatDisplayTime(t, offset).substr(0, 16);
  };
  if (q.startTime && !q.endTime) return f.say("Since {}", show(*q.startTime));
  if (!q.startTime) return f.say("Until {}", show(*q.endTime));
  return show(*q.startTime) + " \u2013 " + show(*q.endTime);
}

// The region picker, shown only when the service serves more than one region.
// Choosing the default region asks for no region at all (the link and the
// request stay those of the default view). Returns whether it drew.
bool regionPicker(Frame& f) {
  const std::optional<ServiceConfig>& service = f.s.service;
  if (!service || !service->offersRegionChoice()) return false;
  const std::string& chosen = f.s.query.region;
  auto name = [&](const std::string& region) {
    return region == service->defaultRegion ? f.say("{} (default)", region) : region;
  };
  const std::string preview = name(chosen.empty() ? service->defaultRegion : chosen);
  float width = 0;
  for (const std::string& region : service->regions) width = std::max(width, ImGui::CalcTextSize(name(region).c_str()).x);
  ImGui::SetNextItemWidth(width + ImGui::GetFrameHeight() * 1.8f);
  if (labelledCombo("##region", preview.c_str(), f.text("Region"))) {
    for (const std::string& region : service->regions) {
      const bool isDefault = region == service->defaultRegion;
      const bool selected = chosen == region || (chosen.empty() && isDefault);
      const std::string item = name(region) + "###region-" + region;
      if (ImGui::Selectable(item.c_str(), selected) && !selected) f.intent(act::SetRegion{isDefault ? "" : region});
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.text("The region whose batch tasks are listed"));
  return true;
}

void taskTypeFilter(Frame& f) {
  ViewState& v = f.v;
  const std::string& applied = f.s.query.taskType;
  // Follow the applied filter (a link, the embedding page) unless the person is typing.
  if (!v.taskTypeDirty && ImGui::GetActiveID() != ImGui::GetID("##task-type")) v.taskTypeDraft = applied;
  if (v.focusTaskType) {
    ImGui::SetKeyboardFocusHere();
    v.focusTaskType = false;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 15.0f);
  const bool enter = ImGui::InputTextWithHint("##task-type", f.text("All task types"), &v.taskTypeDraft,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  labelLastItem(f.text("Task type"), textFieldFlags());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.text("Task type: type one and press Enter, or pick one (/ to focus)"));
  if (ImGui::IsItemEdited()) {
    v.taskTypeDirty = true;
    v.taskTypeEditedAtMs = f.ctx.now;
  }
  const bool settled = v.taskTypeDirty && f.ctx.now - v.taskTypeEditedAtMs >= kTypingDebounceMs;
  if (enter || settled) {
    if (v.taskTypeDraft != applied) f.intent(act::SetTaskType{v.taskTypeDraft});
    v.taskTypeDirty = false;
  } else if (v.taskTypeDirty) {
    f.redrawWithin(kTypingDebounceMs - (f.ctx.now - v.taskTypeEditedAtMs));
  }
  ImGui::SameLine(0, 2);
  if (ImGui::ArrowButton("##task-types", ImGuiDir_Down)) ImGui::OpenPopup("task-type-choices");
  labelLastItem(f.text("Choose a task type"));
  if (ImGui::BeginPopup("task-type-choices")) {
    std::set<std::string> types(kKnownTaskTypes.begin(), kKnownTaskTypes.end());
    if (f.s.page)
      for (const BatchTask& t : f.s.page->tasks)
        if (!t.taskType.empty()) types.insert(t.taskType);
    if (ImGui::Selectable(f.label("All task types", "all-types"), applied.empty())) f.intent(act::SetTaskType{""});
    for (const std::string& type : types)
      if (ImGui::Selectable(type.c_str(), type == applied)) {
        f.intent(act::SetTaskType{type});
        v.taskTypeDirty = false;
      }
    ImGui::EndPopup();
  }
}

void statusChips(Frame& f) {
  bool first = true;
  for (std::size_t slot = 0; slot < kAllTaskStatuses.size(); ++slot) {
    const TaskStatus status = kAllTaskStatuses[slot];
    const std::string name(statusName(status));
    // The total for the current filters on every page; "…" while it is being
    // counted, "?" when it could not be.
    const std::optional<std::int64_t> total = currentTotal(f.s, status);
    const RequestChannel& counting = f.s.counts[slot];
    const bool countFailed = counting.error && !counting.busy();
    const std::string shown = total ? std::to_string(*total) : countFailed ? "?" : "\u2026";
    // The ID stays while the number changes: the chip keeps its identity (focus, the mirror).
    const std::string label = f.tr(name) + " " + shown + "###status-" + name;
    const bool active = f.s.query.includesStatus(status);
    const StatusLook look = statusLook(name, f.palette);
    flowNext(buttonWidth(label.c_str()), first ? 16.0f : 4.0f);
    first = false;
    ImGui::PushStyleColor(ImGuiCol_Text, look.color);
    if (chip(label.c_str(), active, f.palette)) f.intent(act::ToggleStatus{status});
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(f.say(active ? "Stop showing only {}" : "Show only {}", f.tr(name)).c_str());
      if (total)
        ImGui::TextDisabled("%s", f.text("Batches with this status for the current filters, on every page"));
      else if (!countFailed)
        ImGui::TextDisabled("%s", f.text("Counting\u2026"));
      if (countFailed)
        ImGui::TextColored(f.palette.danger, "%s",
                           f.say(total ? "The latest count failed: {}" : "Could not count: {}",
                                 f.format(counting.error->message)).c_str());
      ImGui::EndTooltip();
    }
  }
}

// "Stalled (N)": only the batches on this page that show no progress; shown
// while there are some, or while the table shows only them.
void stalledChip(Frame& f) {
  const std::size_t stalled = stalledBatches(f.s).size();
  if (stalled == 0 && !f.s.stalledOnly) return;
  const std::string label = f.say("Stalled ({})", std::to_string(stalled)) + "###stalled";
  flowNext(buttonWidth(label.c_str()), 8.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, f.palette.warning);
  if (chip(label.c_str(), f.s.stalledOnly, f.palette)) f.intent(act::SetStalledOnly{!f.s.stalledOnly});
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", f.s.stalledOnly ? f.text("Show every row again")
                                            : f.say("Show only the batches on this page with no progress for {} or more",
                                                    f.format(formatDuration(f.s.stallMs / 1000))).c_str());
}

void timeRange(Frame& f) {
  ViewState& v = f.v;
  const std::string label = rangeLabel(f);
  const float width = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetFrameHeight() * 1.8f;
  flowNext(width, 12);
  ImGui::SetNextItemWidth(width);
  bool openCustom = false;
  if (labelledCombo("##time-range", label.c_str(), f.text("Time range"))) {
    if (ImGui::Selectable(f.label("Any time", "any-time"), !f.s.query.startTime && !f.s.query.endTime))
      f.intent(act::SetTimeRange{std::nullopt, std::nullopt});
    for (const RangePreset& preset : kPresets)
      if (ImGui::Selectable(f.text(preset.label))) f.intent(act::SetTimeRange{f.nowSeconds() - preset.seconds, std::nullopt});
    if (ImGui::Selectable(f.label("Custom range\u2026", "custom-range"))) openCustom = true;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.say("When the batches were created ({})", f.tr(f.zoneLabel())).c_str());
  if (openCustom) {
    auto draft = [&](const std::optional<UnixSeconds>& t) { return t ? formatIsoUtc(*t) : std::string(); };
    v.rangeStartDraft = draft(f.s.query.startTime);
    v.rangeEndDraft = draft(f.s.query.endTime);
    v.rangeError.clear();
    ImGui::OpenPopup("custom-range");
  }
  if (ImGui::BeginPopup("custom-range")) {
    ImGui::TextUnformatted(f.text("Created between (UTC, e.g. 2026-04-06T20:51:00Z)"));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
    bool apply = ImGui::InputTextWithHint(f.label("From", "from"), f.text("any time"), &v.rangeStartDraft, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
    apply |= ImGui::InputTextWithHint(f.label("To", "to"), f.text("now"), &v.rangeEndDraft, ImGuiInputTextFlags_EnterReturnsTrue);
    if (!v.rangeError.empty()) ImGui::TextColored(f.palette.danger, "%s", v.rangeError.c_str());
    apply |= ImGui::Button(f.label("Apply", "apply"));
    ImGui::SameLine();
    if (ImGui::Button(f.label("Cancel", "cancel"))) ImGui::CloseCurrentPopup();
    if (apply) {
      auto read = [&](const std::string& text, const char* which) -> std::optional<std::optional<UnixSeconds>> {
        if (text.empty()) return std::optional<UnixSeconds>{};
        if (auto t = parseApiTime(text)) return std::optional<UnixSeconds>{t};
        v.rangeError = f.say("\u201C{}\u201D is not a time ({}).", text, f.tr(which));
        return std::nullopt;
      };
      const auto start = read(v.rangeStartDraft, "From");
      const auto end = start ? read(v.rangeEndDraft, "To") : std::nullopt;
      if (start && end) {
        // The model decides whether the range is valid; the popup says it briefly.
        TaskQuery asked = f.s.query;
        asked.startTime = *start;
        asked.endTime = *end;
        const std::vector<QueryProblem> problems = validate(asked);
        if (std::any_of(problems.begin(), problems.end(), [](const QueryProblem& p) { return p.field == "EndTime"; })) {
          v.rangeError = f.tr("The end is before the start.");
        } else {
          f.intent(act::SetTimeRange{*start, *end});
          ImGui::CloseCurrentPopup();
        }
      }
    }
    ImGui::EndPopup();
  }
}

}  // namespace

void drawFilterBar(Frame& f) {
  if (regionPicker(f)) ImGui::SameLine(0, 12);
  taskTypeFilter(f);
  statusChips(f);
  stalledChip(f);
  timeRange(f);
  const char* clear = f.label("Clear filters", "clear-filters");
  flowNext(buttonWidth(clear), 12);
  ImGui::BeginDisabled(!f.s.query.hasFilters());
  if (ImGui::Button(clear)) {
    f.intent(act::ClearFilters{});
    f.v.taskTypeDirty = false;
  }
  ImGui::EndDisabled();
  drawFindField(f);
}

}  // namespace bt::view
