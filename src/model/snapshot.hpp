// The state as the automation API shows it: window.BatchTasks.getState().
#pragma once
#include <string>

#include "model/app.hpp"

namespace bt {

// {query: {taskType, status: [...], startTime, endTime, pageSize, pageNumber},
//  loading, stale, error: null | {httpStatus, code, message, requestId, retryable},
//  totalCount, totalPages, rows: [{BatchId, TaskName, …}], lastUpdated,
//  selectedBatchId, detail: null | {batchId, loading, error, subTasks, failedSubTasks, status},
//  problems: [{field, message}], notices: [...], timeZone,
//  autoRefresh: {intervalMs, pauseWhenSettled, dueAt}, commands: {ignored, lastIgnored},
//  view: "table" | "timeline", timeline: null | {batches, complete, capped, loading, refreshing,
//  pagesLoaded, totalPages, totalCount, lanes, withoutBegin, error, notes: [...]}, …}
// Rows are the ones on screen, with the API's own field names and raw times.
std::string stateSnapshotJson(const AppState& s);

}  // namespace bt
