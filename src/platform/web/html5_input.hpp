// ImGui's platform side on Emscripten's html5.h: mouse, wheel, keyboard, touch,
// focus and cursor shapes for one canvas. Keys are read only while the canvas
// has focus, so the host page keeps its own inputs.
#pragma once
#include <functional>
#include <string>

namespace bt::web {

// A finger on the canvas: a tap until it moves, then a scroll.
struct TouchGesture {
  bool active = false;
  bool scrolling = false;
  double startX = 0, startY = 0, lastX = 0, lastY = 0;
};

class Html5Input {
 public:
  // `wake` is called on every event that may change what is drawn. Printable
  // text comes from key presses on the canvas; on the hidden text input it
  // comes from its input events instead (IMEs, paste), so keys there carry
  // only editing commands.
  Html5Input(std::string selector, std::function<void()> wake, bool textFromKeys);
  void install();
  // Per frame: the cursor ImGui asks for.
  void updateCursor();

  void wake() const { wake_(); }
  bool textFromKeys() const { return textFromKeys_; }
  TouchGesture& touch() { return touch_; }

 private:
  std::string selector_;
  std::function<void()> wake_;
  bool textFromKeys_;
  int lastCursor_ = -2;
  TouchGesture touch_;
};

}  // namespace bt::web
