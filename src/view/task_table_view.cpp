#include "view/task_table_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "model/paging.hpp"
#include "model/time.hpp"

namespace bt {
namespace {

void drawStatusLine(const AppState& s, Millis now, ViewOutput& out) {
  auto redrawWithin = [&](Millis ms) {
    out.redrawAfterMs = out.redrawAfterMs > 0 ? std::min(out.redrawAfterMs, ms) : ms;
  };
  ImGui::TextUnformatted("Batch tasks");
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.started || s.list.inFlight);
  if (ImGui::Button("Refresh")) out.intents.push_back(act::Refresh{});
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (s.list.inFlight) {
    ImGui::TextDisabled(s.page ? "Updating\u2026" : "Loading\u2026");
  } else if (s.list.retryAtMs) {
    ImGui::TextDisabled("Retrying in %lld s (attempt %d of %d)",
                        static_cast<long long>((*s.list.retryAtMs - now + 999) / 1000),
                        s.list.attempt + 1, s.settings.maxAttempts);
    redrawWithin(std::max<Millis>(1, (*s.list.retryAtMs - now) % 1000));
  } else if (s.page) {
    ImGui::TextDisabled("Updated %s", formatAge((now - s.pageUpdatedMs) / 1000).c_str());
    redrawWithin(msUntilAgeTextChanges(now - s.pageUpdatedMs));
  }
}

void drawErrorBanner(const AppState& s, Millis now, ViewOutput& out) {
  if (!s.list.error) return;
  const ApiError& e = *s.list.error;
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.25f, 0.2f, 1.0f));
  ImGui::TextWrapped("%s%s%s", e.code.c_str(), e.code.empty() ? "" : ": ", e.message.c_str());
  ImGui::PopStyleColor();
  std::string details;
  if (e.httpStatus) details += "HTTP " + std::to_string(e.httpStatus);
  if (!e.requestId.empty()) details += (details.empty() ? "" : " \u00B7 ") + std::string("RequestId ") + e.requestId;
  if (s.page) {
    details += (details.empty() ? "" : " \u00B7 ") + std::string("showing rows from ") +
               formatAge((now - s.pageUpdatedMs) / 1000);
  }
  if (!details.empty()) ImGui::TextDisabled("%s", details.c_str());
  if (!s.list.inFlight) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Retry")) out.intents.push_back(act::Refresh{});
  }
}

void drawTable(const AppState& s, ViewOutput& out, float height) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("tasks", 7, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("BatchId", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("TaskName", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("TaskType", ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("Success/Total", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("TaskBegin", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("TaskEnd", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableHeadersRow();
  if (s.page) {
    const auto& tasks = s.page->tasks;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(tasks.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const BatchTask& t = tasks[static_cast<std::size_t>(i)];
        ImGui::TableNextRow();
        ImGui::PushID(i);
        ImGui::TableNextColumn();
        if (ImGui::Selectable(t.batchId.c_str(), t.batchId == s.selectedBatchId,
                              ImGuiSelectableFlags_SpanAllColumns))
          out.intents.push_back(act::SelectBatch{t.batchId});
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.taskName.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.taskType.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.status.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld/%lld", static_cast<long long>(t.successCount),
                    static_cast<long long>(t.totalCount));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.taskBegin.raw.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.taskEnd.raw.c_str());
        ImGui::PopID();
        out.drewRows = true;
      }
    }
  }
  ImGui::EndTable();
}

void drawEmptyState(const AppState& s) {
  if (s.page && !s.page->tasks.empty()) return;
  if (!s.page) {
    if (s.list.busy()) ImGui::TextDisabled("Loading batch tasks\u2026");
    return;
  }
  ImGui::TextDisabled(s.pageQuery.hasFilters() ? "No batch tasks match these filters."
                                               : "There are no batch tasks yet.");
}

void drawPagingBar(const AppState& s, ViewOutput& out) {
  const long long pages = knownTotalPages(s);
  const long long current = s.query.pageNumber;
  ImGui::BeginDisabled(current <= 1);
  if (ImGui::Button("Previous")) out.intents.push_back(act::PrevPage{});
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (pages > 0)
    ImGui::Text("Page %lld of %lld", current, pages);
  else
    ImGui::Text("Page %lld", current);
  ImGui::SameLine();
  ImGui::BeginDisabled(pages > 0 && current >= pages);
  if (ImGui::Button("Next")) out.intents.push_back(act::NextPage{});
  ImGui::EndDisabled();
  if (s.page) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", formatRowRange(s.pageQuery.pageNumber, s.pageQuery.pageSize,
                                             s.page->tasks.size(), knownTotal(s))
                                  .c_str());
  }
}

}  // namespace

ViewOutput drawTaskTableWidget(const AppState& s, TaskTableViewState&, const ViewContext& context) {
  const Millis now = context.now;
  ViewOutput out;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Batch tasks", nullptr, flags);
  drawStatusLine(s, now, out);
  drawErrorBanner(s, now, out);
  for (const QueryProblem& p : s.problems) ImGui::TextWrapped("%s", p.message.c_str());
  const float pagingHeight = ImGui::GetFrameHeightWithSpacing();
  drawTable(s, out, ImGui::GetContentRegionAvail().y - pagingHeight - ImGui::GetTextLineHeightWithSpacing());
  drawEmptyState(s);
  drawPagingBar(s, out);
  ImGui::End();
  return out;
}

}  // namespace bt
