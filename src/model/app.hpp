// The widget's whole behaviour as one function: update(state, action, now)
// returns the next state and the effects the platform must carry out (send a
// request, start a timer). The state is a plain value; nothing here knows the
// browser, ImGui or the clock, so every path is tested natively and instantly.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/api_error.hpp"
#include "model/batch_task.hpp"
#include "model/export.hpp"
#include "model/task_query.hpp"
#include "model/url_state.hpp"
#include "model/wire.hpp"

namespace bt {

using Millis = long long;  // wall-clock milliseconds since the Unix epoch

struct Settings {
  int maxAttempts = 4;            // the first try and three retries
  Millis backoffBaseMs = 1000;    // doubled per attempt, with jitter
  Millis backoffMaxMs = 30000;
  Millis requestTimeoutMs = 20000;
  bool operator==(const Settings&) const = default;
};

enum class Channel { List, Detail, Export };
enum class TimerKind { RequestTimeout, Retry, AutoRefresh, ExportNextPage };

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

struct Timer {
  TimerKind kind;
  Channel channel;
  // Whose timer it is: the request id (timeouts, retries) or the auto-refresh
  // generation. A timer whose token is no longer current is ignored.
  std::uint64_t token;
  bool operator==(const Timer&) const = default;
};

// Auto-refresh never runs faster than this, however it is configured.
inline constexpr Millis kMinAutoRefreshMs = 5000;
inline constexpr std::array<Millis, 5> kAutoRefreshChoices{0, 5000, 10000, 30000, 60000};

struct AutoRefresh {
  Millis intervalMs = 0;          // 0: off
  bool pauseWhenSettled = false;  // pause while no row on the page is RUNNING or DISPATCHING
  bool pageVisible = true;        // hidden pages never refresh
  std::uint64_t generation = 0;   // bumped whenever the schedule changes
  std::optional<Millis> dueAtMs;  // the next refresh, if one is scheduled
  bool operator==(const AutoRefresh&) const = default;
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

struct AppState {
  Settings settings;
  bool started = false;

  TaskQuery query;                     // what the person asks for now
  std::vector<QueryProblem> problems;  // why `query` was not sent, if it was not
  TaskQuery requestedQuery;            // what the list channel's active request asks for
  RequestChannel list;
  std::optional<TaskPage> page;        // the rows on screen: the last page that arrived
  TaskQuery pageQuery;                 // the query `page` answers
  Millis pageUpdatedMs = 0;

  std::string selectedBatchId;         // empty: no detail panel
  RequestChannel detailRequest;
  std::optional<BatchDetail> detail;   // for selectedBatchId
  Millis detailUpdatedMs = 0;

  TimeZoneMode timeZone = TimeZoneMode::Utc;  // how times are shown
  AutoRefresh autoRefresh;
  std::vector<Message> notices;  // things ignored on the way in (a bad link), for a person
  std::uint64_t adoptedRequestId = 0;  // the list request answered by the page's early fetch
  std::uint64_t commandsIgnored = 0;   // embedding commands refused (bad origin, shape, size)
  std::string lastIgnoredCommand;      // why the latest one was refused

  std::optional<ExportJob> exportJob;
  RequestChannel exportRequest;

  std::uint64_t nextRequestId = 1;
  std::uint64_t jitterSeed = 0x9E3779B97F4A7C15ull;  // the platform seeds it
  bool operator==(const AppState&) const = default;
};

namespace act {
// The widget is up: load the first page. If the page already asked for it
// (web/boot.js fetches the default view while the wasm compiles), the body it
// sent is given here; when it is exactly what the model would send, the model
// adopts that request (adoptedRequestId) instead of sending its own.
struct Start { std::string earlyRequestBody; };
struct SetTaskType { std::string taskType; };
struct ToggleStatus { TaskStatus status; };
struct SetStatuses { std::vector<TaskStatus> statuses; };
struct SetTimeRange { std::optional<UnixSeconds> start, end; };
struct ClearFilters {};
struct SetQuery { TaskQuery query; };  // a whole query
// Some fields of the query, from the embedding page; the rest stay. New
// filters without a page number start from page 1, as any filter change does.
struct PatchQuery {
  std::optional<std::string> taskType;
  std::optional<std::vector<TaskStatus>> statuses;
  std::optional<std::optional<UnixSeconds>> startTime;  // engaged null: clear it
  std::optional<std::optional<UnixSeconds>> endTime;
  std::optional<int> pageSize;
  std::optional<long long> pageNumber;
};
struct GoToPage { long long pageNumber; };
struct NextPage {};
struct PrevPage {};
struct FirstPage {};
struct LastPage {};
struct SetPageSize { int pageSize; };
struct Refresh {};  // also the person's "retry"
struct SelectBatch { std::string batchId; };  // empty closes the detail panel
struct ResponseArrived { std::uint64_t requestId; int httpStatus; std::string body; };
struct TransportFailed { std::uint64_t requestId; std::string detail; };
struct TimerFired { Timer timer; };
struct UrlChanged { std::string fragment; };  // on start, and on back/forward
struct SetTimeZone { TimeZoneMode zone; };
struct SetAutoRefresh { Millis intervalMs; };
struct SetPauseWhenSettled { bool pause; };
struct PageVisibilityChanged { bool visible; };
struct DismissNotices {};
struct CommandIgnored { std::string reason; };  // counted, never acted on
struct AddNotices { std::vector<Message> notices; };  // e.g. ignored page parameters
// Export the rows on screen, or every page of the query shown (one page at a time).
struct StartExport { ExportFormat format; bool allPages; };
struct CancelExport {};
}  // namespace act

using Action = std::variant<act::Start, act::SetTaskType, act::ToggleStatus, act::SetStatuses,
                            act::SetTimeRange, act::ClearFilters, act::SetQuery, act::PatchQuery,
                            act::GoToPage,
                            act::NextPage, act::PrevPage, act::FirstPage, act::LastPage,
                            act::SetPageSize, act::Refresh, act::SelectBatch,
                            act::ResponseArrived, act::TransportFailed, act::TimerFired,
                            act::UrlChanged, act::SetTimeZone, act::SetAutoRefresh,
                            act::SetPauseWhenSettled, act::PageVisibilityChanged,
                            act::DismissNotices, act::CommandIgnored, act::AddNotices,
                            act::StartExport, act::CancelExport>;

namespace fx {
struct SendRequest {
  std::uint64_t requestId;
  Channel channel;
  WireParams params;  // POST them as a form body to the endpoint
  Millis timeoutMs;
  bool operator==(const SendRequest&) const = default;
};
struct StartTimer {
  Timer timer;
  Millis delayMs;
  bool operator==(const StartTimer&) const = default;
};
// Puts the view into the URL's fragment: a new history entry for the person's
// own moves (so back and forward walk through them), a replacement otherwise.
struct WriteUrl {
  std::string fragment;
  bool push;
  bool operator==(const WriteUrl&) const = default;
};
// Tells the embedding page: "load" (a page arrived), "error" (a load failed),
// "select" (the selected batch changed). `detail` is a JSON object.
struct Emit {
  std::string event;
  std::string detail;
  bool operator==(const Emit&) const = default;
};
// Hands a file to the person (a download in the browser).
struct Download {
  std::string fileName;
  std::string mimeType;
  std::string content;
  bool operator==(const Download&) const = default;
};
}  // namespace fx

using Effect = std::variant<fx::SendRequest, fx::StartTimer, fx::WriteUrl, fx::Emit, fx::Download>;

struct Step {
  AppState state;
  std::vector<Effect> effects;
};

Step update(AppState state, const Action& action, Millis now);

// Facts derived from the state, for views and the automation API.
bool isLoading(const AppState& s);
// The rows on screen do not answer the current query, or the latest refresh failed.
bool rowsAreStale(const AppState& s);
std::int64_t knownTotal(const AppState& s);  // 0 before the first page
UrlState urlStateOf(const AppState& s);
// No row on the page is RUNNING or DISPATCHING (nothing left to watch).
bool pageIsSettled(const AppState& s);
long long knownTotalPages(const AppState& s);  // 0 while unknown for these filters

}  // namespace bt
