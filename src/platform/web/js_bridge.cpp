#include "js_bridge.hpp"

#include <cstdlib>

extern "C" {
char* bt_js_page_config_endpoint();
void bt_js_announce_ready();
void bt_js_mark_first_rows();
void bt_js_set_cursor(const char* cursor);
void bt_js_observe_canvas_resize();
double bt_js_device_pixel_ratio();
void bt_js_report_fatal(const char* message);
}

namespace bt::web {

PageConfig readPageConfig() {
  PageConfig config;
  char* endpoint = bt_js_page_config_endpoint();
  config.endpoint = endpoint;
  std::free(endpoint);
  return config;
}

void announceReady() { bt_js_announce_ready(); }

void markFirstRowsDrawn() {
  static bool marked = false;
  if (marked) return;
  marked = true;
  bt_js_mark_first_rows();
}

void setCursor(const char* cssCursor) { bt_js_set_cursor(cssCursor); }
void observeCanvasResize() { bt_js_observe_canvas_resize(); }
double devicePixelRatio() { return bt_js_device_pixel_ratio(); }
void reportFatal(const char* message) { bt_js_report_fatal(message); }

}  // namespace bt::web
