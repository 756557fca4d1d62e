// The widget as the browser's accessibility tree sees it. A canvas is opaque
// to screen readers, so every labelled ImGui control drawn in a frame is
// mirrored by a DOM control of the same role and name, placed over it (so a
// keyboard user's focus ring lands on it); activating that control clicks the
// ImGui item. The items come from ImGui's item hooks, the same ones its test
// engine uses.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bt::web {

class AccessibilityMirror {
 public:
  // Called around each ImGui frame.
  void beginFrame();
  // The mirror as JSON when it differs from the last one published; "" when not.
  std::string endFrame();
  // Where to click to activate an item, if it was drawn last frame.
  std::optional<ImVec2> centerOf(ImGuiID id) const;
  // The name of an item drawn last frame ("" if unknown): the text field being edited, say.
  std::string labelOf(ImGuiID id) const;

  // From ImGui's hooks.
  void recordItem(ImGuiID id, float x0, float y0, float x1, float y1, bool disabled);
  void recordLabel(ImGuiID id, const char* label, int statusFlags);

 private:
  struct Item {
    ImGuiID id;
    float x0, y0, x1, y1;
    bool disabled = false;
    std::string label;
    int statusFlags = 0;
    bool labelled = false;
  };
  std::unordered_map<ImGuiID, std::size_t> indexThisFrame_;
  std::vector<Item> thisFrame_;
  std::vector<Item> lastFrame_;
  std::string lastPublished_;
};

AccessibilityMirror& accessibilityMirror();

}  // namespace bt::web
