#include "accessibility.hpp"

#include <imgui_internal.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace bt::web {

AccessibilityMirror& accessibilityMirror() {
  static AccessibilityMirror mirror;
  return mirror;
}

void AccessibilityMirror::beginFrame() {
  thisFrame_.clear();
  indexThisFrame_.clear();
}

void AccessibilityMirror::recordItem(ImGuiID id, float x0, float y0, float x1, float y1, bool disabled) {
  if (id == 0) return;
  auto [it, added] = indexThisFrame_.try_emplace(id, thisFrame_.size());
  if (added) thisFrame_.push_back(Item{id, x0, y0, x1, y1, disabled, {}, 0, false});
  else {
    Item& item = thisFrame_[it->second];
    item.x0 = x0, item.y0 = y0, item.x1 = x1, item.y1 = y1, item.disabled = disabled;
  }
}

void AccessibilityMirror::recordLabel(ImGuiID id, const char* label, int statusFlags) {
  const auto it = indexThisFrame_.find(id);
  if (it == indexThisFrame_.end() || !label) return;
  std::string text(label);
  // "Visible##id" names "Visible"; "##pcb-1" (all hidden) names "pcb-1".
  if (const auto hidden = text.find("##"); hidden != std::string::npos)
    text = hidden == 0 ? text.substr(std::min(text.size(), text.find_first_not_of('#'))) : text.substr(0, hidden);
  if (text.empty()) return;
  Item& item = thisFrame_[it->second];
  item.label = std::move(text);
  item.statusFlags = statusFlags;
  item.labelled = true;
}

std::optional<ImVec2> AccessibilityMirror::centerOf(ImGuiID id) const {
  for (const Item& item : lastFrame_)
    if (item.id == id) return ImVec2((item.x0 + item.x1) * 0.5f, (item.y0 + item.y1) * 0.5f);
  return std::nullopt;
}

std::string AccessibilityMirror::labelOf(ImGuiID id) const {
  for (const Item& item : lastFrame_)
    if (item.id == id) return item.label;
  for (const Item& item : thisFrame_)
    if (item.id == id) return item.label;
  return {};
}

std::string AccessibilityMirror::endFrame() {
  lastFrame_ = thisFrame_;
  nlohmann::json items = nlohmann::json::array();
  for (const Item& item : thisFrame_) {
    if (!item.labelled || item.x1 <= item.x0 || item.y1 <= item.y0) continue;
    const int f = item.statusFlags;
    const char* role = (f & ImGuiItemStatusFlags_Inputable) ? "textbox"
                       : (f & ImGuiItemStatusFlags_Checkable) ? "checkbox"
                       : (f & ImGuiItemStatusFlags_Openable) ? "combobox"
                                                             : "button";
    nlohmann::json entry = {{"id", item.id},
                            {"label", item.label},
                            {"role", role},
                            {"x", std::round(item.x0)},
                            {"y", std::round(item.y0)},
                            {"w", std::round(item.x1 - item.x0)},
                            {"h", std::round(item.y1 - item.y0)},
                            {"disabled", item.disabled}};
    if (f & ImGuiItemStatusFlags_Checkable) entry["checked"] = (f & ImGuiItemStatusFlags_Checked) != 0;
    if (f & ImGuiItemStatusFlags_Openable) entry["expanded"] = (f & ImGuiItemStatusFlags_Opened) != 0;
    items.push_back(std::move(entry));
  }
  std::string json = items.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (json == lastPublished_) return {};
  lastPublished_ = json;
  return json;
}

}  // namespace bt::web

// ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE), feeding the mirror.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* item) {
  ImRect visible = bb;  // only the part inside its window's visible region
  if (ctx->CurrentWindow) visible.ClipWithFull(ctx->CurrentWindow->ClipRect);
  bt::web::accessibilityMirror().recordItem(id, visible.Min.x, visible.Min.y, visible.Max.x, visible.Max.y,
                                            item && (item->ItemFlags & ImGuiItemFlags_Disabled));
}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  // Windows report themselves too; they are containers, not controls.
  if (ImGui::FindWindowByID(id)) return;
  bt::web::accessibilityMirror().recordLabel(id, label, flags);
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
