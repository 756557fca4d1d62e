#include "model/deployment_config.hpp"

#include <algorithm>
#include <charconv>

#include "model/url_state.hpp"

namespace bt {
namespace {

std::vector<std::string> splitList(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const std::size_t comma = s.find_first_of(", ");
    if (comma != 0) out.emplace_back(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

bool isLowerAlnumOrDash(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// A path on this origin ("/api", "api", "../api") or an absolute http(s) URL.
bool isEndpoint(std::string_view v) {
  if (v.empty() || v.find_first_of("\\\r\n\t ") != std::string_view::npos) return false;
  const std::size_t scheme = v.find("://");
  if (scheme == std::string_view::npos) return v.rfind("//", 0) != 0 && v.find(':') == std::string_view::npos;
  const std::size_t pathStart = v.find('/', scheme + 3);
  return !normalizeOrigin(v.substr(0, pathStart)).empty();
}

}  // namespace

std::string normalizeOrigin(std::string_view text) {
  std::string s;
  for (char c : text) s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  std::string_view v = s;
  std::string scheme;
  if (v.rfind("https://", 0) == 0) scheme = "https://";
  else if (v.rfind("http://", 0) == 0) scheme = "http://";
  else return {};
  v.remove_prefix(scheme.size());
  if (!v.empty() && v.back() == '/') v.remove_suffix(1);
  const std::size_t colon = v.find(':');
  const std::string_view host = v.substr(0, colon);
  if (host.empty() || !std::all_of(host.begin(), host.end(), isLowerAlnumOrDash)) return {};
  if (colon != std::string_view::npos) {
    const std::string_view port = v.substr(colon + 1);
    int n = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || n < 1 || n > 65535) return {};
  }
  return scheme + std::string(v);
}

std::string serviceConfigUrl(std::string_view endpoint) {
  const std::size_t tail = std::min(endpoint.find('?'), endpoint.find('#'));
  std::string_view path = endpoint.substr(0, tail);
  const std::string_view query = tail == std::string_view::npos ? std::string_view{} : endpoint.substr(tail);
  const std::size_t scheme = path.find("://");
  const std::size_t pathStart = scheme == std::string_view::npos ? 0 : path.find('/', scheme + 3);
  // Strip trailing slashes of the path only, never into "https://".
  while (!path.empty() && path.back() == '/' && pathStart != std::string_view::npos && path.size() > pathStart)
    path.remove_suffix(1);
  std::string out(path);
  out += "/config";
  if (!query.empty() && query.front() == '?') out += query.substr(0, query.find('#'));
  return out;
}

DeploymentConfig parseDeploymentConfig(std::string_view queryString, const std::vector<std::string>& allowedEndpoints) {
  DeploymentConfig c;
  auto problem = [&](const std::string& key, Message why) {
    c.problems.push_back({MessageId::ParameterIgnored, {key, std::move(why)}});
  };
  for (const auto& [key, value] : parseFormPairs(queryString)) {
    if (key == "endpoint") {
      if (!isEndpoint(value)) {
        problem(key, {MessageId::EndpointInvalid});
      } else if (!allowedEndpoints.empty() &&
                 std::find(allowedEndpoints.begin(), allowedEndpoints.end(), value) == allowedEndpoints.end()) {
        problem(key, {MessageId::EndpointNotAllowed, {value}});
      } else {
        c.endpoint = value;
      }
    } else if (key == "theme") {
      if (value == "auto") c.theme = ThemeChoice::Auto;
      else if (value == "light") c.theme = ThemeChoice::Light;
      else if (value == "dark") c.theme = ThemeChoice::Dark;
      else problem(key, {MessageId::ThemeInvalid});
    } else if (key == "lang") {
      if (value.size() <= 35 && std::all_of(value.begin(), value.end(), [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-';
          }))
        c.lang = value;
      else
        problem(key, {MessageId::LanguageInvalid});
    } else if (key == "refresh") {
      long long seconds = -1;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (value == "off" || (ec == std::errc() && end == value.data() + value.size() && seconds == 0)) {
        c.refreshMs = 0;
      } else if (ec == std::errc() && end == value.data() + value.size() && seconds > 0 && seconds <= 86400) {
        c.refreshMs = std::max<Millis>(seconds * 1000, kMinAutoRefreshMs);
      } else {
        problem(key, {MessageId::RefreshInvalid});
      }
    } else if (key == "stalled") {
      long long seconds = -1;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec == std::errc() && end == value.data() + value.size() && seconds * 1000 >= kMinStallMs &&
          seconds <= 30 * 86400)
        c.stallMs = seconds * 1000;
      else
        problem(key, {MessageId::StalledInvalid});
    } else if (key == "origins") {
      for (const std::string& item : splitList(value)) {
        const std::string origin = normalizeOrigin(item);
        if (origin.empty())
          problem(key, {MessageId::OriginInvalid, {item}});
        else
          c.allowedOrigins.push_back(origin);
      }
    } else if (key == "parent") {
      const std::string origin = normalizeOrigin(value);
      if (origin.empty())
        problem(key, {MessageId::OriginInvalid, {value}});
      else
        c.parentOrigin = origin;
    }
  }
  return c;
}

}  // namespace bt
