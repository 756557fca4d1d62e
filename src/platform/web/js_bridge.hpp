// The C++ side of library_batch_tasks.js: the browser facilities that html5.h
// does not offer. Every function here is safe to call when the facility is
// missing (no storage in a sandboxed iframe, no clipboard permission, …).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/state.hpp"

namespace bt::web {

// What the page knows before the wasm runs: its query string, its fragment,
// and the deployment's endpoint allow-list (a <meta> tag; empty if none).
struct HostFacts {
  std::string queryString;
  std::string fragment;
  std::vector<std::string> allowedEndpoints;
  std::string earlyRequestBody;  // what web/boot.js already asked for, if anything
  std::string browserLanguage;   // navigator.language
};
HostFacts readHostFacts();
// Hands the early request's answer to bt_early_response/bt_early_failed once
// it is in (at once if it already is).
void collectEarlyResponse();

void announceReady();
// Tells the page the widget's language (html lang, its own few strings).
void setPageLanguage(const std::string& tag);
// Reads aloud to screen readers, throttled by the page.
void announce(const std::string& text);
void markFirstRowsDrawn();  // performance.mark('batch-tasks:first-rows'), once
void markMainBegins();      // performance.mark('batch-tasks:main'): main() begins
void firstFrameDrawn();     // the page takes its loading message away
void setCursor(const char* cssCursor);
void observeCanvasResize();
double devicePixelRatio();
// A reason boot.js puts in the page's language ("webgl2"), or a message shown as it is.
void reportFatal(const char* message);

void writeUrlFragment(const std::string& fragment, bool push);
void emitEvent(const std::string& event, const std::string& detailJson, const std::string& parentOrigin);
void copyToClipboard(const std::string& text);
void downloadFile(const std::string& name, const std::string& mimeType, const std::string& content);
// The hidden DOM input that lets IMEs and on-screen keyboards type into the
// widget: shown at (x, y) in CSS pixels while ImGui edits text, hidden otherwise.
void placeTextInput(bool active, float x, float y, float lineHeight, const std::string& label);
// The accessibility mirror: the controls drawn (JSON from AccessibilityMirror)
// the table's text (headers, rows) and the timeline's list.
void updateControlMirror(const std::string& json);
void updateTableMirror(const std::string& json);
// The timeline's bars in view as a list (shown: false when the table is back).
void updateTimelineMirror(const std::string& json);

// The title (worded by the widget) and icon badge while `count` failures go unseen; 0 restores both.
void showUnseenFailures(std::int64_t count, const std::string& title);
NotificationPermission notificationPermission();
NotificationPermission permissionFromCode(int code);  // the shell's 0 default, 1 granted, 2 denied
void requestNotificationPermission();  // answered through bt_notification_permission
void notify(const std::string& title, const std::string& body, const std::string& tag);

std::optional<std::string> storageGet(const std::string& key);
void storageSet(const std::string& key, const std::string& value);

bool prefersDarkScheme();
bool prefersMoreContrast();
bool prefersReducedMotion();
int localOffsetMinutesAt(double unixSeconds);

}  // namespace bt::web
