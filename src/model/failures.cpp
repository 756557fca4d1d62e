#include "model/failures.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace bt {
namespace {

bool isTokenChar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' ||
         c == '.' || c == ':' || c == '/';
}
bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool isNumberChar(unsigned char c) { return isDigit(c) || c == '.' || c == ',' || c == ':'; }

}  // namespace

std::string maskCause(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  std::size_t i = 0;
  while (i < message.size()) {
    if (!isTokenChar(static_cast<unsigned char>(message[i]))) {
      out += message[i++];
      continue;
    }
    std::size_t end = i;
    while (end < message.size() && isTokenChar(static_cast<unsigned char>(message[end]))) ++end;
    std::string_view token = message.substr(i, end - i);
    // A sentence's own full stop or colon stays outside the token.
    std::size_t trail = 0;
    while (trail < token.size() && (token[token.size() - 1 - trail] == '.' || token[token.size() - 1 - trail] == ':'))
      ++trail;
    std::string_view core = token.substr(0, token.size() - trail);
    const bool hasDigit = std::any_of(core.begin(), core.end(), [](char c) { return isDigit(static_cast<unsigned char>(c)); });
    if (!hasDigit)
      out += core;
    else if (std::all_of(core.begin(), core.end(), [](char c) { return isNumberChar(static_cast<unsigned char>(c)); }))
      out += "<n>";
    else
      out += "<id>";
    out += token.substr(core.size());
    i = end;
  }
  return out;
}

std::vector<FailureGroup> groupFailures(const std::vector<SubTask>& subtasks) {
  std::map<std::string, FailureGroup> byCause;
  for (std::size_t i = 0; i < subtasks.size(); ++i) {
    if (subtasks[i].status != "FAILED") continue;
    const std::string cause = maskCause(subtasks[i].errorMsg);
    FailureGroup& g = byCause[cause];
    g.cause = cause;
    g.subtasks.push_back(i);
  }
  std::vector<FailureGroup> groups;
  groups.reserve(byCause.size());
  for (auto& entry : byCause) groups.push_back(std::move(entry.second));
  std::stable_sort(groups.begin(), groups.end(),
                   [](const FailureGroup& a, const FailureGroup& b) { return a.subtasks.size() > b.subtasks.size(); });
  return groups;
}

std::string instanceIdsJson(const std::vector<SubTask>& subtasks, const std::vector<std::size_t>& which) {
  nlohmann::json ids = nlohmann::json::array();
  std::set<std::string> seen;
  for (std::size_t i : which) {
    if (i >= subtasks.size() || subtasks[i].instanceId.empty()) continue;
    if (seen.insert(subtasks[i].instanceId).second) ids.push_back(subtasks[i].instanceId);
  }
  return ids.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace bt
