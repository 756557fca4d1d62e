#include "model/time.hpp"

#include <cstdio>

namespace bt {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

Civil civilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool isLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned daysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// A cursor over the text that reads fixed-width digit fields.
struct Reader {
  std::string_view s;
  std::size_t i = 0;
  bool digits(int count, int& out) {
    if (i + static_cast<std::size_t>(count) > s.size()) return false;
    out = 0;
    for (int k = 0; k < count; ++k) {
      const char c = s[i++];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  }
  bool oneOf(std::string_view chars) {
    if (i < s.size() && chars.find(s[i]) != std::string_view::npos) {
      ++i;
      return true;
    }
    return false;
  }
  bool atEnd() const { return i == s.size(); }
  char peek() const { return i < s.size() ? s[i] : '\0'; }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<UnixSeconds> parseApiTime(std::string_view text) {
  Reader r{trim(text)};
  int year, month, day, hour, minute, second = 0;
  if (!r.digits(4, year)) return std::nullopt;
  const char dateSep = r.peek();
  if (!r.oneOf("-/") || !r.digits(2, month) || r.peek() != dateSep || !r.oneOf("-/") ||
      !r.digits(2, day))
    return std::nullopt;
  if (!r.oneOf("T ") || !r.digits(2, hour) || !r.oneOf(":") || !r.digits(2, minute))
    return std::nullopt;
  if (r.oneOf(":")) {
    if (!r.digits(2, second)) return std::nullopt;
    if (r.oneOf(".")) {  // fractions are dropped: the API's resolution is seconds
      int digit;
      if (!r.digits(1, digit)) return std::nullopt;
      while (r.peek() >= '0' && r.peek() <= '9') ++r.i;
    }
  }
  int offsetMinutes = 0;
  if (r.oneOf("Zz")) {
  } else if (r.peek() == '+' || r.peek() == '-') {
    const int sign = r.peek() == '-' ? -1 : 1;
    ++r.i;
    int oh, om;
    if (!r.digits(2, oh)) return std::nullopt;
    r.oneOf(":");
    if (!r.digits(2, om) || oh > 23 || om > 59) return std::nullopt;
    offsetMinutes = sign * (oh * 60 + om);
  }
  if (!r.atEnd()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > daysInMonth(year, static_cast<unsigned>(month)) || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  const std::int64_t days =
      daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
}

namespace {
std::string format(UnixSeconds t, const char* pattern) {
  std::int64_t days = t / 86400;
  std::int64_t rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const Civil c = civilFromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, pattern, static_cast<long long>(c.year), c.month, c.day,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}
}  // namespace

std::string formatIsoUtc(UnixSeconds t) { return format(t, "%04lld-%02u-%02uT%02d:%02d:%02dZ"); }

std::string formatDisplayTime(UnixSeconds t, int offsetMinutes) {
  return format(t + std::int64_t{offsetMinutes} * 60, "%04lld-%02u-%02u %02d:%02d:%02d");
}

namespace {
std::string twoDigits(std::int64_t n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(n));
  return buf;
}
}  // namespace

Message formatDuration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 60) return {MessageId::DurationSeconds, {std::to_string(seconds)}};
  if (seconds < 3600) return {MessageId::DurationMinutes, {std::to_string(seconds / 60), twoDigits(seconds % 60)}};
  if (seconds < 86400) return {MessageId::DurationHours, {std::to_string(seconds / 3600), twoDigits(seconds / 60 % 60)}};
  return {MessageId::DurationDays, {std::to_string(seconds / 86400), twoDigits(seconds / 3600 % 24)}};
}

Message formatAge(std::int64_t seconds) {
  const bool future = seconds < 0;
  const std::int64_t s = future ? -seconds : seconds;
  if (s < 10) return {MessageId::JustNow};
  if (s < 60) return {future ? MessageId::InSeconds : MessageId::SecondsAgo, {std::to_string(s / 10 * 10)}};
  if (s < 3600) return {future ? MessageId::InMinutes : MessageId::MinutesAgo, {std::to_string(s / 60)}};
  if (s < 86400) return {future ? MessageId::InHours : MessageId::HoursAgo, {std::to_string(s / 3600)}};
  return {future ? MessageId::InDays : MessageId::DaysAgo, {std::to_string(s / 86400)}};
}

std::int64_t msUntilAgeTextChanges(std::int64_t ageMs) {
  if (ageMs < 0) return 1000 - (-ageMs % 1000);
  const std::int64_t step = ageMs < 60'000 ? 10'000 : ageMs < 3'600'000 ? 60'000 : ageMs < 86'400'000 ? 3'600'000 : 86'400'000;
  return step - ageMs % step;
}

}  // namespace bt
