// The widget's entry points: main(), and the C functions that web/boot.js and
// library_batch_tasks.js call. Each hands over to the one Runner (runner.hpp);
// the WebGL context's attributes that boot.js repeats are in gl_renderer.cpp.
#include <emscripten.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <string>

#include "js_bridge.hpp"
#include "runner.hpp"

namespace {
bt::web::Runner* theRunner = nullptr;  // the one instance, once main() made it
}

extern "C" {

// window.BatchTasks.getState(): valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* bt_state_json() {
  return theRunner ? theRunner->snapshot().c_str() : "null";
}
// window.BatchTasks.setQuery/refresh/select: "" when accepted, else why not.
EMSCRIPTEN_KEEPALIVE const char* bt_command(const char* json) {
  static const std::string notRunning = "the widget is not running";
  return theRunner ? theRunner->command(json).c_str() : notRunning.c_str();
}
EMSCRIPTEN_KEEPALIVE void bt_embed_message(const char* origin, const char* json) {
  if (theRunner) theRunner->embedMessage(origin, json);
}
EMSCRIPTEN_KEEPALIVE void bt_url_changed(const char* fragment) {
  if (theRunner) theRunner->dispatch(bt::act::UrlChanged{fragment});
}
EMSCRIPTEN_KEEPALIVE void bt_visibility_changed(int visible) {
  if (theRunner) theRunner->dispatch(bt::act::VisibilityChanged{visible != 0});
}
EMSCRIPTEN_KEEPALIVE void bt_focus_changed(int focused) {
  if (theRunner) theRunner->dispatch(bt::act::FocusChanged{focused != 0});
}
// The browser's answer to the widget's request for notification permission.
EMSCRIPTEN_KEEPALIVE void bt_notification_permission(int code) {
  if (theRunner) theRunner->dispatch(bt::act::NotificationPermissionIs{bt::web::permissionFromCode(code)});
}
EMSCRIPTEN_KEEPALIVE void bt_color_scheme_changed() {
  if (theRunner) theRunner->applyTheme();
}
EMSCRIPTEN_KEEPALIVE void bt_text_input(const char* utf8) {
  if (theRunner) theRunner->textTyped(utf8);
}
EMSCRIPTEN_KEEPALIVE void bt_paste(const char* utf8) {
  if (theRunner) theRunner->paste(utf8);
}
// window.BatchTasks.diagnostics(): the wasm heap's size and the frames drawn.
EMSCRIPTEN_KEEPALIVE double bt_heap_bytes() { return static_cast<double>(emscripten_get_heap_size()); }
// Bytes malloc has handed out and not had back: what a leak would grow.
EMSCRIPTEN_KEEPALIVE double bt_allocated_bytes() { return static_cast<double>(mallinfo().uordblks); }
EMSCRIPTEN_KEEPALIVE double bt_frames_drawn() { return theRunner ? theRunner->framesDrawn() : 0; }
// Main-thread milliseconds per frame over the latest drawn frames: median and 95th percentile.
EMSCRIPTEN_KEEPALIVE double bt_frame_ms_median() { return theRunner ? theRunner->frameMs().median : 0; }
EMSCRIPTEN_KEEPALIVE double bt_frame_ms_p95() { return theRunner ? theRunner->frameMs().p95 : 0; }
EMSCRIPTEN_KEEPALIVE double bt_system_glyphs() { return theRunner ? theRunner->systemGlyphsDrawn() : 0; }
EMSCRIPTEN_KEEPALIVE void bt_activate_item(unsigned id) {
  if (theRunner) theRunner->activateItem(id);
}
EMSCRIPTEN_KEEPALIVE void bt_canvas_resized() {
  if (theRunner) theRunner->resize();
}
EMSCRIPTEN_KEEPALIVE void bt_early_response(int status, const char* body, int length, const char* age,
                                            const char* stale) {
  if (theRunner) theRunner->earlyAnswer(status, std::string(body, static_cast<std::size_t>(length)), age, stale);
}
EMSCRIPTEN_KEEPALIVE void bt_early_failed(const char* reason) {
  if (theRunner) theRunner->earlyAnswer(0, reason, "", "");
}

}

int main() {
  bt::web::markMainBegins();  // before the runner's start-up work, which the bench times from here
  static bt::web::Runner runner;
  theRunner = &runner;
  if (!runner.start()) {
    bt::web::reportFatal("webgl2");  // boot.js says it in the page's language
    return 1;
  }
  // Everything from here on is driven by events.
  emscripten_exit_with_live_runtime();
  return 0;
}
