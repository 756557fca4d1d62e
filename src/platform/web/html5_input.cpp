#include "html5_input.hpp"

#include <emscripten/html5.h>
#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <cstring>

#include "js_bridge.hpp"

namespace bt::web {
namespace {

ImGuiKey keyFromCode(const char* code) {
  struct Entry { const char* code; ImGuiKey key; };
  static const Entry kKeys[] = {
      {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
      {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
      {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
      {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
      {"Space", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter},
      {"Escape", ImGuiKey_Escape}, {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
      {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt},
      {"AltRight", ImGuiKey_RightAlt}, {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper},
      {"F5", ImGuiKey_F5}, {"Slash", ImGuiKey_Slash}, {"Period", ImGuiKey_Period}, {"Comma", ImGuiKey_Comma},
      {"Minus", ImGuiKey_Minus}, {"Equal", ImGuiKey_Equal}, {"NumpadAdd", ImGuiKey_KeypadAdd},
      {"NumpadSubtract", ImGuiKey_KeypadSubtract},
  };
  for (const Entry& e : kKeys)
    if (std::strcmp(code, e.code) == 0) return e.key;
  if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && !code[4])
    return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
  if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && !code[6])
    return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
  return ImGuiKey_None;
}

void updateModifiers(ImGuiIO& io, const EmscriptenKeyboardEvent& e) {
  io.AddKeyEvent(ImGuiMod_Ctrl, e.ctrlKey);
  io.AddKeyEvent(ImGuiMod_Shift, e.shiftKey);
  io.AddKeyEvent(ImGuiMod_Alt, e.altKey);
  io.AddKeyEvent(ImGuiMod_Super, e.metaKey);
}

int imguiButton(unsigned short domButton) {
  switch (domButton) {
    case 0: return ImGuiMouseButton_Left;
    case 1: return ImGuiMouseButton_Middle;
    case 2: return ImGuiMouseButton_Right;
    default: return -1;
  }
}

Html5Input& self(void* user) { return *static_cast<Html5Input*>(user); }

EM_BOOL onMouseMove(int, const EmscriptenMouseEvent* e, void* user) {
  ImGui::GetIO().AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
  self(user).wake();
  return EM_FALSE;
}

EM_BOOL onMouseButton(int type, const EmscriptenMouseEvent* e, void* user) {
  const int button = imguiButton(e->button);
  if (button < 0) return EM_FALSE;
  ImGuiIO& io = ImGui::GetIO();
  if (type == EMSCRIPTEN_EVENT_MOUSEDOWN)
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
  io.AddMouseButtonEvent(button, type == EMSCRIPTEN_EVENT_MOUSEDOWN);
  self(user).wake();
  return EM_FALSE;  // keep the browser's default: it moves focus to the canvas
}

EM_BOOL onMouseLeave(int, const EmscriptenMouseEvent*, void* user) {
  ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
  self(user).wake();
  return EM_FALSE;
}

// Browsers report wheel deltas in pixels, lines or pages; ImGui wants notches.
EM_BOOL onWheel(int, const EmscriptenWheelEvent* e, void* user) {
  float scale = 1.0f / 100.0f;  // Chromium: 100 px per notch
  if (e->deltaMode == DOM_DELTA_LINE) scale = 1.0f / 3.0f;
  if (e->deltaMode == DOM_DELTA_PAGE) scale = 3.0f;
  ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-e->deltaX) * scale,
                                    static_cast<float>(-e->deltaY) * scale);
  self(user).wake();
  return EM_TRUE;  // the widget scrolls, not the page behind it
}

EM_BOOL onKey(int type, const EmscriptenKeyboardEvent* e, void* user) {
  ImGuiIO& io = ImGui::GetIO();
  const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
  updateModifiers(io, *e);
  const ImGuiKey key = keyFromCode(e->code);
  // Ctrl/Cmd+V is left to the browser: its paste event brings the text (ImGui
  // cannot read the system clipboard itself).
  const bool pasteShortcut = key == ImGuiKey_V && (e->ctrlKey || e->metaKey);
  if (key != ImGuiKey_None && !pasteShortcut) io.AddKeyEvent(key, down);
  // Printable text: one character in `key`, without a shortcut modifier.
  const bool printable = self(user).textFromKeys() && down && e->key[0] && !e->ctrlKey && !e->metaKey &&
                         std::strlen(e->key) <= 4 && (static_cast<unsigned char>(e->key[0]) >= 0x20) &&
                         (e->key[1] == 0 || static_cast<unsigned char>(e->key[0]) >= 0x80);
  if (printable) io.AddInputCharactersUTF8(e->key);
  self(user).wake();
  // Keep Tab, Backspace and the arrows from the browser only while ImGui uses
  // the keyboard; otherwise the page behaves as it would without the widget.
  if (pasteShortcut) return EM_FALSE;
  return io.WantCaptureKeyboard && (key == ImGuiKey_Tab || key == ImGuiKey_Backspace ||
                                    key == ImGuiKey_Space || (key >= ImGuiKey_LeftArrow && key <= ImGuiKey_DownArrow) ||
                                    key == ImGuiKey_PageUp || key == ImGuiKey_PageDown);
}

EM_BOOL onFocus(int type, const EmscriptenFocusEvent*, void* user) {
  ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
  self(user).wake();
  return EM_FALSE;
}

// One finger: a tap clicks where it lands; a drag scrolls what is under it,
// following the finger. Until the finger has moved kTouchSlopPx it is a tap,
// so a shaky tap still clicks and a scroll never presses a button.
constexpr double kTouchSlopPx = 8;

EM_BOOL onTouch(int type, const EmscriptenTouchEvent* e, void* user) {
  if (e->numTouches < 1) return EM_FALSE;
  const EmscriptenTouchPoint& t = e->touches[0];
  const double x = static_cast<double>(t.targetX), y = static_cast<double>(t.targetY);
  ImGuiIO& io = ImGui::GetIO();
  TouchGesture& g = self(user).touch();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  switch (type) {
    case EMSCRIPTEN_EVENT_TOUCHSTART:
      g = TouchGesture{true, false, x, y, x, y};
      io.AddMousePosEvent(static_cast<float>(x), static_cast<float>(y));
      break;
    case EMSCRIPTEN_EVENT_TOUCHMOVE: {
      if (!g.active) break;
      if (!g.scrolling && std::hypot(x - g.startX, y - g.startY) > kTouchSlopPx) g.scrolling = true;
      if (g.scrolling) {
        // ImGui scrolls 5 (vertically) or 2 (horizontally) font heights a notch.
        const float font = ImGui::GetStyle().FontSizeBase > 0 ? ImGui::GetStyle().FontSizeBase : 15.0f;
        io.AddMouseWheelEvent(static_cast<float>(x - g.lastX) / (2 * font), static_cast<float>(y - g.lastY) / (5 * font));
      }
      g.lastX = x;
      g.lastY = y;
      break;
    }
    case EMSCRIPTEN_EVENT_TOUCHEND:
      if (g.active && !g.scrolling) {
        io.AddMousePosEvent(static_cast<float>(g.startX), static_cast<float>(g.startY));
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
      }
      g.active = false;
      break;
    default:  // cancelled: neither a tap nor more scrolling
      g.active = false;
      break;
  }
  self(user).wake();
  return EM_TRUE;  // no emulated mouse events, no page scroll or zoom
}

}  // namespace

Html5Input::Html5Input(std::string selector, std::function<void()> wake, bool textFromKeys)
    : selector_(std::move(selector)), wake_(std::move(wake)), textFromKeys_(textFromKeys) {}

void Html5Input::install() {
  const char* c = selector_.c_str();
  if (!textFromKeys_) {  // the hidden text input: keys and focus only
    emscripten_set_keydown_callback(c, this, EM_FALSE, onKey);
    emscripten_set_keyup_callback(c, this, EM_FALSE, onKey);
    emscripten_set_blur_callback(c, this, EM_FALSE, onFocus);
    return;
  }
  emscripten_set_mousemove_callback(c, this, EM_FALSE, onMouseMove);
  emscripten_set_mousedown_callback(c, this, EM_FALSE, onMouseButton);
  // Releases outside the canvas still end a drag.
  emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, EM_FALSE, onMouseButton);
  emscripten_set_mouseleave_callback(c, this, EM_FALSE, onMouseLeave);
  emscripten_set_wheel_callback(c, this, EM_FALSE, onWheel);
  emscripten_set_keydown_callback(c, this, EM_FALSE, onKey);
  emscripten_set_keyup_callback(c, this, EM_FALSE, onKey);
  emscripten_set_focus_callback(c, this, EM_FALSE, onFocus);
  emscripten_set_blur_callback(c, this, EM_FALSE, onFocus);
  emscripten_set_touchstart_callback(c, this, EM_FALSE, onTouch);
  emscripten_set_touchmove_callback(c, this, EM_FALSE, onTouch);
  emscripten_set_touchend_callback(c, this, EM_FALSE, onTouch);
  emscripten_set_touchcancel_callback(c, this, EM_FALSE, onTouch);
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "batch_tasks_html5";
  io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
}

void Html5Input::updateCursor() {
  const int cursor = ImGui::GetIO().MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
  if (cursor == lastCursor_) return;
  lastCursor_ = cursor;
  switch (cursor) {
    case ImGuiMouseCursor_None: setCursor("none"); break;
    case ImGuiMouseCursor_TextInput: setCursor("text"); break;
    case ImGuiMouseCursor_ResizeAll: setCursor("move"); break;
    case ImGuiMouseCursor_ResizeNS: setCursor("ns-resize"); break;
    case ImGuiMouseCursor_ResizeEW: setCursor("ew-resize"); break;
    case ImGuiMouseCursor_ResizeNESW: setCursor("nesw-resize"); break;
    case ImGuiMouseCursor_ResizeNWSE: setCursor("nwse-resize"); break;
    case ImGuiMouseCursor_Hand: setCursor("pointer"); break;
    case ImGuiMouseCursor_NotAllowed: setCursor("not-allowed"); break;
    default: setCursor("default"); break;
  }
}

}  // namespace bt::web
