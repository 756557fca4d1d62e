// The selected batch, loaded with DescribeBatchTask: its fields, its failed
// subtasks grouped by cause (a cause chosen filters the list; their InstanceIds
// copied as CreateBatchTask takes them), and its subtasks, failed ones first
// with their error messages in full, filtered by status if asked.
#include <imgui_internal.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "model/failures.hpp"
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
  progressBar(f, b, ImGui::GetContentRegionAvail().x, etaFor(f.s, b));
  field(f.say("Begin ({})", f.tr(f.zoneLabel())), f.displayTime(b.taskBegin));
  field(f.say("End ({})", f.tr(f.zoneLabel())), b.taskEnd.empty() ? f.tr("running") : f.displayTime(b.taskEnd));
  field(f.tr("Duration"), batchDuration(f, b));
  if (!applicationType.empty()) field(f.tr("Application"), applicationType);
  ImGui::EndTable();
}

// The subtask statuses DescribeBatchTask knows, for the status filter.
constexpr const char* kSubTaskStatuses[] = {"FAILED",  "HUMAN_PROCESSING", "BLOCKING", "TEMP_TERMINATED",
                                            "PAUSE",   "RUNNING",          "WAITING",  "COMPLETED"};

// Copies the InstanceIds of these subtasks as a JSON array, and says how many.
void copyInstanceIds(Frame& f, const BatchDetail& d, const std::vector<std::size_t>& which) {
  std::set<std::string> ids;
  for (std::size_t i : which)
    if (!d.subTasks[i].instanceId.empty()) ids.insert(d.subTasks[i].instanceId);
  f.copy(instanceIdsJson(d.subTasks, which), f.say("Copied a JSON array of InstanceIds ({})", std::to_string(ids.size())));
}

// The failed subtasks grouped by cause, largest first: choosing one filters the
// list below; the ids of one or of all are copied for a retry.
void failureGroups(Frame& f, const BatchDetail& d) {
  ViewState& v = f.v;
  const std::vector<FailureGroup>& groups = f.s.failureGroups;
  if (groups.empty()) return;
  std::vector<std::size_t> allFailed;
  for (const FailureGroup& g : groups) allFailed.insert(allFailed.end(), g.subtasks.begin(), g.subtasks.end());
  std::sort(allFailed.begin(), allFailed.end());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(f.say("Failures by cause ({})", std::to_string(allFailed.size())).c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton(f.label("Copy all failed ids", "copy-all-failed-ids"))) copyInstanceIds(f, d, allFailed);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", f.text("The InstanceIds of every failed subtask, as a JSON array (CreateBatchTask's InstanceIds)"));
  const FailureGroup* chosen = nullptr;
  for (const FailureGroup& g : groups)
    if (v.failureCause && g.cause == *v.failureCause) chosen = &g;
  if (chosen) {
    ImGui::SameLine();
    if (ImGui::SmallButton(f.label("Copy this cause's ids", "copy-cause-ids"))) copyInstanceIds(f, d, chosen->subtasks);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", f.text("The InstanceIds of the failed subtasks with the chosen cause, as a JSON array"));
  }
  // At most six causes in view; more scroll.
  const float rowHeight = ImGui::GetTextLineHeightWithSpacing();
  const float height = rowHeight * static_cast<float>(std::min<std::size_t>(groups.size(), 6)) + ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("failure-groups", ImVec2(0, height), ImGuiChildFlags_None);
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const FailureGroup& g = groups[i];
    // One line each: the cause's first line, whole on hover.
    const std::string cause = g.cause.empty() ? f.tr("(no error message)") : g.cause;
    const std::string firstLine = cause.substr(0, cause.find('\n'));
    const std::string label = f.say("{} \u00D7 {}", std::to_string(g.subtasks.size()), firstLine) + "###cause-" + std::to_string(i);
    ImGui::PushStyleColor(ImGuiCol_Text, f.palette.danger);
    if (ImGui::Selectable(label.c_str(), &g == chosen)) {
      if (&g == chosen) v.failureCause.reset();
      else v.failureCause = g.cause;
    }
    ImGui::PopStyleColor();
    labelLastItem(label.c_str(), toggleFlags(&g == chosen));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
      ImGui::TextUnformatted(cause.c_str());
      ImGui::PopTextWrapPos();
      ImGui::TextDisabled("%s", f.text(&g == chosen ? "Click to show every subtask again" : "Click to show only these subtasks"));
      ImGui::EndTooltip();
    }
  }
  ImGui::EndChild();
}

// The status filter over the eight subtask statuses, with their counts.
void statusFilter(Frame& f, const std::map<std::string, int>& counts) {
  ViewState& v = f.v;
  const std::string preview = v.subtaskStatus.empty() ? f.tr("All statuses") : f.tr(v.subtaskStatus);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11.0f);
  // Tall enough for all nine choices at once.
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, ImGui::GetTextLineHeightWithSpacing() * 10.5f));
  if (labelledCombo("##subtask-status", preview.c_str(), f.text("Subtask status"))) {
    if (ImGui::Selectable(f.label("All statuses", "all-statuses"), v.subtaskStatus.empty())) v.subtaskStatus.clear();
    for (const char* status : kSubTaskStatuses) {
      const auto n = counts.find(status);
      const std::string item = f.say("{} ({})", f.tr(status), std::to_string(n == counts.end() ? 0 : n->second)) +
                               "###subtask-status-" + status;
      if (ImGui::Selectable(item.c_str(), v.subtaskStatus == status)) v.subtaskStatus = status;
    }
    ImGui::EndCombo();
  }
}

void subTasks(Frame& f, const BatchDetail& d) {
  ViewState& v = f.v;
  // Another batch starts unfiltered; new details are grouped again.
  if (v.subtaskFiltersOf != f.s.selectedBatchId) {
    v.subtaskFiltersOf = f.s.selectedBatchId;
    v.failureCause.reset();
    v.subtaskStatus.clear();
  }
  const FailureGroup* chosen = nullptr;
  for (const FailureGroup& g : f.s.failureGroups)
    if (v.failureCause && g.cause == *v.failureCause) chosen = &g;
  if (!chosen) v.failureCause.reset();  // a cause gone since: every subtask again

  std::map<std::string, int> counts;
  for (const SubTask& t : d.subTasks) ++counts[t.status];
  failureGroups(f, d);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(f.say("Subtasks ({})", std::to_string(d.subTasks.size())).c_str());
  for (const auto& [status, count] : counts) {
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, statusLook(status, f.palette).color);
    ImGui::Text("%s %d", f.tr(status).c_str(), count);
    ImGui::PopStyleColor();
  }
  statusFilter(f, counts);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < d.subTasks.size(); ++i)
    // A group's subtasks are in list order: a binary search finds them.
    if ((!chosen || std::binary_search(chosen->subtasks.begin(), chosen->subtasks.end(), i)) &&
        (v.subtaskStatus.empty() || d.subTasks[i].status == v.subtaskStatus))
      order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return subTaskRank(d.subTasks[a].status) < subTaskRank(d.subTasks[b].status);
  });
  if (chosen || !v.subtaskStatus.empty()) {
    ImGui::TextDisabled("%s", f.say("Showing {} of {} subtasks", std::to_string(order.size()),
                                    std::to_string(d.subTasks.size())).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(f.label("Show every subtask", "show-every-subtask"))) {
      v.failureCause.reset();
      v.subtaskStatus.clear();
    }
  }
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
    // A batch that does not exist is said plainly; other errors with their code, and a retry.
    const bool notFound = rc.error->message.id == MessageId::BatchNotFound;
    ImGui::PushStyleColor(ImGuiCol_Text, f.palette.danger);
    if (notFound) ImGui::TextWrapped("%s", f.format(rc.error->message).c_str());
    else ImGui::TextWrapped("%s: %s", rc.error->code.c_str(), f.format(rc.error->message).c_str());
    ImGui::PopStyleColor();
    if (!rc.error->requestId.empty()) ImGui::TextDisabled("%s", f.say("RequestId {}", rc.error->requestId).c_str());
    if (!notFound && !rc.inFlight && ImGui::Button(f.label("Retry", "retry-details"))) f.intent(act::Refresh{});
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
