// The selected batch, loaded with DescribeBatchTask: its fields and its
// subtasks, failed ones first with their error messages in full.
#include <imgui_internal.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "model/task_query.hpp"
#include "model/time.hpp"
#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {
namespace {

// The order subtasks are listed in: what needs a person first.
int subTaskRank(const std::string& status) {
  static const std::string_view kOrder[] = {statusName(TaskStatus::Failed), "HUMAN_PROCESSING", "BLOCKING",
                                            "TEMP_TERMINATED", "PAUSE", statusName(TaskStatus::Running),
                                            "WAITING", statusName(TaskStatus::Completed)};
  for (int i = 0; i < static_cast<int>(std::size(kOrder)); ++i)
    if (status == kOrder[i]) return i;
  return 1;  // unknown statuses right after failures: they may need a look too
}

// `name` is already in the person's language.
void field(const std::string& name, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", name.c_str());
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", value.empty() ? "\u2014" : value.c_str());
}

void batchFields(Frame& f, const BatchTask& b, const std::string& applicationType) {
  if (!ImGui::BeginTable("batch-fields", 2, ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  field(f.tr("Name"), b.taskName);
  field(f.tr("Type"), b.taskType);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", f.text("Status"));
  ImGui::TableNextColumn();
  statusBadge(f, b.status);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", f.text("Progress"));
  ImGui::TableNextColumn();
  progressBar(f, b, ImGui::GetContentRegionAvail().x);
  field(f.say("Begin ({})", f.tr(f.zoneLabel())), f.displayTime(b.taskBegin));
  field(f.say("End ({})", f.tr(f.zoneLabel())), b.taskEnd.empty() ? f.tr("running") : f.displayTime(b.taskEnd));
  field(f.tr("Duration"), batchDuration(f, b));
  if (!applicationType.empty()) field(f.tr("Application"), applicationType);
  ImGui::EndTable();
}

void subTasks(Frame& f, const BatchDetail& d) {
  std::map<std::string, int> counts;
  for (const SubTask& t : d.subTasks) ++counts[t.status];
  ImGui::TextUnformatted(f.say("Subtasks ({})", std::to_string(d.subTasks.size())).c_str());
  for (const auto& [status, count] : counts) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, statusLook(status, f.palette).color);
    ImGui::Text("%s %d", f.tr(status).c_str(), count);
    ImGui::PopStyleColor();
  }
  std::vector<std::size_t> order(d.subTasks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return subTaskRank(d.subTasks[a].status) < subTaskRank(d.subTasks[b].status);
  });
  // A list rather than a table: an error message needs the panel's full width.
  ImGui::BeginChild("subtasks", ImVec2(0, 0), ImGuiChildFlags_None);
  const float width = ImGui::GetContentRegionAvail().x;
  const float statusX = width * 0.42f;
  const float whenX = width * 0.72f;
  for (std::size_t i : order) {
    const SubTask& t = d.subTasks[i];
    ImGui::PushID(static_cast<int>(i));
    const float x0 = ImGui::GetCursorPosX();
    elidedText(t.instanceId.empty() ? std::string("\u2014") : t.instanceId, statusX - 8);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.say("Instance {}, subtask {}", t.instanceId, t.taskId).c_str());
    ImGui::SameLine(x0 + statusX);
    ImGui::BeginGroup();
    statusBadge(f, t.status);
    ImGui::EndGroup();
    ImGui::SameLine(x0 + whenX);
    elidedText(t.taskBegin.empty() ? std::string("\u2014") : f.displayTime(t.taskBegin).substr(5));
    if (!t.errorMsg.empty()) {
      // In full: it is what the person came for.
      ImGui::PushStyleColor(ImGuiCol_Text, f.palette.danger);
      ImGui::TextWrapped("%s", t.errorMsg.c_str());
      ImGui::PopStyleColor();
      if (ImGui::BeginPopupContextItem("error-menu")) {
        if (ImGui::MenuItem(f.label("Copy error message", "copy-error"))) f.copy(t.errorMsg, f.say("Copied the error of {}", t.instanceId));
        ImGui::EndPopup();
      }
    }
    ImGui::Separator();
    ImGui::PopID();
  }
  ImGui::EndChild();
}

// "Notify me when this ends", for a batch that has not ended.
void notifyWhenEndsToggle(Frame& f, const BatchTask& b) {
  if (b.batchId.empty() || isEndedStatus(b.status)) return;
  const AppState& s = f.s;
  bool on = std::find(s.notifyWhenEnds.begin(), s.notifyWhenEnds.end(), b.batchId) != s.notifyWhenEnds.end();
  const bool blocked = s.permission == NotificationPermission::Denied;
  ImGui::BeginDisabled(blocked);
  if (ImGui::Checkbox(f.label("Notify me when this ends", "notify-when-ends"), &on))
    f.intent(act::SetNotifyWhenEnds{b.batchId, on});
  ImGui::EndDisabled();
  if (blocked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", f.format(Message{MessageId::NotificationsBlocked}).c_str());
}

}  // namespace

void drawDetailPanel(Frame& f) {
  const AppState& s = f.s;
  const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.selectedBatchId.c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton(f.label("Copy", "copy-batch-id"))) f.copy(s.selectedBatchId, f.say("Copied {}", s.selectedBatchId));
  ImGui::SameLine(right - ImGui::CalcTextSize(f.text("Close")).x - ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::SmallButton(f.label("Close", "close-details"))) f.intent(act::SelectBatch{""});
  ImGui::Separator();

  const RequestChannel& rc = s.detailRequest;
  if (rc.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, f.palette.danger);
    ImGui::TextWrapped("%s: %s", rc.error->code.c_str(), f.format(rc.error->message).c_str());
    ImGui::PopStyleColor();
    if (!rc.error->requestId.empty()) ImGui::TextDisabled("%s", f.say("RequestId {}", rc.error->requestId).c_str());
    if (!rc.inFlight && ImGui::Button(f.label("Retry", "retry-details"))) f.intent(act::Refresh{});
  }
  if (s.detail) {
    batchFields(f, s.detail->batch, s.detail->applicationType);
    notifyWhenEndsToggle(f, s.detail->batch);
    if (rc.inFlight) ImGui::TextDisabled("%s", f.text("Updating\u2026"));
    ImGui::Spacing();
    subTasks(f, *s.detail);
    return;
  }
  // Not loaded yet: what the table already knows, while the details load.
  if (s.page)
    for (const BatchTask& t : s.page->tasks)
      if (t.batchId == s.selectedBatchId) {
        batchFields(f, t, "");
        notifyWhenEndsToggle(f, t);
        break;
      }
  if (rc.busy()) ImGui::TextDisabled("%s", f.text("Loading the subtasks\u2026"));
}

}  // namespace bt::view
