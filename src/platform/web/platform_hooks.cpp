#include "platform_hooks.hpp"

#include <imgui_internal.h>

#include <string>

#include "accessibility.hpp"
#include "js_bridge.hpp"
#include "model/frame_pacer.hpp"

namespace bt::web {
namespace {

// The text of the browser's paste event being handled.
std::string& pasted() {
  static std::string text;
  return text;
}

}  // namespace

void installPlatformHooks() {
  ImGuiPlatformIO& platform = ImGui::GetPlatformIO();
  platform.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) { copyToClipboard(text); };
  // ImGui reads "the clipboard" only when it pastes: that is the text of the
  // browser's paste event being handled (see pasteText()).
  platform.Platform_GetClipboardTextFn = [](ImGuiContext*) { return pasted().c_str(); };
  platform.Platform_SetImeDataFn = [](ImGuiContext* ctx, ImGuiViewport*, ImGuiPlatformImeData* data) {
    placeTextInput(data->WantVisible, data->InputPos.x, data->InputPos.y, data->InputLineHeight,
                   accessibilityMirror().labelOf(ctx->ActiveId));
  };
}

int typeText(const char* utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
  return FramePacer::kSettleFrames;
}

// ImGui cannot read the system clipboard: the field pastes the browser's paste
// event as its own Ctrl+V, so a selection is replaced and the field's
// character filter applies. (Typed characters would be dropped: ImGui ignores
// text while Ctrl is held.)
int pasteText(const char* utf8) {
  pasted() = utf8;
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiMod_Ctrl, true);
  io.AddKeyEvent(ImGuiKey_V, true);
  io.AddKeyEvent(ImGuiKey_V, false);
  io.AddKeyEvent(ImGuiMod_Ctrl, false);
  return FramePacer::kSettleFrames + 4;  // the input queue spreads the four events over frames
}

int activateMirroredItem(ImGuiID id) {
  const auto center = accessibilityMirror().centerOf(id);
  if (!center) return 0;
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  io.AddMousePosEvent(center->x, center->y);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
  io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
  return FramePacer::kSettleFrames + 3;  // the input queue spreads the click over frames
}

}  // namespace bt::web
