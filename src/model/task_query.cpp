#include "model/task_query.hpp"

#include <algorithm>

namespace bt {

std::string_view statusName(TaskStatus s) {
  switch (s) {
    case TaskStatus::Completed: return "COMPLETED";
    case TaskStatus::Dispatching: return "DISPATCHING";
    case TaskStatus::Failed: return "FAILED";
    case TaskStatus::Running: return "RUNNING";
  }
  return "";
}

std::optional<TaskStatus> statusFromName(std::string_view name) {
  for (TaskStatus s : kAllTaskStatuses)
    if (statusName(s) == name) return s;
  return std::nullopt;
}

bool isRegionId(std::string_view text) {
  // ^[a-z]{2,}(-[a-z0-9]+)+$, at most 64 characters, as the services check it.
  if (text.empty() || text.size() > 64) return false;
  std::size_t letters = 0;
  while (letters < text.size() && text[letters] >= 'a' && text[letters] <= 'z') ++letters;
  if (letters < 2 || letters == text.size()) return false;
  bool afterDash = false;
  for (std::size_t i = letters; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '-') {
      if (afterDash) return false;
      afterDash = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      afterDash = false;
    } else {
      return false;
    }
  }
  return !afterDash;
}

bool TaskQuery::sameFilters(const TaskQuery& o) const {
  return region == o.region && taskType == o.taskType && statuses == o.statuses && startTime == o.startTime &&
         endTime == o.endTime;
}

bool TaskQuery::hasFilters() const {
  return !taskType.empty() || !statuses.empty() || startTime || endTime;
}

bool TaskQuery::includesStatus(TaskStatus s) const {
  return std::find(statuses.begin(), statuses.end(), s) != statuses.end();
}

std::vector<TaskStatus> normalizedStatuses(std::vector<TaskStatus> statuses) {
  std::vector<TaskStatus> out;
  for (TaskStatus s : kAllTaskStatuses)
    if (std::find(statuses.begin(), statuses.end(), s) != statuses.end()) out.push_back(s);
  return out;
}

std::vector<QueryProblem> validate(const TaskQuery& q) {
  std::vector<QueryProblem> problems;
  if (std::find(kPageSizes.begin(), kPageSizes.end(), q.pageSize) == kPageSizes.end())
    problems.push_back({"PageSize", {MessageId::PageSizeNotOffered, {std::to_string(q.pageSize)}}});
  if (q.pageNumber < 1)
    problems.push_back({"PageNumber", {MessageId::PageNumberTooSmall, {std::to_string(q.pageNumber)}}});
  if (q.pageNumber > kMaxPageNumber)
    problems.push_back({"PageNumber", {MessageId::PageNumberTooLarge,
                                       {std::to_string(kMaxPageNumber), std::to_string(q.pageNumber)}}});
  if (q.startTime && q.endTime && *q.endTime < *q.startTime)
    problems.push_back({"EndTime", {MessageId::TimeRangeReversed,
                                    {formatIsoUtc(*q.endTime), formatIsoUtc(*q.startTime)}}});
  if (q.statuses != normalizedStatuses(q.statuses))
    problems.push_back({"Status", {MessageId::StatusRepeated}});
  if (q.taskType.size() > 128)
    problems.push_back({"TaskType", {MessageId::TaskTypeTooLong}});
  if (!q.region.empty() && !isRegionId(q.region))
    problems.push_back({"RegionId", {MessageId::RegionIdInvalid, {q.region.substr(0, 64)}}});
  return problems;
}

}  // namespace bt
