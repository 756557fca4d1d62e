#include "view/widget.hpp"

#include <imgui.h>

#include <algorithm>

#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt {

using view::Frame;

namespace {

void emptyState(Frame& f) {
  const AppState& s = f.s;
  if (!s.page || !s.page->tasks.empty()) return;
  ImGui::Spacing();
  if (s.pageQuery.hasFilters()) {
    ImGui::TextDisabled("%s", f.text("No batch tasks match these filters."));
    ImGui::SameLine();
    if (ImGui::SmallButton(f.label("Clear the filters", "clear-the-filters"))) f.intent(act::ClearFilters{});
  } else {
    ImGui::TextDisabled("%s", f.text("There are no batch tasks yet. New batches appear here when they are created."));
  }
}

void toast(Frame& f) {
  ViewState& v = f.v;
  if (v.toast.empty()) return;
  if (f.ctx.now >= v.toastUntilMs) {
    v.toast.clear();
    return;
  }
  f.redrawWithin(v.toastUntilMs - f.ctx.now);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y - 56),
                          ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.95f);
  ImGui::Begin("##toast", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted(v.toast.c_str());
  ImGui::End();
}

}  // namespace

ViewOutput drawWidget(const AppState& s, ViewState& v, const ViewContext& context) {
  ViewOutput out;
  static const Translator english;
  Frame f{s, v, context, out, currentPalette(), context.translator ? *context.translator : english};
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // Saved settings stay on: the table's column layout is remembered through them.
  ImGui::Begin("Batch tasks", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus);
  view::handleShortcuts(f);
  view::drawToolbar(f);
  view::drawFilterBar(f);
  view::drawBanners(f);
  view::drawDigestLine(f);
  view::drawStalledOnlyLine(f);

  // The table with its paging bar, or the timeline; the details beside either.
  const bool timeline = s.view == ViewMode::Timeline;
  const float pagingHeight = timeline ? 0.0f : ImGui::GetFrameHeightWithSpacing();
  const bool emptyPage = !timeline && s.page && s.page->tasks.empty();
  const float emptyHeight = emptyPage ? ImGui::GetFrameHeightWithSpacing() * 1.5f : 0.0f;
  const float tableHeight = std::max(ImGui::GetFrameHeight() * 4, ImGui::GetContentRegionAvail().y - pagingHeight - emptyHeight);
  auto drawMain = [&f, timeline](float height) {
    if (timeline) {
      view::drawTimeline(f, height);
      return;
    }
    view::leaveTimeline(f);
    view::drawTable(f, height);
    emptyState(f);
  };
  const bool detail = !s.selectedBatchId.empty();
  if (detail) {
    // Side by side; the splitter between them is draggable.
    const float total = ImGui::GetContentRegionAvail().x;
    v.detailWidth = std::clamp(v.detailWidth, 280.0f, std::max(280.0f, total * 0.7f));
    ImGui::BeginChild("table-area", ImVec2(total - v.detailWidth - 8, tableHeight + emptyHeight));
    drawMain(tableHeight);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("splitter", ImVec2(8, tableHeight + emptyHeight));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (ImGui::IsItemActive()) v.detailWidth -= ImGui::GetIO().MouseDelta.x;
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("details", ImVec2(0, tableHeight + emptyHeight), ImGuiChildFlags_Borders);
    view::drawDetailPanel(f);
    ImGui::EndChild();
  } else {
    drawMain(tableHeight);
  }
  if (!timeline) view::drawPagingBar(f);
  ImGui::End();
  toast(f);
  return out;
}

}  // namespace bt
