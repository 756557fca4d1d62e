// Everything that can happen to the widget, as data: the person's moves (from
// the view), the embedding page's commands, answers, timers and the browser's
// news. Each action says whether the URL change it makes is a new history
// entry (the person's own moves, so back and forward walk through them) or
// replaces the current one; the compiler refuses an action that does not say.
#pragma once
#include <concepts>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/state.hpp"

namespace bt {

enum class History { Push, Replace };

namespace act {
// The widget is up: load the first page. If the page already asked for it
// (web/boot.js fetches the default view while the wasm compiles), the body it
// sent is given here; when it is exactly what the model would send, the model
// adopts that request (adoptedRequestId) instead of sending its own.
struct Start {
  static constexpr History history = History::Replace;
  std::string earlyRequestBody;
};
// The region whose batches are listed; empty: the deployment's default.
struct SetRegion {
  static constexpr History history = History::Push;
  std::string region;
};
struct SetTaskType {
  static constexpr History history = History::Push;
  std::string taskType;
};
struct ToggleStatus {
  static constexpr History history = History::Push;
  TaskStatus status;
};
struct SetStatuses {
  static constexpr History history = History::Push;
  std::vector<TaskStatus> statuses;
};
struct SetTimeRange {
  static constexpr History history = History::Push;
  std::optional<UnixSeconds> start, end;
};
struct ClearFilters {
  static constexpr History history = History::Push;
};
struct SetQuery {  // a whole query
  static constexpr History history = History::Push;
  TaskQuery query;
};
// Some fields of the query, from the embedding page; the rest stay. New
// filters without a page number start from page 1, as any filter change does.
struct PatchQuery {
  static constexpr History history = History::Push;
  std::optional<std::string> region;
  std::optional<std::string> taskType;
  std::optional<std::vector<TaskStatus>> statuses;
  std::optional<std::optional<UnixSeconds>> startTime;  // engaged null: clear it
  std::optional<std::optional<UnixSeconds>> endTime;
  std::optional<int> pageSize;
  std::optional<long long> pageNumber;
};
struct GoToPage {
  static constexpr History history = History::Push;
  long long pageNumber;
};
struct NextPage {
  static constexpr History history = History::Push;
};
struct PrevPage {
  static constexpr History history = History::Push;
};
struct FirstPage {
  static constexpr History history = History::Push;
};
struct LastPage {
  static constexpr History history = History::Push;
};
struct SetPageSize {
  static constexpr History history = History::Push;
  int pageSize;
};
struct Refresh {  // also the person's "retry"
  static constexpr History history = History::Replace;
};
struct SelectBatch {  // empty closes the detail panel
  static constexpr History history = History::Push;
  std::string batchId;
};
struct ResponseArrived {
  static constexpr History history = History::Replace;
  std::uint64_t requestId;
  int httpStatus;
  std::string body;
  // The signing service's X-Batch-Tasks-Age and X-Batch-Tasks-Stale, as sent
  // (empty: absent); the model reads them (model/answer_source.hpp).
  std::string ageHeader = {};
  std::string staleHeader = {};
};
struct TransportFailed {
  static constexpr History history = History::Replace;
  std::uint64_t requestId;
  std::string detail;
};
struct TimerFired {
  static constexpr History history = History::Replace;
  Timer timer;
};
// On start, and on back/forward: the URL leads, so it is never written back.
struct UrlChanged {
  static constexpr History history = History::Replace;
  std::string fragment;
};
struct SetTimeZone {
  static constexpr History history = History::Replace;
  TimeZoneMode zone;
};
// The person's preferences as stored by the browser, on start, after the
// link's view: they apply where the link is silent.
struct RestorePreferences {
  static constexpr History history = History::Replace;
  std::optional<TimeZoneMode> timeZone;
  std::string lastLook = {};  // as saved (fx::SavePreference "lastLook"); "" if none
};
struct SetAutoRefresh {
  static constexpr History history = History::Replace;
  Millis intervalMs;
};
struct SetPauseWhenSettled {
  static constexpr History history = History::Replace;
  bool pause;
};
struct VisibilityChanged {
  static constexpr History history = History::Replace;
  bool visible;
};
// The page gained or lost focus: with visibility, whether the person is looking.
struct FocusChanged {
  static constexpr History history = History::Replace;
  bool focused;
};
struct DismissDigest {
  static constexpr History history = History::Replace;
};
struct SetStalledOnly {
  static constexpr History history = History::Replace;
  bool on;
};
// The person's opt-in to "a batch failed" notifications (asks the browser's
// permission when it is not yet given).
struct SetNotifyFailures {
  static constexpr History history = History::Replace;
  bool on;
};
// "Tell me when this one ends", for one batch.
struct SetNotifyWhenEnds {
  static constexpr History history = History::Replace;
  std::string batchId;
  bool on;
};
// What the browser says of notifications (on start, and after asking).
struct NotificationPermissionIs {
  static constexpr History history = History::Replace;
  NotificationPermission permission;
};
struct DismissNotices {
  static constexpr History history = History::Replace;
};
struct CommandIgnored {  // counted, never acted on
  static constexpr History history = History::Replace;
  std::string reason;
};
struct AddNotices {  // e.g. ignored page parameters
  static constexpr History history = History::Replace;
  std::vector<Message> notices;
};
// Export the rows on screen, or every page of the query shown (one page at a time).
struct StartExport {
  static constexpr History history = History::Replace;
  ExportFormat format;
  bool allPages;
};
struct CancelExport {
  static constexpr History history = History::Replace;
};
// Show the table or the timeline.
struct SetView {
  static constexpr History history = History::Push;
  ViewMode view;
};
// The find field: a BatchId opens its details, other text filters the loaded
// batches by name; "" clears the find (model/find.hpp decides which is which).
struct Find {
  static constexpr History history = History::Push;
  std::string text;
};
}  // namespace act

using Action = std::variant<act::Start, act::SetRegion, act::SetTaskType, act::ToggleStatus, act::SetStatuses,
                            act::SetTimeRange, act::ClearFilters, act::SetQuery, act::PatchQuery,
                            act::GoToPage,
                            act::NextPage, act::PrevPage, act::FirstPage, act::LastPage,
                            act::SetPageSize, act::Refresh, act::SelectBatch,
                            act::ResponseArrived, act::TransportFailed, act::TimerFired,
                            act::UrlChanged, act::SetTimeZone, act::RestorePreferences, act::SetAutoRefresh,
                            act::SetPauseWhenSettled, act::VisibilityChanged,
                            act::FocusChanged, act::DismissDigest, act::SetStalledOnly, act::SetNotifyFailures,
                            act::SetNotifyWhenEnds, act::NotificationPermissionIs,
                            act::DismissNotices, act::CommandIgnored, act::AddNotices,
                            act::StartExport, act::CancelExport, act::SetView, act::Find>;

template <class A>
concept DeclaresHistory = requires {
  { A::history } -> std::convertible_to<History>;
};

template <class Variant>
inline constexpr bool kEveryActionDeclaresHistory = false;
template <class... A>
inline constexpr bool kEveryActionDeclaresHistory<std::variant<A...>> = (DeclaresHistory<A> && ...);
static_assert(kEveryActionDeclaresHistory<Action>, "every action declares `static constexpr History history`");

// Whether the URL change an action makes adds a history entry.
inline History historyOf(const Action& action) {
  return std::visit([](const auto& a) { return std::decay_t<decltype(a)>::history; }, action);
}

}  // namespace bt
