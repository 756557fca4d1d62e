#include "model/snapshot.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "model/failures.hpp"
#include "model/paging.hpp"

namespace bt {

using nlohmann::json;

namespace {
json optionalTime(const std::optional<UnixSeconds>& t) {
  return t ? json(formatIsoUtc(*t)) : json(nullptr);
}
// The detail panel: the batch shown and its subtasks in summary.
json detailSnapshot(const AppState& s) {
  if (s.selectedBatchId.empty()) return nullptr;
  json d = {{"batchId", s.selectedBatchId},
            {"loading", s.detailRequest.busy()},
            {"error", s.detailRequest.error ? json(s.detailRequest.error->code) : json(nullptr)},
            {"message", s.detailRequest.error ? json(englishText(s.detailRequest.error->message)) : json(nullptr)},
            {"subTasks", nullptr},
            {"failedSubTasks", nullptr},
            {"failureGroups", nullptr}};
  if (s.detail) {
    d["subTasks"] = s.detail->subTasks.size();
    d["failedSubTasks"] = std::count_if(s.detail->subTasks.begin(), s.detail->subTasks.end(),
                                        [](const SubTask& t) { return t.status == "FAILED"; });
    d["status"] = s.detail->batch.status;
    json groups = json::array();
    for (const FailureGroup& g : s.failureGroups)
      groups.push_back({{"cause", g.cause}, {"count", g.subtasks.size()}});
    d["failureGroups"] = std::move(groups);
  }
  return d;
}

// The find field: null without a find. A text find lists the BatchIds on the
// page it lets show and counts the timeline's loaded batches it lets show; an
// id find says whether that batch was found (null while it is being asked for).
json findSnapshot(const AppState& s) {
  if (s.findKind == FindKind::None) return nullptr;
  json f = {{"text", s.findText}, {"kind", s.findKind == FindKind::BatchId ? "batchId" : "text"}};
  if (s.findKind == FindKind::BatchId) {
    json found = nullptr;
    if (s.selectedBatchId == s.findText && s.detail) found = true;
    else if (s.selectedBatchId == s.findText && s.detailRequest.error && !s.detailRequest.busy())
      found = saysBatchNotFound(*s.detailRequest.error) ? json(false) : json(nullptr);
    f["found"] = found;
    return f;
  }
  json rows = json::array();
  if (s.page)
    for (const BatchTask& t : s.page->tasks)
      if (passesFind(s, t)) rows.push_back(t.batchId);
  f["rows"] = std::move(rows);
  f["timeline"] = s.timeline ? json(std::count_if(s.timeline->batches.begin(), s.timeline->batches.end(),
                                                  [&](const BatchTask& t) { return passesFind(s, t); }))
                             : json(nullptr);
  return f;
}

json totalsSnapshot(const AppState& s) {
  const std::optional<StatusTotals> totals = currentTotals(s);
  if (!totals) return nullptr;
  json t = json::object();
  for (TaskStatus st : kAllTaskStatuses) t[std::string(statusName(st))] = totalOf(*totals, st);
  return t;
}

json changesSnapshot(const AppState& s) {
  json changes = json::array();
  for (const RowChange& c : s.changes) {
    json fields = json::array();
    if (c.added) fields.push_back("new");
    if (c.status) fields.push_back("Status");
    if (c.successCount) fields.push_back("SuccessCount");
    changes.push_back({{"BatchId", c.batchId}, {"fields", fields}});
  }
  return changes;
}

json digestSnapshot(const AppState& s) {
  if (!s.digest) return nullptr;
  return {{"since", s.digest->sinceMs}, {"failed", s.digest->failed}, {"completed", s.digest->completed},
          {"new", s.digest->added}};
}

// The timeline's data: null until the timeline was first shown.
json timelineSnapshot(const AppState& s) {
  if (!s.timeline) return nullptr;
  const TimelineSet& t = *s.timeline;
  json notes = json::array();
  for (const Message& n : timelineNotes(s)) notes.push_back(englishText(n));
  return {{"batches", t.batches.size()},
          {"complete", t.complete},
          {"capped", t.capped},
          {"loading", s.timelineRequest.busy()},
          {"refreshing", s.reloading.has_value()},
          {"pagesLoaded", t.pagesLoaded},
          {"totalPages", t.totalPages},
          {"totalCount", t.totalCount},
          {"lanes", s.lanes.lanes.size()},
          {"withoutBegin", s.lanes.withoutBegin},
          {"error", s.timelineRequest.error ? json(s.timelineRequest.error->code) : json(nullptr)},
          {"notes", notes}};
}

const char* permissionName(NotificationPermission p) {
  switch (p) {
    case NotificationPermission::Default: return "default";
    case NotificationPermission::Granted: return "granted";
    case NotificationPermission::Denied: return "denied";
    case NotificationPermission::Unknown: break;
  }
  return "unknown";
}

}  // namespace

std::string stateSnapshotJson(const AppState& s) {
  json statuses = json::array();
  for (TaskStatus st : s.query.statuses) statuses.push_back(statusName(st));
  json rows = json::array();
  if (s.page) {
    for (const BatchTask& t : s.page->tasks)
      rows.push_back({{"BatchId", t.batchId},
                      {"TaskName", t.taskName},
                      {"TaskType", t.taskType},
                      {"Status", t.status},
                      {"TotalCount", t.totalCount},
                      {"SuccessCount", t.successCount},
                      {"TaskBegin", t.taskBegin.raw},
                      {"TaskEnd", t.taskEnd.raw}});
  }
  json error = nullptr;
  if (s.list.error)
    error = {{"httpStatus", s.list.error->httpStatus},
             {"code", s.list.error->code},
             {"message", englishText(s.list.error->message)},
             {"requestId", s.list.error->requestId},
             {"retryable", s.list.error->retryable}};
  json problems = json::array();
  for (const QueryProblem& p : s.problems) problems.push_back({{"field", p.field}, {"message", englishText(p.message)}});
  json notices = json::array();
  for (const Message& n : s.notices) notices.push_back(englishText(n));
  const json doc = {
      {"query",
       {{"region", s.query.region},
        {"taskType", s.query.taskType},
        {"status", statuses},
        {"startTime", optionalTime(s.query.startTime)},
        {"endTime", optionalTime(s.query.endTime)},
        {"pageSize", s.query.pageSize},
        {"pageNumber", s.query.pageNumber}}},
      {"loading", isLoading(s)},
      {"stale", rowsAreStale(s)},
      {"error", error},
      {"totalCount", knownTotal(s)},
      {"totalPages", knownTotalPages(s)},
      {"rows", rows},
      {"rowsPageNumber", s.page ? json(s.pageQuery.pageNumber) : json(nullptr)},
      {"lastUpdated", s.page ? json(s.pageUpdatedMs) : json(nullptr)},
      {"source", s.page ? json{{"ageSeconds", s.pageSource.ageSeconds},
                               {"stale", s.pageSource.stale ? json(staleReasonName(*s.pageSource.stale)) : json(nullptr)}}
                        : json(nullptr)},
      {"selectedBatchId", s.selectedBatchId},
      {"regions", s.service ? json(s.service->regions) : json(nullptr)},
      {"defaultRegion", s.service ? json(s.service->defaultRegion) : json(nullptr)},
      {"detail", detailSnapshot(s)},
      {"problems", problems},
      {"notices", notices},
      {"timeZone", s.timeZone == TimeZoneMode::Local ? "local" : "utc"},
      {"view", std::string(viewModeName(s.view))},
      {"timeline", timelineSnapshot(s)},
      {"find", findSnapshot(s)},
      {"autoRefresh", {{"intervalMs", s.autoRefresh.intervalMs},
                       {"pauseWhenSettled", s.autoRefresh.pauseWhenSettled},
                       {"dueAt", s.autoRefresh.dueAtMs ? json(*s.autoRefresh.dueAtMs) : json(nullptr)}}},
      {"commands", {{"ignored", s.commandsIgnored}, {"lastIgnored", s.lastIgnoredCommand}}},
      {"totals", totalsSnapshot(s)},
      {"changes", changesSnapshot(s)},
      {"stalled", stalledBatches(s)},
      {"stallSeconds", s.stallMs / 1000},
      {"stalledOnly", s.stalledOnly},
      {"digest", digestSnapshot(s)},
      {"unseenFailed", s.unseenFailed},
      {"notify", {{"failures", s.notifyFailures}, {"permission", permissionName(s.permission)},
                  {"whenEnds", s.notifyWhenEnds}}},
  };
  // Strings came through the JSON parser, so they are valid UTF-8; replace
  // anyway rather than throw, should that ever change.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace bt
