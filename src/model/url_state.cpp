#include "model/url_state.hpp"

#include <algorithm>
#include <charconv>

#include "model/wire.hpp"

namespace bt {
namespace {

constexpr std::size_t kMaxUrlBytes = 8192;       // longer fragments are not links people make
constexpr std::size_t kMaxValueBytes = 256;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<long long> parseInteger(std::string_view s) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

bool validUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

}  // namespace

std::string_view viewModeName(ViewMode v) { return v == ViewMode::Timeline ? "timeline" : "table"; }

std::string percentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parseFormPairs(std::string_view text) {
  if (!text.empty() && (text.front() == '#' || text.front() == '?')) text.remove_prefix(1);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    pairs.emplace_back(percentDecode(part.substr(0, eq)),
                       eq == std::string_view::npos ? std::string{} : percentDecode(part.substr(eq + 1)));
  }
  return pairs;
}

ParsedUrlState parseUrlState(std::string_view text) {
  ParsedUrlState out;
  if (text.size() > kMaxUrlBytes) {
    out.problems.push_back({MessageId::LinkTooLong, {std::to_string(kMaxUrlBytes)}});
    return out;
  }
  UrlState& s = out.state;
  auto problem = [&](const std::string& key, Message why) {
    out.problems.push_back({MessageId::LinkPartIgnored, {key, std::move(why)}});
  };
  for (auto& [key, value] : parseFormPairs(text)) {
    const bool control = std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
    if (value.size() > kMaxValueBytes || !validUtf8(value) || control) {
      problem(key, {MessageId::LinkValueNotText});
      continue;
    }
    if (key == "region") {
      // Its form here; whether the service serves it, once the service has said (app.cpp).
      if (!value.empty() && !isRegionId(value))
        problem(key, {MessageId::RegionIdInvalid, {value}});
      else
        s.query.region = value;
    } else if (key == "type") {
      if (value.size() > 128)
        problem(key, {MessageId::LinkTaskTypeTooLong});
      else
        s.query.taskType = value;
    } else if (key == "status") {
      std::vector<TaskStatus> statuses;
      std::string_view rest = value;
      bool ok = true;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        if (name.empty()) continue;
        if (auto st = statusFromName(name)) {
          statuses.push_back(*st);
        } else {
          problem(key, {MessageId::LinkStatusUnknown, {std::string(name)}});
          ok = false;
        }
      }
      if (ok) s.query.statuses = normalizedStatuses(std::move(statuses));
    } else if (key == "from" || key == "to") {
      const auto t = parseApiTime(value);
      if (!t && !value.empty()) {
        problem(key, {MessageId::LinkTimeUnreadable, {value}});
        continue;
      }
      (key == "from" ? s.query.startTime : s.query.endTime) = t;
    } else if (key == "page") {
      const auto n = parseInteger(value);
      if (!n || *n < 1 || *n > kMaxPageNumber)
        problem(key, {MessageId::LinkPageInvalid});
      else
        s.query.pageNumber = *n;
    } else if (key == "size") {
      const auto n = parseInteger(value);
      if (!n || std::find(kPageSizes.begin(), kPageSizes.end(), *n) == kPageSizes.end())
        problem(key, {MessageId::LinkPageSizeInvalid});
      else
        s.query.pageSize = static_cast<int>(*n);
    } else if (key == "batch") {
      s.selectedBatchId = value;
    } else if (key == "tz") {
      out.timeZoneGiven = value == "utc" || value == "UTC" || value == "local";
      if (value == "utc" || value == "UTC")
        s.timeZone = TimeZoneMode::Utc;
      else if (value == "local")
        s.timeZone = TimeZoneMode::Local;
      else
        problem(key, {MessageId::LinkTimeZoneInvalid});
    } else if (key == "view") {
      if (value == "table")
        s.view = ViewMode::Table;
      else if (value == "timeline")
        s.view = ViewMode::Timeline;
      else
        problem(key, {MessageId::LinkViewInvalid});
    }
  }
  if (s.query.startTime && s.query.endTime && *s.query.endTime < *s.query.startTime) {
    out.problems.push_back({MessageId::LinkTimeRangeReversed});
    s.query.startTime.reset();
    s.query.endTime.reset();
  }
  return out;
}

std::string encodeUrlState(const UrlState& s) {
  const TaskQuery defaults;
  WireParams params;
  if (!s.query.region.empty()) params.emplace_back("region", s.query.region);
  if (!s.query.taskType.empty()) params.emplace_back("type", s.query.taskType);
  if (!s.query.statuses.empty()) {
    std::string joined;
    for (TaskStatus st : s.query.statuses) {
      if (!joined.empty()) joined += ',';
      joined += statusName(st);
    }
    params.emplace_back("status", joined);
  }
  if (s.query.startTime) params.emplace_back("from", formatIsoUtc(*s.query.startTime));
  if (s.query.endTime) params.emplace_back("to", formatIsoUtc(*s.query.endTime));
  if (s.query.pageNumber != defaults.pageNumber) params.emplace_back("page", std::to_string(s.query.pageNumber));
  if (s.query.pageSize != defaults.pageSize) params.emplace_back("size", std::to_string(s.query.pageSize));
  if (!s.selectedBatchId.empty()) params.emplace_back("batch", s.selectedBatchId);
  if (s.timeZone == TimeZoneMode::Local) params.emplace_back("tz", "local");
  if (s.view != ViewMode::Table) params.emplace_back("view", std::string(viewModeName(s.view)));
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k + "=" + percentEncode(v);
  }
  // Keep the separators people read in links; they are safe in a fragment.
  std::string readable;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 3, "%2C") == 0) { readable += ','; i += 2; }
    else if (out.compare(i, 3, "%3A") == 0) { readable += ':'; i += 2; }
    else readable += out[i];
  }
  return readable;
}

}  // namespace bt
