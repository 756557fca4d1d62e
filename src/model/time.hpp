// UTC instants as the API writes them, and the few formats the widget shows.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/message.hpp"

namespace bt {

using UnixSeconds = std::int64_t;

// Accepts every form the API family uses: "2026-04-06 20:51:44" (no zone, UTC),
// "2026-04-06T20:51:44Z", "2026/05/28T16:38:20Z", "2026-04-06T20:51Z", with an
// optional fraction and an optional "+08:00"-style offset. Empty or malformed
// text (including impossible dates such as Feb 30) yields nullopt.
std::optional<UnixSeconds> parseApiTime(std::string_view text);

// "2026-04-06T20:51:44Z": the request form.
std::string formatIsoUtc(UnixSeconds t);

// "2026-04-06 20:51:44" shifted by offsetMinutes (0 = UTC): the display form.
std::string formatDisplayTime(UnixSeconds t, int offsetMinutes = 0);

// "45s", "12m 05s", "3h 04m", "2d 03h": compact and sortable by eye.
Message formatDuration(std::int64_t seconds);

// "just now", "10 s ago", "3 min ago", "5 h ago", "2 d ago" (future times: "in …").
// Seconds count in steps of 10, so an idle page redraws its "updated … ago"
// every 10 s at most (every minute after the first).
Message formatAge(std::int64_t seconds);

// Milliseconds until formatAge's text for an age of `ageMs` changes.
std::int64_t msUntilAgeTextChanges(std::int64_t ageMs);

}  // namespace bt
