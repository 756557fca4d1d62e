// The find field, at the end of the filter bar: a BatchId opens its details,
// other text filters the loaded batches by name and id. The model decides
// which (model/find.hpp); the view sends what was typed on Enter, and clears
// the find on Escape or ×.
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "view/controls.hpp"
#include "view/panels.hpp"

namespace bt::view {

void drawFindField(Frame& f) {
  const AppState& s = f.s;
  ViewState& v = f.v;
  // The field follows the model (a cleared find, a find from a link) unless the person is typing.
  if (ImGui::GetActiveID() != ImGui::GetID("##find")) v.findDraft = s.findText;
  const float width = ImGui::GetFontSize() * 13.0f;
  flowNext(width, 12);
  ImGui::SetNextItemWidth(width);
  const bool enter = ImGui::InputTextWithHint("##find", f.text("Find a BatchId or name"), &v.findDraft,
                                              ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_EscapeClearsAll);
  labelLastItem(f.text("Find"), textFieldFlags());
  const bool escape = (ImGui::IsItemActive() || ImGui::IsItemDeactivated()) && ImGui::IsKeyPressed(ImGuiKey_Escape, false);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", f.text("A BatchId (pcb-\u2026) opens its details; other text shows only the batches whose "
                                   "name or id contains it. Enter finds, Esc clears."));
  bool clear = escape;
  if (s.findKind != FindKind::None || !v.findDraft.empty()) {
    ImGui::SameLine(0, 2);
    clear |= ImGui::Button("\u00D7###clear-find");
    labelLastItem(f.text("Clear the find"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.text("Clear the find (Esc)"));
  }
  if (clear) {
    v.findDraft.clear();
    if (s.findKind != FindKind::None) f.intent(act::Find{""});
  } else if (enter) {
    f.intent(act::Find{v.findDraft});
  }
  // What a text find leaves on this page.
  if (s.findKind == FindKind::Text && s.page) {
    const auto& rows = s.page->tasks;
    const auto shown = std::count_if(rows.begin(), rows.end(), [&](const BatchTask& t) { return passesFind(s, t); });
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", f.say("{} of {} on this page", std::to_string(shown), std::to_string(rows.size())).c_str());
  }
}

}  // namespace bt::view
