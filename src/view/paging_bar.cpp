// Paging: first, previous, next, last, a page to jump to, the page size, and
// where the rows on screen sit in the whole result.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <charconv>

#include "model/paging.hpp"
#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {

void drawPagingBar(Frame& f) {
  const AppState& s = f.s;
  ViewState& v = f.v;
  const long long pages = knownTotalPages(s);
  const long long current = s.query.pageNumber;
  const bool atStart = current <= 1;
  const bool atEnd = pages > 0 && current >= pages;

  ImGui::BeginDisabled(atStart);
  if (ImGui::Button(f.label("First", "first"))) f.intent(act::FirstPage{});
  ImGui::SameLine(0, 4);
  if (ImGui::Button(f.label("Previous", "previous"))) f.intent(act::PrevPage{});
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(f.text("Page"));
  ImGui::SameLine(0, 4);
  // The box shows the current page unless the person is typing another.
  const ImGuiID boxId = ImGui::GetID("##page");
  if (ImGui::GetActiveID() != boxId) v.pageDraft = std::to_string(current);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("000000").x + ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::InputText("##page", &v.pageDraft, ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue)) {
    long long n = 0;
    const auto [end, ec] = std::from_chars(v.pageDraft.data(), v.pageDraft.data() + v.pageDraft.size(), n);
    if (ec == std::errc() && end == v.pageDraft.data() + v.pageDraft.size() && n >= 1) f.intent(act::GoToPage{n});
  }
  labelLastItem(f.text("Page number"), textFieldFlags());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.text("Type a page number and press Enter"));
  ImGui::SameLine(0, 4);
  if (pages > 0)
    ImGui::TextUnformatted(f.say("of {}", formatCount(pages)).c_str());
  else
    ImGui::TextDisabled("%s", f.say("of {}", "\u2026").c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(atEnd);
  if (ImGui::Button(f.label("Next", "next"))) f.intent(act::NextPage{});
  ImGui::SameLine(0, 4);
  ImGui::BeginDisabled(pages <= 0);
  if (ImGui::Button(f.label("Last", "last"))) f.intent(act::LastPage{});
  ImGui::EndDisabled();
  ImGui::EndDisabled();

  const float sizeWidth = ImGui::CalcTextSize(f.text("Rows per page")).x + ImGui::CalcTextSize("100").x +
                          ImGui::GetFrameHeight() * 1.6f + 8;
  flowNext(sizeWidth, 20);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", f.text("Rows per page"));
  ImGui::SameLine(0, 4);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("100").x + ImGui::GetFrameHeight() * 1.6f);
  const std::string size = std::to_string(s.query.pageSize);
  if (labelledCombo("##page-size", size.c_str(), f.text("Rows per page"))) {
    for (int choice : kPageSizes)
      if (ImGui::Selectable(std::to_string(choice).c_str(), choice == s.query.pageSize))
        f.intent(act::SetPageSize{choice});
    ImGui::EndCombo();
  }
  if (s.page) {
    const std::string range = f.format(formatRowRange(s.pageQuery.pageNumber, s.pageQuery.pageSize, s.page->tasks.size(),
                                                      knownTotal(s)));
    flowNext(ImGui::CalcTextSize(range.c_str()).x, 20);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", range.c_str());
  }
}

}  // namespace bt::view
