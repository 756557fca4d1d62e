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
  std::string key;    // "timeZone"
  std::string value;  // "utc" or "local"
  bool operator==(const SavePreference&) const = default;
};
// Tells screen readers what just happened, in the person's language.
struct Announce {
  Message message;
  bool operator==(const Announce&) const = default;
};
// Hands a file to the person (a download in the browser).
struct Download {
  std::string fileName;
  std::string mimeType;
  std::string content;
  bool operator==(const Download&) const = default;
};
}  // namespace fx

using Effect = std::variant<fx::SendRequest, fx::FetchConfig, fx::StartTimer, fx::WriteUrl, fx::Emit, fx::Download, fx::SavePreference,
                            fx::Announce>;

}  // namespace bt
