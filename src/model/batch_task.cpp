#include "model/batch_task.hpp"

#include <algorithm>

#include "model/task_query.hpp"

namespace bt {

bool BatchTask::ended() const {
  return finished() || status == statusName(TaskStatus::Completed) || status == statusName(TaskStatus::Failed);
}

bool BatchTask::endsBeforeBegin() const {
  return taskBegin.at && taskEnd.at && *taskEnd.at < *taskBegin.at;
}

std::int64_t BatchTask::displayTotal() const { return std::max<std::int64_t>(totalCount, 0); }

std::int64_t BatchTask::displaySuccess() const {
  return std::clamp<std::int64_t>(successCount, 0, displayTotal());
}

bool BatchTask::countsInconsistent() const {
  return totalCount < 0 || successCount < 0 || successCount > totalCount;
}

}  // namespace bt
