// The widget's state: a plain value, the sum of one part per feature. Each
// feature's reducer (model/update/) changes only its own part and reads the
// others; AppState derives from the parts so that a reducer can be handed its
// part alone while views and tests read every field by its name.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/answer_source.hpp"
#include "model/api_error.hpp"
#include "model/batch_task.hpp"
#include "model/export.hpp"
#include "model/find.hpp"
#include "model/message.hpp"
#include "model/service_config.hpp"
#include "model/task_query.hpp"
#include "model/failures.hpp"
#include "model/timeline.hpp"
#include "model/url_state.hpp"
#include "model/watch.hpp"

namespace bt {

struct Settings {
  int maxAttempts = 4;            // the first try and three retries
  Millis backoffBaseMs = 1000;    // doubled per attempt, with jitter
  Millis backoffMaxMs = 30000;
  Millis requestTimeoutMs = 20000;
  bool operator==(const Settings&) const = default;
};

// Config: GET {api}/config, once at start; the only channel with no timers
// and no retries (without its answer the widget simply offers no regions).
enum class Channel { List, Detail, Export, Config, Count, Timeline };
enum class TimerKind { RequestTimeout, Retry, AutoRefresh, ExportNextPage };

struct Timer {
  TimerKind kind;
  Channel channel;
  // Whose timer it is: the request id (timeouts, retries) or the auto-refresh
  // generation. A timer whose token is no longer current is ignored.
  std::uint64_t token;
  bool operator==(const Timer&) const = default;
};

// One request slot with its retry state. Only the answer to `activeId` counts:
// a late answer to an older request is dropped, never shown.
struct RequestChannel {
  std::uint64_t activeId = 0;
  bool inFlight = false;
  int attempt = 0;                     // attempts made for the current load
  std::optional<Millis> retryAtMs;     // a retry is scheduled for then
  std::optional<ApiError> error;       // why the latest attempt failed
  bool busy() const { return inFlight || retryAtMs.has_value(); }
  bool operator==(const RequestChannel&) const = default;
};

// What every channel shares: the retry policy, request ids, the jitter's seed.
struct RequestState {
  Settings settings;
  std::uint64_t nextRequestId = 1;
  std::uint64_t jitterSeed = 0x9E3779B97F4A7C15ull;  // the platform seeds it
  bool operator==(const RequestState&) const = default;
};

// The list of batches: the query asked for and the page on screen.
struct ListState {
  TaskQuery query;                     // what the person asks for now
  std::vector<QueryProblem> problems;  // why `query` was not sent, if it was not
  TaskQuery requestedQuery;            // what the list channel's active request asks for
  RequestChannel list;
  std::optional<TaskPage> page;        // the rows on screen: the last page that arrived
  TaskQuery pageQuery;                 // the query `page` answers
  Millis pageUpdatedMs = 0;            // when `page` arrived
  AnswerSource pageSource;             // how old `page` was then, and why, if stale
  std::uint64_t adoptedRequestId = 0;  // the list request answered by the page's early fetch
  std::uint64_t pagesArrived = 0;      // counts pages, so others see that one arrived
  // When PolarDB gave the answer on screen: "Updated … ago" counts from here.
  Millis pageAnsweredMs() const { return pageUpdatedMs - pageSource.ageSeconds * 1000; }
  bool operator==(const ListState&) const = default;
};

// The detail panel: one batch and its subtasks.
struct DetailState {
  std::string selectedBatchId;         // empty: no detail panel
  std::string selectedRegion;          // the region of the list it was chosen from (empty: the default)
  RequestChannel detailRequest;
  std::optional<BatchDetail> detail;   // for selectedBatchId
  std::vector<FailureGroup> failureGroups;  // detail's failed subtasks by cause, made when it arrives
  Millis detailUpdatedMs = 0;
  bool operator==(const DetailState&) const = default;
};

// Pause between the pages of an export of everything: one page at a time, politely.
inline constexpr Millis kExportPagePauseMs = 250;

// An export of every page of a query, fetched one page at a time.
struct ExportJob {
  ExportFormat format = ExportFormat::Csv;
  TaskQuery query;          // the filters exported; its page advances as pages arrive
  long long totalPages = 0; // 0 until the first page says
  std::int64_t totalRows = 0;
  std::vector<BatchTask> rows;
  bool operator==(const ExportJob&) const = default;
};

struct ExportState {
  std::optional<ExportJob> exportJob;
  RequestChannel exportRequest;
  bool operator==(const ExportState&) const = default;
};

// Auto-refresh never runs faster than this, however it is configured.
inline constexpr Millis kMinAutoRefreshMs = 5000;
inline constexpr std::array<Millis, 5> kAutoRefreshChoices{0, 5000, 10000, 30000, 60000};

struct AutoRefresh {
  Millis intervalMs = 0;          // 0: off
  bool pauseWhenSettled = false;  // pause while no row on the page is RUNNING or DISPATCHING
  bool visible = true;        // hidden pages never refresh
  std::uint64_t generation = 0;   // bumped whenever the schedule changes
  std::optional<Millis> dueAtMs;  // the next refresh, if one is scheduled
  bool operator==(const AutoRefresh&) const = default;
};

struct AutoRefreshState {
  AutoRefresh autoRefresh;
  bool operator==(const AutoRefreshState&) const = default;
};

// What the embedding page and the person are told besides the rows.
struct HostState {
  TimeZoneMode timeZone = TimeZoneMode::Utc;  // how times are shown
  bool timeZoneFromLink = false;  // the link chose it: a stored preference does not override it
  std::vector<Message> notices;  // things ignored on the way in (a bad link), for a person
  std::uint64_t commandsIgnored = 0;   // embedding commands refused (bad origin, shape, size)
  std::string lastIgnoredCommand;      // why the latest one was refused
  bool operator==(const HostState&) const = default;
};

// What the deployment's service said about itself (GET {api}/config).
struct ConfigState {
  RequestChannel configRequest;
  std::optional<ServiceConfig> service;  // none: not yet, failed, or malformed; no region picker
  bool operator==(const ConfigState&) const = default;
};

// Totals are counted again at most this often for the same filters.
inline constexpr Millis kCountIntervalMs = 30000;

// The true totals per status for the current filters: one count request per
// status (page 1 of the smallest page size; its TotalCount is the count).
struct TotalsState {
  std::string countedFilters;  // the filters counted, form-encoded ("" before the first count)
  std::array<RequestChannel, kAllTaskStatuses.size()> counts;
  std::array<std::optional<std::int64_t>, kAllTaskStatuses.size()> counted;  // for countedFilters
  Millis countSentMs = 0;  // the 30 s limit counts from here
  bool operator==(const TotalsState&) const = default;
};

// Stall time: the default, and the least a deployment may set.
inline constexpr Millis kDefaultStallMs = 600000;
inline constexpr Millis kMinStallMs = 30000;
// A tab hidden this long gets a "since you last looked" line when shown again.
inline constexpr Millis kAwayForDigestMs = 60000;

enum class NotificationPermission { Unknown, Default, Granted, Denied };

// Watching while batches run: what changed, what is stuck, what the person
// has not seen yet, and who wants to be told.
struct WatchState {
  Observations observations;
  std::vector<RowChange> changes;  // what the latest refresh of the view changed
  Millis changesAtMs = 0;
  std::vector<std::string> newlyFailed;  // by the latest sighting
  Millis stallMs = kDefaultStallMs;
  bool stalledOnly = false;  // the table shows only stalled batches
  // The person's attention: looking means the page is visible and focused.
  bool focused = true;
  std::optional<Millis> hiddenSinceMs;
  std::optional<Look> lastLook;    // what the person last saw, kept across visits
  std::string lookKey = "lastLook";  // where it is kept: one per deployment (lastLookKey)
  std::optional<Look> digestBase;  // a digest against this waits for the next totals
  std::optional<Digest> digest;    // shown until dismissed
  // Failures the person has not seen: the badge in the title and favicon.
  std::optional<std::int64_t> failedSeen;  // the FAILED total when last looking
  std::vector<std::string> unseenFailedIds;
  std::int64_t unseenFailed = 0;
  // Notifications, opt-in.
  NotificationPermission permission = NotificationPermission::Unknown;
  bool notifyFailures = false;
  std::vector<std::string> notifyWhenEnds;  // BatchIds
  std::string lastSummary;  // the summary event last sent, to send only news
  bool operator==(const WatchState&) const = default;
};

// The timeline loads every page of the filters, this many rows a request.
inline constexpr int kTimelinePageSize = 100;
// It holds at most this many batches (the newest); more are "capped".
inline constexpr std::size_t kMaxTimelineBatches = 10000;
// The whole set is loaded again at most this often (auto-refresh, Refresh).
inline constexpr Millis kTimelineReloadMs = 60000;

// Every batch of one set of filters, as loaded so far.
struct TimelineSet {
  TaskQuery filters;              // the list's filters, page 1 of kTimelinePageSize
  std::vector<BatchTask> batches;  // newest first, as the API orders them; no BatchId twice
  long long pagesLoaded = 0;
  long long totalPages = 0;       // 0 until the first page says
  std::int64_t totalCount = 0;    // the API's TotalCount (or the rows seen, if more)
  bool complete = false;          // every page is in, or the cap was reached
  bool capped = false;            // more than kMaxTimelineBatches match
  bool operator==(const TimelineSet&) const = default;
};

// The timeline view's data. Loading runs only while the timeline is shown,
// one page at a time; a reload of the same filters fills `reloading` and
// replaces `timeline` once complete, so the bars never vanish meanwhile.
struct TimelineState {
  ViewMode view = ViewMode::Table;
  std::optional<TimelineSet> timeline;   // what the timeline shows; nullopt until first shown
  std::optional<TimelineSet> reloading;  // a reload of timeline's filters, not complete yet
  RequestChannel timelineRequest;        // for the next page of reloading, else of timeline
  Millis loadStartedMs = 0;              // when the set shown (or reloading) started loading
  TimelineLanes lanes;                   // timeline's batches packed: recomputed when they change
  bool operator==(const TimelineState&) const = default;
};

struct AppState : RequestState, ListState, DetailState, ExportState, AutoRefreshState, HostState, ConfigState,
                  TotalsState, WatchState, TimelineState, FindState {
  bool started = false;
  bool operator==(const AppState&) const = default;
};

}  // namespace bt
