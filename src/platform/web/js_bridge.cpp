#include "js_bridge.hpp"

#include <cstddef>
#include <cstdlib>

extern "C" {
char* bt_js_page_query();
char* bt_js_page_fragment();
char* bt_js_allowed_endpoints();
char* bt_js_early_request_body();
char* bt_js_browser_language();
void bt_js_set_language(const char* tag);
void bt_js_announce(const char* text);
void bt_js_collect_early_response();
void bt_js_announce_ready();
void bt_js_mark_first_rows();
void bt_js_mark_main();
void bt_js_first_frame();
void bt_js_set_cursor(const char* cursor);
void bt_js_observe_canvas_resize();
double bt_js_device_pixel_ratio();
void bt_js_report_fatal(const char* message);
void bt_js_write_url(const char* fragment, int push);
void bt_js_emit(const char* event, const char* detail, const char* parentOrigin);
void bt_js_copy(const char* text);
void bt_js_download(const char* name, const char* mime, const char* data, std::size_t length);
void bt_js_place_text_input(int active, double x, double y, double lineHeight, const char* label);
void bt_js_update_control_mirror(const char* json);
void bt_js_update_table_mirror(const char* json);
void bt_js_update_timeline_mirror(const char* json);
void bt_js_show_unseen_failures(double count, const char* title);
int bt_js_notification_permission();
void bt_js_request_notification_permission();
void bt_js_notify(const char* title, const char* body, const char* tag);
char* bt_js_storage_get(const char* key);
void bt_js_storage_set(const char* key, const char* value);
int bt_js_prefers_dark();
int bt_js_prefers_more_contrast();
int bt_js_prefers_reduced_motion();
int bt_js_local_offset_minutes(double unixSeconds);
}

namespace bt::web {
namespace {
// Takes a malloc'd string from JS (nullptr: absent).
std::optional<std::string> take(char* js) {
  if (!js) return std::nullopt;
  std::string s(js);
  std::free(js);
  return s;
}
}  // namespace

HostFacts readHostFacts() {
  HostFacts f;
  f.queryString = take(bt_js_page_query()).value_or("");
  f.fragment = take(bt_js_page_fragment()).value_or("");
  f.earlyRequestBody = take(bt_js_early_request_body()).value_or("");
  f.browserLanguage = take(bt_js_browser_language()).value_or("");
  const std::string endpoints = take(bt_js_allowed_endpoints()).value_or("");
  std::size_t start = 0;
  while (start < endpoints.size()) {
    const std::size_t comma = endpoints.find(',', start);
    std::string item = endpoints.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) f.allowedEndpoints.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return f;
}

void collectEarlyResponse() { bt_js_collect_early_response(); }
void announceReady() { bt_js_announce_ready(); }
void setPageLanguage(const std::string& tag) { bt_js_set_language(tag.c_str()); }
void announce(const std::string& text) { bt_js_announce(text.c_str()); }

void markFirstRowsDrawn() {
  static bool marked = false;
  if (marked) return;
  marked = true;
  bt_js_mark_first_rows();
}
void firstFrameDrawn() { bt_js_first_frame(); }
void markMainBegins() { bt_js_mark_main(); }

void setCursor(const char* cssCursor) { bt_js_set_cursor(cssCursor); }
void observeCanvasResize() { bt_js_observe_canvas_resize(); }
double devicePixelRatio() { return bt_js_device_pixel_ratio(); }
void reportFatal(const char* message) { bt_js_report_fatal(message); }
void writeUrlFragment(const std::string& fragment, bool push) { bt_js_write_url(fragment.c_str(), push); }
void emitEvent(const std::string& event, const std::string& detailJson, const std::string& parentOrigin) {
  bt_js_emit(event.c_str(), detailJson.c_str(), parentOrigin.c_str());
}
void copyToClipboard(const std::string& text) { bt_js_copy(text.c_str()); }
void downloadFile(const std::string& name, const std::string& mimeType, const std::string& content) {
  bt_js_download(name.c_str(), mimeType.c_str(), content.data(), content.size());
}
void placeTextInput(bool active, float x, float y, float lineHeight, const std::string& label) {
  bt_js_place_text_input(active, x, y, lineHeight, label.c_str());
}
void updateControlMirror(const std::string& json) { bt_js_update_control_mirror(json.c_str()); }
void updateTableMirror(const std::string& json) { bt_js_update_table_mirror(json.c_str()); }
void updateTimelineMirror(const std::string& json) { bt_js_update_timeline_mirror(json.c_str()); }
void showUnseenFailures(std::int64_t count, const std::string& title) {
  bt_js_show_unseen_failures(static_cast<double>(count), title.c_str());
}
NotificationPermission permissionFromCode(int code) {
  switch (code) {
    case 0: return NotificationPermission::Default;
    case 1: return NotificationPermission::Granted;
    default: return NotificationPermission::Denied;
  }
}
NotificationPermission notificationPermission() { return permissionFromCode(bt_js_notification_permission()); }
void requestNotificationPermission() { bt_js_request_notification_permission(); }
void notify(const std::string& title, const std::string& body, const std::string& tag) {
  bt_js_notify(title.c_str(), body.c_str(), tag.c_str());
}
std::optional<std::string> storageGet(const std::string& key) { return take(bt_js_storage_get(key.c_str())); }
void storageSet(const std::string& key, const std::string& value) { bt_js_storage_set(key.c_str(), value.c_str()); }
bool prefersDarkScheme() { return bt_js_prefers_dark() != 0; }
bool prefersMoreContrast() { return bt_js_prefers_more_contrast() != 0; }
bool prefersReducedMotion() { return bt_js_prefers_reduced_motion() != 0; }
int localOffsetMinutesAt(double unixSeconds) { return bt_js_local_offset_minutes(unixSeconds); }

}  // namespace bt::web
