// The widget's whole behaviour as one function: update(state, action, now)
// returns the next state and the effects the platform must carry out (send a
// request, start a timer). The state is a plain value; nothing here knows the
// browser, ImGui or the clock, so every path is tested natively and instantly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/api_error.hpp"
#include "model/batch_task.hpp"
#include "model/task_query.hpp"
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

enum class Channel { List, Detail };
enum class TimerKind { RequestTimeout, Retry };

struct Timer {
  TimerKind kind;
  Channel channel;
  std::uint64_t requestId;  // the request the timer belongs to; stale timers are ignored
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

  std::uint64_t nextRequestId = 1;
  std::uint64_t jitterSeed = 0x9E3779B97F4A7C15ull;  // the platform seeds it
  bool operator==(const AppState&) const = default;
};

namespace act {
struct Start {};  // the widget is up: load the first page
struct SetTaskType { std::string taskType; };
struct ToggleStatus { TaskStatus status; };
struct SetStatuses { std::vector<TaskStatus> statuses; };
struct SetTimeRange { std::optional<UnixSeconds> start, end; };
struct ClearFilters {};
struct SetQuery { TaskQuery query; };  // a whole query, from a link or the embedding page
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
}  // namespace act

using Action = std::variant<act::Start, act::SetTaskType, act::ToggleStatus, act::SetStatuses,
                            act::SetTimeRange, act::ClearFilters, act::SetQuery, act::GoToPage,
                            act::NextPage, act::PrevPage, act::FirstPage, act::LastPage,
                            act::SetPageSize, act::Refresh, act::SelectBatch,
                            act::ResponseArrived, act::TransportFailed, act::TimerFired>;

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
}  // namespace fx

using Effect = std::variant<fx::SendRequest, fx::StartTimer>;

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
long long knownTotalPages(const AppState& s);  // 0 while unknown for these filters

}  // namespace bt
