// The input as a session: a sequence of actions (filters, paging, page sizes,
// links, selections, exports, answers, transport failures, timers, the clock
// moving) applied through bt::update, with the model's promises checked after
// every step.
//
// Answers are biased toward what a platform delivers (the ids of requests sent
// lately, timers that were started) and their bodies are either sliced from
// the input or built from fuzzed numbers, so deep paging paths are reached
// without the fuzzer having to invent JSON first.
//
// BT_FUZZ_TRACE=1 prints each step, to read a crashing input as a session.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "model/app.hpp"
#include "model/export.hpp"
#include "model/paging.hpp"
#include "model/snapshot.hpp"
#include "model/task_query.hpp"
#include "model/time.hpp"
#include "model/url_state.hpp"
#include "model/wire.hpp"

using namespace bt;

namespace {

constexpr std::size_t kMaxSteps = 64;
constexpr std::size_t kMaxBodyBytes = 4096;
// The channels with one request slot each; Count has one per status.
constexpr Channel kChannels[] = {Channel::List, Channel::Detail, Channel::Export, Channel::Timeline};
constexpr Channel kTimedChannels[] = {Channel::List, Channel::Detail, Channel::Export, Channel::Timeline,
                                      Channel::Count};
constexpr std::size_t kChannelCount = 6;  // every Channel, as an index

// The slot of a channel; for counts, the one awaiting `requestId` (else the first).
const RequestChannel& channelOf(const AppState& s, Channel c, std::uint64_t requestId = 0) {
  switch (c) {
    case Channel::List: return s.list;
    case Channel::Detail: return s.detailRequest;
    case Channel::Export: return s.exportRequest;
    case Channel::Config: return s.configRequest;
    case Channel::Timeline: return s.timelineRequest;
    case Channel::Count:
      for (const RequestChannel& rc : s.counts)
        if (rc.activeId == requestId) return rc;
      return s.counts[0];
  }
  fuzz::violated("a channel the harness does not know", __FILE__, __LINE__);
}

struct Session {
  FuzzedDataProvider& in;
  AppState state;
  Millis now = 1'775'000'000'000;
  std::vector<std::uint64_t> sentIds;  // every request sent, oldest first
  std::vector<fx::StartTimer> timers;  // started and not yet fired

  explicit Session(FuzzedDataProvider& provider) : in(provider) {}

  // --- Picking values -------------------------------------------------------

  // Mostly small numbers, often the edges of the type.
  template <typename Int>
  Int pickInt(Int small) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: return std::numeric_limits<Int>::max();
      case 1: return std::numeric_limits<Int>::min();
      case 2: return in.ConsumeIntegral<Int>();
      case 3: return static_cast<Int>(-in.ConsumeIntegralInRange<Int>(0, small));
      default: return in.ConsumeIntegralInRange<Int>(0, small);
    }
  }

  template <typename T, std::size_t N>
  const T& pickOf(const T (&choices)[N]) {
    return choices[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
  }

  int pickPageSize() {
    if (in.ConsumeBool()) return kPageSizes[in.ConsumeIntegralInRange<std::size_t>(0, kPageSizes.size() - 1)];
    return pickInt<int>(200);
  }

  std::optional<UnixSeconds> pickTime() {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: return std::nullopt;
      case 1: return in.ConsumeIntegral<UnixSeconds>();
      default: return 1'775'000'000 + in.ConsumeIntegralInRange<UnixSeconds>(-90 * 86400, 90 * 86400);
    }
  }

  TaskStatus pickStatus() {
    return kAllTaskStatuses[in.ConsumeIntegralInRange<std::size_t>(0, kAllTaskStatuses.size() - 1)];
  }

  std::vector<TaskStatus> pickStatuses() {  // repeats and any order: the model normalises
    std::vector<TaskStatus> out(in.ConsumeIntegralInRange<std::size_t>(0, 6));
    for (TaskStatus& s : out) s = pickStatus();
    return out;
  }

  std::string pickTaskType() {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: return "";
      case 1: return std::string(kKnownTaskTypes[in.ConsumeBool() ? 1 : 0]);
      case 2: return std::string(in.ConsumeIntegralInRange<std::size_t>(120, 140), 'x');  // around the limit
      default: return in.ConsumeRandomLengthString(64);
    }
  }

  // An id as a platform would answer with: mostly one sent lately.
  std::uint64_t pickRequestId() {
    switch (in.ConsumeIntegralInRange<int>(0, 8)) {
      case 0: return state.list.activeId;
      case 1: return state.detailRequest.activeId;
      case 2: return state.exportRequest.activeId;
      case 3: {
        switch (in.ConsumeIntegralInRange<int>(0, 3)) {
          case 0: return state.configRequest.activeId;
          case 1: return state.counts[in.ConsumeIntegralInRange<std::size_t>(0, state.counts.size() - 1)].activeId;
          case 2: return state.timelineRequest.activeId;
          default: return in.ConsumeIntegral<std::uint64_t>();
        }
      }
      case 4: return state.nextRequestId;  // not sent yet
      default: {
        if (sentIds.empty()) return 0;
        const std::size_t back = in.ConsumeIntegralInRange<std::size_t>(0, std::min<std::size_t>(sentIds.size() - 1, 4));
        return sentIds[sentIds.size() - 1 - back];
      }
    }
  }

  int pickHttpStatus() {
    static constexpr int kStatuses[] = {200, 200, 200, 200, 400, 403, 404, 429, 500, 502, 503};
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) return in.ConsumeIntegral<int>();
    return pickOf(kStatuses);
  }

  // A count as the API may write it: a number, a numeric string, or missing.
  std::string countField(const char* name, std::int64_t value) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: return "";
      case 1: return std::string(",\"") + name + "\":\"" + std::to_string(value) + "\"";
      default: return std::string(",\"") + name + "\":" + std::to_string(value);
    }
  }

  std::string batchJson(std::size_t index) {
    static const char* const kStatusNames[] = {"RUNNING", "COMPLETED", "FAILED", "DISPATCHING", "PAUSED"};
    static const char* const kNames[] = {"batch_task_test", "=HYPERLINK(\\\"x\\\")", "+1", "a,b\\n\\\"c\\\"", "\\u4efb\\u52a1"};
    std::string b = "{\"BatchId\":\"pcb-" + std::to_string(index) + "\",\"Status\":\"" + pickOf(kStatusNames) +
                    "\",\"TaskName\":\"" + pickOf(kNames) + "\"";
    b += countField("TotalCount", pickInt<std::int64_t>(20));
    b += countField("SuccessCount", pickInt<std::int64_t>(20));
    if (in.ConsumeBool()) b += ",\"TaskBegin\":\"2026-04-06 20:51:44\"";
    if (in.ConsumeBool()) b += ",\"TaskEnd\":\"2026/04/06T22:43:26Z\"";
    return b + "}";
  }

  // A DescribeBatchTasks page built from fuzzed numbers: well-formed JSON
  // whose counts and paging disagree with the request in every way.
  std::string pageBody() {
    // Mostly a few rows; now and then more than any page holds (rows are the
    // costly part of a step).
    const std::size_t rows = in.ConsumeIntegralInRange<std::size_t>(0, in.ConsumeIntegralInRange<int>(0, 7) ? 4 : 120);
    std::string body = "{\"RequestId\":\"R\",\"TaskList\":[";
    for (std::size_t i = 0; i < rows; ++i) body += (i ? "," : "") + batchJson(i);
    body += "]";
    body += countField("TotalCount", pickInt<std::int64_t>(500));
    body += countField("PageSize", in.ConsumeBool() ? std::int64_t{state.requestedQuery.pageSize} : pickInt<std::int64_t>(200));
    body += countField("PageNumber", in.ConsumeBool() ? std::int64_t{state.requestedQuery.pageNumber} : pickInt<std::int64_t>(30));
    return body + "}";
  }

  std::string detailBody() {
    std::string body = "{\"RequestId\":\"D\"," + batchJson(0).substr(1);
    body.pop_back();  // reopen the batch object to add its subtasks
    body += ",\"ApplicationType\":\"polarclaw\",\"SubTasks\":[";
    const std::size_t subtasks = in.ConsumeIntegralInRange<std::size_t>(0, 8);
    for (std::size_t i = 0; i < subtasks; ++i)
      body += std::string(i ? "," : "") + "{\"TaskId\":\"t" + std::to_string(i) +
              "\",\"Status\":\"FAILED\",\"ErrorMsg\":\"boom\"}";
    return body + "]}";
  }

  std::string errorBody() {
    static const char* const kCodes[] = {"Throttling.User", "ServiceUnavailable", "InvalidParameter",
                                         "Forbidden.RAM", "InternalError", "InvalidBatchId.NotFound", ""};
    return std::string("{\"RequestId\":\"E\",\"Code\":\"") + pickOf(kCodes) + "\",\"Message\":\"m\"}";
  }

  // Regions as a service or a link may name them: served, not served, not region IDs.
  std::string pickRegion() {
    static const char* const kRegions[] = {"", "cn-hangzhou", "cn-beijing", "cn-nowhere", "CN_x", "cn-"};
    return in.ConsumeBool() ? pickOf(kRegions) : in.ConsumeRandomLengthString(16);
  }

  // The service's configuration: usually well formed, sometimes not.
  std::string configBody() {
    static const char* const kConfigs[] = {
        R"({"regions":["cn-hangzhou","cn-beijing"],"defaultRegion":"cn-hangzhou"})",
        R"({"regions":["cn-hangzhou"],"defaultRegion":"cn-hangzhou"})",
        R"({"regions":["cn-beijing"],"defaultRegion":"cn-hangzhou"})", R"({"regions":[]})", "{}"};
    return pickOf(kConfigs);
  }

  std::string pickBody() {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: return in.ConsumeRandomLengthString(kMaxBodyBytes);  // a slice of the input
      case 1: return detailBody();
      case 2: return errorBody();
      case 3: return in.ConsumeBool() ? configBody() : pageBody();
      default: return pageBody();
    }
  }

  // A link's view part: one the model could have written, pieces of one, or bytes.
  std::string pickFragment() {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: return in.ConsumeRandomLengthString(512);
      case 1: {
        static const char* const kParts[] = {
            "type=polarclaw_install_skills", "status=RUNNING,FAILED", "status=PAUSED", "from=2026-04-06T00:00:00Z",
            "to=2026-04-07T00:00:00Z", "to=2026-04-01T00:00:00Z", "page=2", "page=0", "page=9223372036854775807",
            "page=1000000001", "size=50", "size=7", "batch=pcb-xxx", "batch=%FF", "tz=local", "tz=utc", "tz=mars",
            "%", "=&&=", "region=cn-beijing", "region=cn-nowhere", "region=CN_x"};
        std::string out = in.ConsumeBool() ? "#" : "";
        for (std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 6); n > 0; --n)
          out += std::string(pickOf(kParts)) + "&";
        return out;
      }
      default: {
        UrlState u{state.query, state.selectedBatchId, state.timeZone};
        if (in.ConsumeBool()) u.query.pageNumber = pickInt<long long>(40);
        if (in.ConsumeBool()) u.selectedBatchId = in.ConsumeBool() ? "" : "pcb-" + std::to_string(in.ConsumeIntegral<std::uint8_t>());
        return encodeUrlState(u);
      }
    }
  }

  act::TimerFired pickTimer() {
    if (!timers.empty() && in.ConsumeBool()) {  // one the platform started: it fires on time
      const std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, timers.size() - 1);
      const fx::StartTimer t = timers[i];
      timers.erase(timers.begin() + static_cast<std::ptrdiff_t>(i));
      now += t.delayMs;
      return {t.timer};
    }
    static constexpr TimerKind kKinds[] = {TimerKind::RequestTimeout, TimerKind::Retry, TimerKind::AutoRefresh,
                                           TimerKind::ExportNextPage};
    const TimerKind kind = pickOf(kKinds);
    const std::uint64_t token = kind == TimerKind::AutoRefresh && in.ConsumeBool() ? state.autoRefresh.generation
                                                                                    : pickRequestId();
    return {{kind, pickOf(kTimedChannels), token}};
  }

  // --- Actions --------------------------------------------------------------

  Action pickAction() {
    switch (in.ConsumeIntegralInRange<int>(0, 41)) {
      case 0: {
        // The page's early request: sometimes exactly what the model would send.
        std::string early;
        if (in.ConsumeBool()) early = formEncode(describeBatchTasksParams(state.query));
        else if (in.ConsumeBool()) early = in.ConsumeRandomLengthString(64);
        return act::Start{std::move(early)};
      }
      case 1: return act::SetTaskType{pickTaskType()};
      case 2: return act::ToggleStatus{pickStatus()};
      case 3: return act::SetStatuses{pickStatuses()};
      case 4: {
        const auto start = pickTime();
        return act::SetTimeRange{start, pickTime()};
      }
      case 5: return act::ClearFilters{};
      case 6: {
        TaskQuery q;
        q.region = pickRegion();
        q.taskType = pickTaskType();
        q.statuses = pickStatuses();
        q.startTime = pickTime();
        q.endTime = pickTime();
        q.pageSize = pickPageSize();
        q.pageNumber = pickInt<long long>(40);
        return act::SetQuery{std::move(q)};
      }
      case 7: {
        act::PatchQuery p;
        if (in.ConsumeBool()) p.region = pickRegion();
        if (in.ConsumeBool()) p.taskType = pickTaskType();
        if (in.ConsumeBool()) p.statuses = pickStatuses();
        if (in.ConsumeBool()) p.startTime = pickTime();
        if (in.ConsumeBool()) p.endTime = pickTime();
        if (in.ConsumeBool()) p.pageSize = pickPageSize();
        if (in.ConsumeBool()) p.pageNumber = pickInt<long long>(40);
        return p;
      }
      case 8: return act::GoToPage{pickInt<long long>(40)};
      case 9: return act::NextPage{};
      case 10: return act::PrevPage{};
      case 11: return act::FirstPage{};
      case 12: return act::LastPage{};
      case 13: return act::SetPageSize{pickPageSize()};
      case 14: return act::Refresh{};
      case 15: {
        std::string id;
        if (state.page && !state.page->tasks.empty() && in.ConsumeBool())
          id = state.page->tasks[in.ConsumeIntegralInRange<std::size_t>(0, state.page->tasks.size() - 1)].batchId;
        else if (in.ConsumeBool())
          id = in.ConsumeRandomLengthString(16);
        return act::SelectBatch{std::move(id)};
      }
      case 16: return act::TransportFailed{pickRequestId(), in.ConsumeRandomLengthString(32)};
      case 17:
      case 18: return pickTimer();
      case 19: return act::UrlChanged{pickFragment()};
      case 20: return act::SetTimeZone{in.ConsumeBool() ? TimeZoneMode::Local : TimeZoneMode::Utc};
      case 21: {
        // The commands and the page configuration bound the interval to a day.
        if (in.ConsumeBool()) return act::SetAutoRefresh{kAutoRefreshChoices[in.ConsumeIntegralInRange<std::size_t>(0, kAutoRefreshChoices.size() - 1)]};
        return act::SetAutoRefresh{in.ConsumeIntegralInRange<Millis>(-1000, 86'400'000)};
      }
      case 22: return act::SetPauseWhenSettled{in.ConsumeBool()};
      case 23: return act::VisibilityChanged{in.ConsumeBool()};
      case 24: return act::DismissNotices{};
      case 25: return act::CommandIgnored{in.ConsumeRandomLengthString(300)};
      case 26: return act::AddNotices{{verbatim(in.ConsumeRandomLengthString(64))}};
      case 27: return act::StartExport{in.ConsumeBool() ? ExportFormat::Json : ExportFormat::Csv, in.ConsumeBool()};
      case 28: return act::CancelExport{};
      case 29: return act::SetRegion{pickRegion()};
      case 30: return act::FocusChanged{in.ConsumeBool()};
      case 31: return act::SetView{in.ConsumeBool() ? ViewMode::Timeline : ViewMode::Table};
      case 32: return act::SetStalledOnly{in.ConsumeBool()};
      case 33: return act::SetNotifyFailures{in.ConsumeBool()};
      case 34: {
        static constexpr NotificationPermission kPermissions[] = {
            NotificationPermission::Default, NotificationPermission::Granted, NotificationPermission::Denied};
        return act::NotificationPermissionIs{pickOf(kPermissions)};
      }
      case 35: return act::SetNotifyWhenEnds{in.ConsumeRandomLengthString(24), in.ConsumeBool()};
      case 36: return act::DismissDigest{};
      case 37: return act::RestorePreferences{std::nullopt, in.ConsumeRandomLengthString(200)};
      case 38: {
        // The find field: a row's id, an id in the API's shape, text, bytes, or nothing.
        switch (in.ConsumeIntegralInRange<int>(0, 3)) {
          case 0:
            if (state.page && !state.page->tasks.empty())
              return act::Find{state.page->tasks[in.ConsumeIntegralInRange<std::size_t>(0, state.page->tasks.size() - 1)].batchId};
            return act::Find{"pcb-0"};
          case 1: return act::Find{"pcb-" + in.ConsumeRandomLengthString(20)};
          case 2: return act::Find{""};
          default: return act::Find{in.ConsumeRandomLengthString(300)};
        }
      }
      default: return act::ResponseArrived{pickRequestId(), pickHttpStatus(), pickBody()};
    }
  }

  // --- Invariants -----------------------------------------------------------

  // A link reproduces the view it was written for, whenever that view can be
  // written as a link at all (a valid query, times of four-digit years, text
  // that fits the link's limits).
  static bool linkable(const AppState& s) {
    const auto fits = [](const std::string& text) {
      return text.size() <= 256 && fuzz::isUtf8(text) &&
             std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
    };
    const auto writable = [](const std::optional<UnixSeconds>& t) {
      return !t || (*t >= -62'135'596'800 && *t <= 253'402'300'799);
    };
    // (Links refuse control characters, and task types over 128 bytes, which a
    // query refuses too.)
    return validate(s.query).empty() && writable(s.query.startTime) && writable(s.query.endTime) &&
           fits(s.query.taskType) && fits(s.selectedBatchId);
  }

  static void checkUrlRoundTrip(const AppState& s, const std::string& fragment) {
    if (!linkable(s) || fragment.size() > 8192) return;
    const ParsedUrlState parsed = parseUrlState(fragment);
    FUZZ_CHECK(parsed.problems.empty());
    FUZZ_CHECK(parsed.state == urlStateOf(s));
  }

  static void checkChannel(const AppState& s, const RequestChannel& rc) {
    FUZZ_CHECK(!(rc.inFlight && rc.retryAtMs));  // waiting for an answer or for a retry, not both
    FUZZ_CHECK(!rc.inFlight || (rc.activeId != 0 && rc.activeId < s.nextRequestId));
    FUZZ_CHECK(rc.attempt >= 0 && rc.attempt <= s.settings.maxAttempts);
    FUZZ_CHECK(!rc.retryAtMs || rc.error);  // a retry is scheduled because something failed
    if (rc.error) fuzz::checkApiError(*rc.error, rc.error->httpStatus);
  }

  // What a request carries, by channel: only valid queries go out, and the
  // request says what the state records as asked.
  static void checkRequest(const AppState& s, const fx::SendRequest& send) {
    switch (send.channel) {
      case Channel::List:
        FUZZ_CHECK(validate(s.requestedQuery).empty());
        FUZZ_CHECK(send.params == describeBatchTasksParams(s.requestedQuery));
        break;
      case Channel::Detail:
        FUZZ_CHECK(!s.selectedBatchId.empty());
        FUZZ_CHECK(send.params == describeBatchTaskParams(s.selectedBatchId, s.selectedRegion));
        break;
      case Channel::Export:
        FUZZ_CHECK(s.exportJob.has_value());
        FUZZ_CHECK(validate(s.exportJob->query).empty());
        FUZZ_CHECK(send.params == describeBatchTasksParams(s.exportJob->query));
        break;
      case Channel::Count: {
        // The filters counted, with one status and the smallest page.
        WireParams rest;
        int statuses = 0;
        for (const auto& param : send.params) {
          if (param.first == "Status") ++statuses;
          else rest.push_back(param);
        }
        FUZZ_CHECK(statuses == 1);
        FUZZ_CHECK(formEncode(rest) == s.countedFilters);
        FUZZ_CHECK(s.countedFilters == countedFiltersOf(s.query));
        break;
      }
      case Channel::Timeline:
        FUZZ_CHECK(s.view == ViewMode::Timeline);
        FUZZ_CHECK(std::find(send.params.begin(), send.params.end(),
                             std::pair<std::string, std::string>{"PageSize", std::to_string(kTimelinePageSize)}) !=
                   send.params.end());
        break;
      case Channel::Config:  // fetched with fx::FetchConfig, never sent as an API call
        fuzz::violated("an API call on the config channel", __FILE__, __LINE__);
    }
  }

  // Once the service has said which regions it serves, the list and the details
  // ask only for those (or for the default).
  static void checkRegions(const AppState& s) {
    if (!s.service) return;
    FUZZ_CHECK(s.query.region.empty() || s.service->serves(s.query.region));
    FUZZ_CHECK(s.selectedRegion.empty() || s.service->serves(s.selectedRegion));
    FUZZ_CHECK(!s.service->regions.empty() && s.service->serves(s.service->defaultRegion));
  }

  static void checkDownload(const fx::Download& d) {
    FUZZ_CHECK(!d.fileName.empty() && !d.mimeType.empty());
    if (d.fileName.ends_with(".json")) {
      const auto doc = nlohmann::json::parse(d.content, nullptr, /*allow_exceptions=*/false);
      FUZZ_CHECK(doc.is_array() && doc.size() <= kMaxExportRows);
    }
  }

  void checkStep(const AppState& before, const Step& step) {
    const AppState& s = step.state;
    FUZZ_CHECK(s.nextRequestId >= before.nextRequestId);
    // No request and no timer before the widget starts.
    if (!s.started)
      for (const Effect& e : step.effects)
        FUZZ_CHECK(!std::holds_alternative<fx::SendRequest>(e) && !std::holds_alternative<fx::StartTimer>(e) &&
                   !std::holds_alternative<fx::FetchConfig>(e));
    checkRegions(s);
    for (Channel c : kChannels) checkChannel(s, channelOf(s, c));
    for (const RequestChannel& rc : s.counts) checkChannel(s, rc);
    // One request slot per channel, and never the same request on two.
    for (Channel a : kChannels)
      for (Channel b : kChannels)
        if (a != b && channelOf(s, a).activeId != 0) FUZZ_CHECK(channelOf(s, a).activeId != channelOf(s, b).activeId);
    FUZZ_CHECK(!s.detailRequest.inFlight || !s.selectedBatchId.empty());
    FUZZ_CHECK(!s.exportRequest.busy() || s.exportJob.has_value());
    if (s.exportJob) FUZZ_CHECK(s.exportJob->rows.size() <= kMaxExportRows);
    // Find holds what it applied: bounded, empty only without a find, and a BatchId only in the id's shape.
    FUZZ_CHECK(s.findText.size() <= kMaxFindBytes);
    FUZZ_CHECK((s.findKind == FindKind::None) == s.findText.empty());
    if (s.findKind == FindKind::BatchId) FUZZ_CHECK(looksLikeBatchId(s.findText));

    // The problems shown are those of the query shown; a valid query names a page.
    FUZZ_CHECK(s.problems == validate(s.query));
    if (s.problems.empty()) FUZZ_CHECK(s.query.pageNumber >= 1 && s.query.pageNumber <= kMaxPageNumber);
    FUZZ_CHECK(s.query.statuses == normalizedStatuses(s.query.statuses));
    // Rows on screen answer a query that was valid when it was sent.
    if (s.page) FUZZ_CHECK(validate(s.pageQuery).empty());

    int sendsPerChannel[kChannelCount] = {};
    int urlWrites = 0;
    std::uint64_t expectedId = before.nextRequestId;
    // The page's early request takes an id without a SendRequest: only its timeout is ours.
    if (s.adoptedRequestId != before.adoptedRequestId)
      FUZZ_CHECK(s.adoptedRequestId == expectedId++ && s.list.activeId == s.adoptedRequestId);
    for (const Effect& e : step.effects) {
      if (const auto* send = std::get_if<fx::SendRequest>(&e)) {
        FUZZ_CHECK(send->requestId == expectedId++);  // fresh ids, in order
        ++sendsPerChannel[static_cast<std::size_t>(send->channel)];
        const RequestChannel& rc = channelOf(s, send->channel, send->requestId);
        FUZZ_CHECK(rc.inFlight && rc.activeId == send->requestId);  // the one sent is the one awaited
        checkRequest(s, *send);
        // Every request is timed.
        FUZZ_CHECK(std::any_of(step.effects.begin(), step.effects.end(), [&](const Effect& f) {
          const auto* t = std::get_if<fx::StartTimer>(&f);
          return t && t->timer == Timer{TimerKind::RequestTimeout, send->channel, send->requestId};
        }));
      } else if (const auto* config = std::get_if<fx::FetchConfig>(&e)) {
        FUZZ_CHECK(config->requestId == expectedId++);
        FUZZ_CHECK(s.configRequest.inFlight && s.configRequest.activeId == config->requestId);
        FUZZ_CHECK(!before.started && s.started);  // asked once, at start
      } else if (const auto* timer = std::get_if<fx::StartTimer>(&e)) {
        FUZZ_CHECK(timer->delayMs >= 0);
        switch (timer->timer.kind) {
          case TimerKind::RequestTimeout:
            FUZZ_CHECK(timer->delayMs == s.settings.requestTimeoutMs);
            break;
          case TimerKind::Retry: {
            const RequestChannel& rc = channelOf(s, timer->timer.channel, timer->timer.token);
            FUZZ_CHECK(timer->delayMs <= s.settings.backoffMaxMs);
            FUZZ_CHECK(rc.retryAtMs == now + timer->delayMs && rc.activeId == timer->timer.token);
            break;
          }
          case TimerKind::AutoRefresh:
            FUZZ_CHECK(timer->delayMs >= kMinAutoRefreshMs && timer->delayMs == s.autoRefresh.intervalMs);
            break;
          case TimerKind::ExportNextPage:
            FUZZ_CHECK(s.exportJob && timer->timer.token == s.exportRequest.activeId);
            break;
        }
      } else if (const auto* url = std::get_if<fx::WriteUrl>(&e)) {
        ++urlWrites;
        checkUrlRoundTrip(s, url->fragment);
      } else if (const auto* emitted = std::get_if<fx::Emit>(&e)) {
        // Events for the embedding page carry a JSON object.
        FUZZ_CHECK(!emitted->event.empty());
        const auto detail = nlohmann::json::parse(emitted->detail, nullptr, /*allow_exceptions=*/false);
        FUZZ_CHECK(detail.is_object());
      } else if (const auto* download = std::get_if<fx::Download>(&e)) {
        checkDownload(*download);
      }
    }
    for (std::size_t c = 0; c < kChannelCount; ++c)  // the counts: one per status
      FUZZ_CHECK(sendsPerChannel[c] <= (c == static_cast<std::size_t>(Channel::Count) ? 4 : 1));
    FUZZ_CHECK(urlWrites <= 1);
    FUZZ_CHECK(expectedId == s.nextRequestId);  // no id handed out without a request

    // Auto-refresh runs only for a started, visible widget, never faster than its floor.
    const AutoRefresh& ar = s.autoRefresh;
    FUZZ_CHECK(ar.intervalMs == 0 || ar.intervalMs >= kMinAutoRefreshMs);
    if (ar.dueAtMs) FUZZ_CHECK(s.started && ar.visible && ar.intervalMs > 0);

    // What the view and the automation API read must be computable in any state.
    (void)isLoading(s);
    (void)pageIsSettled(s);
    const bool stale = rowsAreStale(s);
    FUZZ_CHECK(!stale || s.page);
    const std::int64_t total = knownTotal(s);
    const long long pages = knownTotalPages(s);
    FUZZ_CHECK(total >= 0 && pages >= 0);
    if (s.page) {
      (void)formatRowRange(s.pageQuery.pageNumber, s.pageQuery.pageSize, s.page->tasks.size(), total);
      (void)formatAge((now - s.pageUpdatedMs) / 1000);
      for (const BatchTask& b : s.page->tasks) fuzz::checkBatch(b);
    }
    const nlohmann::json snapshot = fuzz::parseSnapshot(stateSnapshotJson(s));
    FUZZ_CHECK(snapshot["rows"].size() == (s.page ? s.page->tasks.size() : 0));
  }

  void trace(const Action& action) const {
    static const bool enabled = std::getenv("BT_FUZZ_TRACE") != nullptr;
    if (!enabled) return;
    std::fprintf(stderr, "t=%lld action#%zu", now, action.index());
    if (const auto* a = std::get_if<act::ResponseArrived>(&action))
      std::fprintf(stderr, " id=%llu http=%d body=%s", static_cast<unsigned long long>(a->requestId),
                   a->httpStatus, a->body.substr(0, 300).c_str());
    if (const auto* a = std::get_if<act::TimerFired>(&action))
      std::fprintf(stderr, " kind=%d channel=%d token=%llu", static_cast<int>(a->timer.kind),
                   static_cast<int>(a->timer.channel), static_cast<unsigned long long>(a->timer.token));
    std::fprintf(stderr, " | query page=%lld size=%d problems=%zu, list id=%llu%s\n", state.query.pageNumber,
                 state.query.pageSize, state.problems.size(), static_cast<unsigned long long>(state.list.activeId),
                 state.list.inFlight ? " in flight" : "");
  }

  void apply(const Action& action) {
    trace(action);
    const AppState before = state;
    Step step = update(state, action, now);
    checkStep(before, step);
    for (const Effect& e : step.effects) {
      if (const auto* send = std::get_if<fx::SendRequest>(&e)) sentIds.push_back(send->requestId);
      if (const auto* config = std::get_if<fx::FetchConfig>(&e)) sentIds.push_back(config->requestId);
      if (const auto* timer = std::get_if<fx::StartTimer>(&e)) timers.push_back(*timer);
    }
    if (timers.size() > 32) timers.erase(timers.begin(), timers.begin() + 16);
    state = std::move(step.state);
  }

  void run() {
    state.jitterSeed = in.ConsumeIntegral<std::uint64_t>();
    for (std::size_t i = 0; i < kMaxSteps && in.remaining_bytes() > 0; ++i) {
      // The wall clock mostly moves forward, and now and then jumps back.
      now += in.ConsumeIntegralInRange<Millis>(-1000, 60'000);
      apply(pickAction());
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  fuzz::mustNotThrow("bt::update", [&] { Session(in).run(); });
  return 0;
}
