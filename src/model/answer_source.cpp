#include "model/answer_source.hpp"

#include <cctype>

namespace bt {
namespace {

// Header values may carry surrounding whitespace (RFC 9110 §5.5).
std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whole seconds, digits only; more than ten digits (over 300 years) is not an age.
std::int64_t parseAge(std::string_view text) {
  text = trimmed(text);
  if (text.empty() || text.size() > 10) return 0;
  std::int64_t age = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    age = age * 10 + (c - '0');
  }
  return age;
}

bool sameLetters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

std::string headerValue(std::string_view headers, std::string_view name) {
  while (!headers.empty()) {
    const std::size_t end = headers.find('\n');
    std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view{} : headers.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && sameLetters(trimmed(line.substr(0, colon)), name))
      return std::string(trimmed(line.substr(colon + 1)));
  }
  return {};
}

AnswerSource parseAnswerSource(std::string_view ageHeader, std::string_view staleHeader) {
  AnswerSource source;
  source.ageSeconds = parseAge(ageHeader);
  const std::string_view stale = trimmed(staleHeader);
  for (StaleReason reason : {StaleReason::Throttled, StaleReason::UpstreamError, StaleReason::Budget})
    if (stale == staleReasonName(reason)) source.stale = reason;
  return source;
}

std::string_view staleReasonName(StaleReason reason) {
  switch (reason) {
    case StaleReason::Throttled: return "throttled";
    case StaleReason::UpstreamError: return "upstream-error";
    case StaleReason::Budget: return "budget";
  }
  return "";
}

Message staleReasonMessage(StaleReason reason) {
  switch (reason) {
    case StaleReason::Throttled: return {MessageId::StaleThrottled};
    case StaleReason::UpstreamError: return {MessageId::StaleUpstreamError};
    case StaleReason::Budget: return {MessageId::StaleBudget};
  }
  return {MessageId::StaleUpstreamError};
}

}  // namespace bt
