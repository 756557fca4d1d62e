// ImGui's platform side on Emscripten's html5.h: mouse, wheel, keyboard, touch,
// focus and cursor shapes for one canvas. Keys are read only while the canvas
// has focus, so the host page keeps its own inputs.
#pragma once
#include <functional>
#include <string>

namespace bt::web {

class Html5Input {
 public:
  // `wake` is called on every event that may change what is drawn.
  Html5Input(std::string canvasSelector, std::function<void()> wake);
  void install();
  // Per frame: the cursor ImGui asks for.
  void updateCursor();

  const std::string& selector() const { return selector_; }
  void wake() const { wake_(); }

 private:
  std::string selector_;
  std::function<void()> wake_;
  int lastCursor_ = -2;
};

}  // namespace bt::web
