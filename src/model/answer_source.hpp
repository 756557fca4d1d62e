// Where the page on screen came from: the signing service marks each answer
// with its age (X-Batch-Tasks-Age) and, when it served an older answer in
// place of a new one, why (X-Batch-Tasks-Stale).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/message.hpp"

namespace bt {

enum class StaleReason { Throttled, UpstreamError, Budget };

struct AnswerSource {
  std::int64_t ageSeconds = 0;        // since PolarDB gave the answer; 0: fresh
  std::optional<StaleReason> stale;   // none: a fresh answer (or no service to say)
  bool operator==(const AnswerSource&) const = default;
};

// The two header values as the browser gave them (empty: absent). A value
// that is not what the service sends is ignored: an unreadable age counts as
// 0, an unknown reason as none, so a garbled header never breaks the page.
AnswerSource parseAnswerSource(std::string_view ageHeader, std::string_view staleHeader);

// The value of the header `name` (any case) in a block of "Name: value" lines,
// as XMLHttpRequest's getAllResponseHeaders() gives them; empty if absent.
std::string headerValue(std::string_view headers, std::string_view name);

// The header's own word for the reason ("throttled", "upstream-error", "budget").
std::string_view staleReasonName(StaleReason reason);

// Why the rows are an older answer, to follow "Updated … ago".
Message staleReasonMessage(StaleReason reason);

}  // namespace bt
