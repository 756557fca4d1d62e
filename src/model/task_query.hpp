// What the person asks DescribeBatchTasks for, and whether it is a valid ask.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/message.hpp"
#include "model/time.hpp"

namespace bt {

// The batch statuses the API filters on. Responses may carry others; those are
// kept as text (see BatchTask::status).
enum class TaskStatus { Completed, Dispatching, Failed, Running };
inline constexpr std::array kAllTaskStatuses{TaskStatus::Completed, TaskStatus::Dispatching,
                                             TaskStatus::Failed, TaskStatus::Running};
std::string_view statusName(TaskStatus s);  // "COMPLETED", …
std::optional<TaskStatus> statusFromName(std::string_view name);

// Task types seen in the API family; the set is open, these are only offered.
inline constexpr std::array<std::string_view, 2> kKnownTaskTypes{"polarclaw_install_skills",
                                                                 "polarclaw_uninstall_skills"};

// PolarDB's Describe* calls accept these page sizes.
inline constexpr std::array kPageSizes{30, 50, 100};
inline constexpr int kDefaultPageSize = 30;
// No listing has a billion pages; the bound keeps page arithmetic (rows before
// a page, next and previous) far from overflow, whatever a link asks for.
inline constexpr long long kMaxPageNumber = 1'000'000'000;

// A region ID as Alibaba Cloud writes them ("cn-hangzhou", "ap-southeast-1"):
// the form only; which regions a deployment serves comes from its service.
bool isRegionId(std::string_view text);

struct TaskQuery {
  std::string region;                 // empty: the deployment's default region
  std::string taskType;               // empty: every type
  std::vector<TaskStatus> statuses;   // kept in kAllTaskStatuses order, no repeats; empty: all
  std::optional<UnixSeconds> startTime;  // on the batch's creation time, UTC
  std::optional<UnixSeconds> endTime;
  int pageSize = kDefaultPageSize;
  long long pageNumber = 1;

  bool operator==(const TaskQuery&) const = default;
  // Everything but the page (the region included): two queries with equal
  // filters list the same rows.
  bool sameFilters(const TaskQuery& other) const;
  // Filters the person narrowed the list with (the region is where, not a filter).
  bool hasFilters() const;
  bool includesStatus(TaskStatus s) const;
};

// Puts statuses in canonical order without repeats, so equal sets compare equal.
std::vector<TaskStatus> normalizedStatuses(std::vector<TaskStatus> statuses);

struct QueryProblem {
  std::string field;    // the API parameter name: "EndTime", "PageSize", …
  Message message;      // for a person
  bool operator==(const QueryProblem&) const = default;
};
std::vector<QueryProblem> validate(const TaskQuery& q);

}  // namespace bt
