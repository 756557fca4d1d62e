// Failed subtasks grouped by cause: their ErrorMsg with numbers and ids
// masked, so "timed out after 300 s on i-bp1…" and "… 120 s on i-bp9…" are
// one cause. For the detail panel, and the InstanceIds to retry with.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/batch_task.hpp"

namespace bt {

struct FailureGroup {
  std::string cause;                 // the masked message ("" for subtasks without one)
  std::vector<std::size_t> subtasks;  // indices into the subtask list, in list order
  bool operator==(const FailureGroup&) const = default;
};

// A message with each number written "<n>" and each token that mixes letters
// and digits (instance ids, request ids, versions) written "<id>".
std::string maskCause(std::string_view message);

// The FAILED subtasks by cause, largest group first (ties: by cause).
std::vector<FailureGroup> groupFailures(const std::vector<SubTask>& subtasks);

// The InstanceIds of the chosen subtasks as a JSON array, the form
// CreateBatchTask's InstanceIds takes; empty ids are left out, repeats once.
std::string instanceIdsJson(const std::vector<SubTask>& subtasks, const std::vector<std::size_t>& which);

}  // namespace bt
