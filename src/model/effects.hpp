// What update() asks the platform to do, as comparable data.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "model/message.hpp"
#include "model/state.hpp"
#include "model/wire.hpp"

namespace bt {
namespace fx {
struct SendRequest {
  std::uint64_t requestId;
  Channel channel;
  WireParams params;  // POST them as a form body to the endpoint
  Millis timeoutMs;
  bool operator==(const SendRequest&) const = default;
};
// GETs the service's configuration ({api}/config; model/service_config.hpp).
// The answer comes back as act::ResponseArrived or act::TransportFailed with
// the same requestId, as any request's does.
struct FetchConfig {
  std::uint64_t requestId;
  Millis timeoutMs;
  bool operator==(const FetchConfig&) const = default;
};
struct StartTimer {
  Timer timer;
  Millis delayMs;
  bool operator==(const StartTimer&) const = default;
};
// Puts the view into the URL's fragment: a new history entry for the person's
// own moves (so back and forward walk through them), a replacement otherwise.
struct WriteUrl {
  std::string fragment;
  bool push;
  bool operator==(const WriteUrl&) const = default;
};
// Tells the embedding page: "load" (a page arrived), "error" (a load failed),
// "select" (the selected batch changed). `detail` is a JSON object.
struct Emit {
  std::string event;
  std::string detail;
  bool operator==(const Emit&) const = default;
};
// Remembers one of the person's preferences across visits (where the browser
// can store it); it comes back as act::RestorePreferences.
struct SavePreference {
  std::string key;    // "timeZone" ("utc" or "local"); lastLookKey(endpoint) (encodeLook, model/watch.hpp)
  std::string value;
  bool operator==(const SavePreference&) const = default;
};
// Tells screen readers what just happened, in the person's language.
struct Announce {
  Message message;
  bool operator==(const Announce&) const = default;
};
// Failures the person has not seen yet: the page's title counts them and its
// icon gets a badge (0 clears both).
struct ShowUnseenFailures {
  std::int64_t count;
  bool operator==(const ShowUnseenFailures&) const = default;
};
// Asks the browser for permission to notify; the answer comes back as
// act::NotificationPermissionIs.
struct RequestNotificationPermission {
  bool operator==(const RequestNotificationPermission&) const = default;
};
// A system notification, in the person's language. A newer one with the same
// tag replaces the older.
struct Notify {
  Message title;
  Message body;
  std::string tag;
  bool operator==(const Notify&) const = default;
};
// Hands a file to the person (a download in the browser).
struct Download {
  std::string fileName;
  std::string mimeType;
  std::string content;
  bool operator==(const Download&) const = default;
};
}  // namespace fx

using Effect = std::variant<fx::SendRequest, fx::FetchConfig, fx::StartTimer, fx::WriteUrl, fx::Emit, fx::Download,
                            fx::SavePreference, fx::Announce, fx::ShowUnseenFailures, fx::RequestNotificationPermission,
                            fx::Notify>;

}  // namespace bt
