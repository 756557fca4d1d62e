#include "model/wire.hpp"

#include <algorithm>

namespace bt {
namespace {

WireParams finish(WireParams params) {
  params.erase(std::remove_if(params.begin(), params.end(),
                              [](const auto& p) { return p.second.empty(); }),
               params.end());
  std::sort(params.begin(), params.end());
  return params;
}

// The SDKs' "shrink" style: the array travels as one JSON-array string.
std::string statusJsonArray(const std::vector<TaskStatus>& statuses) {
  if (statuses.empty()) return {};
  std::string out = "[";
  for (TaskStatus s : normalizedStatuses(statuses)) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += statusName(s);
    out += '"';
  }
  return out + "]";
}

}  // namespace

WireParams describeBatchTasksParams(const TaskQuery& q) {
  return finish({
      {"Action", "DescribeBatchTasks"},
      {"Version", std::string(kApiVersion)},
      {"RegionId", q.region},
      {"TaskType", q.taskType},
      {"Status", statusJsonArray(q.statuses)},
      {"StartTime", q.startTime ? formatIsoUtc(*q.startTime) : ""},
      {"EndTime", q.endTime ? formatIsoUtc(*q.endTime) : ""},
      {"PageSize", std::to_string(q.pageSize)},
      {"PageNumber", std::to_string(q.pageNumber)},
  });
}

WireParams describeBatchTaskParams(std::string_view batchId, std::string_view region) {
  return finish({
      {"Action", "DescribeBatchTask"},
      {"Version", std::string(kApiVersion)},
      {"RegionId", std::string(region)},
      {"BatchId", std::string(batchId)},
  });
}

std::string percentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string formEncode(const WireParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += percentEncode(name);
    out += '=';
    out += percentEncode(value);
  }
  return out;
}

}  // namespace bt
