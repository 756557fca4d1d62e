// Headless ImGui for tests: a context with no renderer, input injected as a
// person would give it, and widgets found by their labels through ImGui's
// item hooks (the ones its test engine uses).
#pragma once
#include <imgui.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/actions.hpp"

namespace bt::test {

struct ItemInfo {
  ImVec2 min, max;
  bool disabled = false;
  ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
};

class UiHarness {
 public:
  explicit UiHarness(ImVec2 displaySize = {1280, 800});
  ~UiHarness();
  UiHarness(const UiHarness&) = delete;
  UiHarness& operator=(const UiHarness&) = delete;

  // Runs one frame with `draw` as its content.
  void frame(const std::function<void()>& draw);
  // Runs one frame and returns the text it drew, as ImGui's log captures it.
  std::string textOf(const std::function<void()>& draw);
  // Runs a few frames, as the browser does after any change, so that layouts
  // sized from the previous frame (auto-resizing panels, popups) settle.
  void settle(const std::function<void()>& draw, int frames = 3);
  // Items seen in the last frame, by label (the part before any "##").
  std::optional<ItemInfo> find(const std::string& label) const;
  // Moves the mouse onto the item and clicks it, over as many frames as ImGui
  // needs to see a press and a release. Fails the test if the item is absent.
  void click(const std::string& label, const std::function<void()>& draw);
  void pressKey(ImGuiKey key, const std::function<void()>& draw);
  void typeText(const std::string& text, const std::function<void()>& draw);

  // Called from ImGui's hooks.
  void recordItem(ImGuiID id, const ImVec2& min, const ImVec2& max, bool disabled);
  void recordLabel(ImGuiID id, const char* label);

 private:
  ImGuiContext* context_;
  std::map<ImGuiID, ItemInfo> itemsThisFrame_;
  std::map<std::string, ImGuiID> labelsThisFrame_;
  std::map<ImGuiID, ItemInfo> items_;
  std::map<std::string, ImGuiID> labels_;
};

// The latest intent of type T among those a view returned, or null.
template <class T>
const T* lastOf(const std::vector<bt::Action>& intents) {
  for (auto it = intents.rbegin(); it != intents.rend(); ++it)
    if (const T* a = std::get_if<T>(&*it)) return a;
  return nullptr;
}

}  // namespace bt::test
