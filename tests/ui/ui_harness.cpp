#include "ui/ui_harness.hpp"

#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <cstdarg>

namespace bt::test {

UiHarness::UiHarness(ImVec2 displaySize) : context_(ImGui::CreateContext()) {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // tests must not read or write imgui.ini
  io.DisplaySize = displaySize;
  io.DeltaTime = 1.0f / 60.0f;
  // No renderer: declare texture support so ImGui 1.92 builds fonts on demand.
  io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  context_->TestEngine = this;
  context_->TestEngineHookItems = true;
}

UiHarness::~UiHarness() { ImGui::DestroyContext(context_); }

std::string UiHarness::textOf(const std::function<void()>& draw) {
  std::string drawn;
  frame([&] {
    ImGui::LogToBuffer();
    draw();
    drawn = ImGui::GetCurrentContext()->LogBuffer.c_str();
    ImGui::LogFinish();
  });
  return drawn;
}

void UiHarness::frame(const std::function<void()>& draw) {
  ImGui::SetCurrentContext(context_);
  itemsThisFrame_.clear();
  labelsThisFrame_.clear();
  ImGui::NewFrame();
  draw();
  ImGui::Render();
  items_ = itemsThisFrame_;
  labels_ = labelsThisFrame_;
}

void UiHarness::settle(const std::function<void()>& draw, int frames) {
  for (int i = 0; i < frames; ++i) frame(draw);
}

std::optional<ItemInfo> UiHarness::find(const std::string& label) const {
  const auto l = labels_.find(label);
  if (l == labels_.end()) return std::nullopt;
  const auto i = items_.find(l->second);
  if (i == items_.end()) return std::nullopt;
  return i->second;
}

void UiHarness::click(const std::string& label, const std::function<void()>& draw) {
  const auto item = find(label);
  if (!item) {
    std::string seen;
    for (const auto& [text, id] : labels_) seen += " \"" + text + "\"";
    FAIL_CHECK("labels in the last frame:" << seen);
  }
  REQUIRE_MESSAGE(item.has_value(), "no item labelled \"" << label << "\" in the last frame");
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(item->center().x, item->center().y);
  frame(draw);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  frame(draw);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  frame(draw);
}

void UiHarness::pressKey(ImGuiKey key, const std::function<void()>& draw) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(key, true);
  frame(draw);
  io.AddKeyEvent(key, false);
  frame(draw);
}

void UiHarness::typeText(const std::string& text, const std::function<void()>& draw) {
  ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
  frame(draw);
}

void UiHarness::recordItem(ImGuiID id, const ImVec2& min, const ImVec2& max, bool disabled) {
  itemsThisFrame_[id] = ItemInfo{min, max, disabled};
}

void UiHarness::recordLabel(ImGuiID id, const char* label) {
  if (!label) return;
  // The visible part of the label; for items whose label is all hidden
  // ("##pcb-1"), the hidden part names them.
  std::string text(label);
  if (const auto hidden = text.find("##"); hidden != std::string::npos)
    text = hidden == 0 ? text.substr(text.find_first_not_of('#')) : text.substr(0, hidden);
  if (!text.empty() && text.find_first_not_of('#') != std::string::npos) labelsThisFrame_[text] = id;
}

}  // namespace bt::test

// ImGui's test-engine hooks (compiled in with IMGUI_ENABLE_TEST_ENGINE).
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb,
                                 const ImGuiLastItemData* item) {
  if (auto* h = static_cast<bt::test::UiHarness*>(ctx->TestEngine))
    h->recordItem(id, bb.Min, bb.Max, item && (item->ItemFlags & ImGuiItemFlags_Disabled));
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  if (auto* h = static_cast<bt::test::UiHarness*>(ctx->TestEngine)) h->recordLabel(id, label);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
