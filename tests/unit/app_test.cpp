#include <doctest/doctest.h>

#include <string>

#include "model/app.hpp"

using namespace bt;

namespace {

// Drives update() the way the platform does, with a clock the test moves.
struct Driver {
  AppState state;
  Millis now = 1'775'000'000'000;
  std::vector<Effect> effects;     // of the last dispatch, but for the counts of the totals
  std::vector<Effect> allEffects;  // of the last dispatch

  void dispatch(const Action& a) {
    Step step = update(std::move(state), a, now);
    state = std::move(step.state);
    allEffects = std::move(step.effects);
    effects.clear();
    for (const Effect& e : allEffects)
      if (!isCount(e)) effects.push_back(e);
  }
  // The totals' count requests and their timers, which most tests leave aside
  // (watch_test.cpp is about them).
  static bool isCount(const Effect& e) {
    if (auto* s = std::get_if<fx::SendRequest>(&e)) return s->channel == Channel::Count;
    if (auto* t = std::get_if<fx::StartTimer>(&e)) return t->timer.channel == Channel::Count;
    return false;
  }
  std::vector<fx::SendRequest> sends() const {
    std::vector<fx::SendRequest> out;
    for (const Effect& e : effects)
      if (auto* s = std::get_if<fx::SendRequest>(&e)) out.push_back(*s);
    return out;
  }
  std::vector<fx::StartTimer> timers(TimerKind kind) const {
    std::vector<fx::StartTimer> out;
    for (const Effect& e : effects)
      if (auto* t = std::get_if<fx::StartTimer>(&e); t && t->timer.kind == kind) out.push_back(*t);
    return out;
  }
  // The one request the last dispatch sent.
  fx::SendRequest sent() const {
    const auto s = sends();
    REQUIRE(s.size() == 1);
    return s[0];
  }
  std::string param(const fx::SendRequest& r, const std::string& name) const {
    for (const auto& [k, v] : r.params)
      if (k == name) return v;
    return "<absent>";
  }
};

std::string pageBody(int rows, long long total, long long pageNumber = 1, const std::string& prefix = "b") {
  std::string tasks;
  for (int i = 0; i < rows; ++i) {
    if (i) tasks += ',';
    tasks += R"({"BatchId":")" + prefix + std::to_string(i) + R"(","Status":"RUNNING","TotalCount":2,"SuccessCount":1})";
  }
  return R"({"RequestId":"R","TaskList":[)" + tasks + R"(],"TotalCount":)" + std::to_string(total) +
         R"(,"PageSize":30,"PageNumber":)" + std::to_string(pageNumber) + "}";
}

const char* kThrottled = R"({"Code":"Throttling","Message":"Request was denied due to request throttling.","RequestId":"T-1"})";
const char* kInvalid = R"({"Code":"InvalidParameter","Message":"PageSize is invalid.","RequestId":"I-1"})";

}  // namespace

TEST_CASE("nothing is sent before the widget starts, starting loads page 1") {
  Driver d;
  d.dispatch(act::NextPage{});
  CHECK(d.sends().empty());
  d.dispatch(act::Start{});
  const auto r = d.sent();
  CHECK(r.channel == Channel::List);
  CHECK(d.param(r, "Action") == "DescribeBatchTasks");
  CHECK(d.param(r, "PageNumber") == "2");  // the page asked for before start is kept
  CHECK(d.timers(TimerKind::RequestTimeout).size() == 1);
  CHECK(isLoading(d.state));
  d.dispatch(act::Start{});
  CHECK(d.sends().empty());  // only once
}

TEST_CASE("an answer fills the page, paging asks for the next page and keeps rows while loading") {
  Driver d;
  d.dispatch(act::Start{});
  const auto first = d.sent();
  d.dispatch(act::ResponseArrived{first.requestId, 200, pageBody(30, 95)});
  REQUIRE(d.state.page);
  CHECK(d.state.page->tasks.size() == 30);
  CHECK_FALSE(isLoading(d.state));
  CHECK(knownTotalPages(d.state) == 4);
  CHECK(d.state.pageUpdatedMs == d.now);

  d.dispatch(act::NextPage{});
  CHECK(d.param(d.sent(), "PageNumber") == "2");
  CHECK(d.state.page->tasks.size() == 30);  // the old rows stay while the next page loads
  CHECK(isLoading(d.state));
  CHECK_FALSE(rowsAreStale(d.state));

  d.dispatch(act::LastPage{});
  CHECK(d.param(d.sent(), "PageNumber") == "4");
  d.dispatch(act::NextPage{});  // already on the last page known
  CHECK(d.state.query.pageNumber == 4);
  d.dispatch(act::GoToPage{99});
  CHECK(d.state.query.pageNumber == 4);
  d.dispatch(act::FirstPage{});
  CHECK(d.param(d.sent(), "PageNumber") == "1");
  d.dispatch(act::PrevPage{});
  CHECK(d.sends().empty());
}

TEST_CASE("a late answer to an older query is dropped, never shown") {
  Driver d;
  d.dispatch(act::Start{});
  const auto old = d.sent();
  d.dispatch(act::SetTaskType{"polarclaw_install_skills"});
  const auto current = d.sent();
  CHECK(current.requestId != old.requestId);
  d.dispatch(act::ResponseArrived{old.requestId, 200, pageBody(3, 3, 1, "old")});
  CHECK_FALSE(d.state.page.has_value());
  CHECK(isLoading(d.state));
  d.dispatch(act::ResponseArrived{current.requestId, 200, pageBody(2, 2, 1, "new")});
  REQUIRE(d.state.page);
  CHECK(d.state.page->tasks[0].batchId == "new0");
  CHECK(d.state.pageQuery.taskType == "polarclaw_install_skills");
  // And the old answer arriving even later changes nothing.
  const AppState before = d.state;
  d.dispatch(act::ResponseArrived{old.requestId, 200, pageBody(3, 3, 1, "old")});
  CHECK(d.state == before);
}

TEST_CASE("changing any filter resets to page 1") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 300)});
  auto toPage3 = [&] { d.dispatch(act::GoToPage{3}); CHECK(d.state.query.pageNumber == 3); };
  toPage3();
  d.dispatch(act::ToggleStatus{TaskStatus::Failed});
  CHECK(d.param(d.sent(), "PageNumber") == "1");
  CHECK(d.param(d.sent(), "Status") == R"(["FAILED"])");
  toPage3();
  d.dispatch(act::SetTimeRange{1000, 2000});
  CHECK(d.state.query.pageNumber == 1);
  toPage3();
  d.dispatch(act::SetTaskType{"x"});
  CHECK(d.state.query.pageNumber == 1);
  toPage3();
  d.dispatch(act::ClearFilters{});
  CHECK(d.state.query == TaskQuery{});
}

TEST_CASE("an invalid query is explained and not sent") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::SetTimeRange{2000, 1000});
  CHECK(d.sends().empty());
  REQUIRE(d.state.problems.size() == 1);
  CHECK(d.state.problems[0].field == "EndTime");
  d.dispatch(act::Refresh{});
  CHECK(d.sends().empty());
  d.dispatch(act::SetTimeRange{1000, 2000});
  CHECK(d.state.problems.empty());
  CHECK(d.sends().size() == 1);
}

TEST_CASE("page size changes keep the first visible row in view") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 1000)});
  d.dispatch(act::GoToPage{4});  // rows 91-120
  d.dispatch(act::SetPageSize{50});
  CHECK(d.param(d.sent(), "PageSize") == "50");
  CHECK(d.param(d.sent(), "PageNumber") == "2");  // rows 51-100 hold row 91
  d.dispatch(act::SetPageSize{40});
  CHECK(d.sends().empty());
  CHECK(d.state.problems.at(0).field == "PageSize");
}

TEST_CASE("when a refresh shows fewer results, the last page that exists is shown instead of an empty one") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 300)});
  d.dispatch(act::GoToPage{10});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 300, 10)});
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(0, 75, 10)});
  CHECK(d.param(d.sent(), "PageNumber") == "3");
  CHECK(d.state.page->tasks.size() == 30);  // the empty page was never shown
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(15, 75, 3)});
  CHECK(d.state.pageQuery.pageNumber == 3);
  CHECK(d.state.page->tasks.size() == 15);
  CHECK(knownTotalPages(d.state) == 3);
}

TEST_CASE("retryable errors are retried with growing, jittered backoff up to the cap") {
  Driver d;
  d.dispatch(act::Start{});
  Millis previousDelay = 0;
  for (int attempt = 1; attempt <= d.state.settings.maxAttempts; ++attempt) {
    CAPTURE(attempt);
    const auto req = d.sent();
    d.dispatch(act::ResponseArrived{req.requestId, 400, kThrottled});
    REQUIRE(d.state.list.error);
    CHECK(d.state.list.error->code == "Throttling");
    CHECK(d.state.list.error->requestId == "T-1");
    if (attempt == d.state.settings.maxAttempts) {
      CHECK(d.timers(TimerKind::Retry).empty());  // gave up
      CHECK_FALSE(isLoading(d.state));
      break;
    }
    const auto retry = d.timers(TimerKind::Retry);
    REQUIRE(retry.size() == 1);
    const Millis nominal = d.state.settings.backoffBaseMs << (attempt - 1);
    CHECK(retry[0].delayMs >= nominal / 2);
    CHECK(retry[0].delayMs <= nominal);
    CHECK(retry[0].delayMs > previousDelay / 2);
    previousDelay = retry[0].delayMs;
    CHECK(isLoading(d.state));
    d.now += retry[0].delayMs;
    d.dispatch(act::TimerFired{retry[0].timer});
    CHECK(d.state.list.attempt == attempt + 1);
  }
  // A manual retry starts a new round, and success clears the error.
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(1, 1)});
  CHECK_FALSE(d.state.list.error);
  CHECK(d.state.list.attempt == 0);
}

TEST_CASE("client errors are not retried, and the last good rows stay, marked stale") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(5, 5)});
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 400, kInvalid});
  CHECK(d.sends().empty());
  CHECK(d.timers(TimerKind::Retry).empty());
  CHECK(d.state.list.error->code == "InvalidParameter");
  CHECK_FALSE(d.state.list.error->retryable);
  CHECK(d.state.page->tasks.size() == 5);
  CHECK(rowsAreStale(d.state));
}

TEST_CASE("a request with no answer times out, is retried, and its late answer is ignored") {
  Driver d;
  d.dispatch(act::Start{});
  const auto req = d.sent();
  const auto timeout = d.timers(TimerKind::RequestTimeout).at(0);
  CHECK(timeout.delayMs == d.state.settings.requestTimeoutMs);
  d.now += timeout.delayMs;
  d.dispatch(act::TimerFired{timeout.timer});
  CHECK(d.state.list.error->kind == ErrorKind::Timeout);
  CHECK(d.timers(TimerKind::Retry).size() == 1);
  d.dispatch(act::ResponseArrived{req.requestId, 200, pageBody(1, 1)});
  CHECK_FALSE(d.state.page.has_value());
  // A timeout timer of an answered request does nothing.
  d.dispatch(act::TimerFired{timeout.timer});
  CHECK(d.effects.empty());
}

TEST_CASE("network failures are retryable, a stale failure report is ignored") {
  Driver d;
  d.dispatch(act::Start{});
  const auto first = d.sent();
  d.dispatch(act::TransportFailed{first.requestId, "connection refused"});
  CHECK(d.state.list.error->kind == ErrorKind::Network);
  CHECK(englishText(d.state.list.error->message).find("connection refused") != std::string::npos);
  CHECK(d.timers(TimerKind::Retry).size() == 1);
  const AppState before = d.state;
  d.dispatch(act::TransportFailed{first.requestId, "again"});
  CHECK(d.state == before);
}

TEST_CASE("refresh while a request is in flight sends nothing more") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::Refresh{});
  CHECK(d.sends().empty());
}

TEST_CASE("selecting a batch loads its detail, another selection drops the first answer") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::SelectBatch{"pcb-1"});
  const auto first = d.sent();
  CHECK(first.channel == Channel::Detail);
  CHECK(d.param(first, "BatchId") == "pcb-1");
  d.dispatch(act::SelectBatch{"pcb-2"});
  const auto second = d.sent();
  d.dispatch(act::ResponseArrived{first.requestId, 200, R"({"BatchId":"pcb-1","SubTasks":[]})"});
  CHECK_FALSE(d.state.detail.has_value());
  d.dispatch(act::ResponseArrived{second.requestId, 200, R"({"BatchId":"pcb-2","SubTasks":[{"TaskId":"t"}]})"});
  REQUIRE(d.state.detail);
  CHECK(d.state.detail->batch.batchId == "pcb-2");
  CHECK(d.state.detail->subTasks.size() == 1);
  d.dispatch(act::SelectBatch{""});
  CHECK_FALSE(d.state.detail.has_value());
  CHECK(d.sends().empty());
}

TEST_CASE("update is deterministic: the same actions give the same states and effects") {
  auto run = [] {
    Driver d;
    d.dispatch(act::Start{});
    d.dispatch(act::ResponseArrived{d.sent().requestId, 503, R"({"Code":"ServiceUnavailable","Message":"m"})"});
    return d.timers(TimerKind::Retry).at(0).delayMs;
  };
  CHECK(run() == run());
}

TEST_CASE("the person's moves are written to the URL as history entries, corrections replace") {
  Driver d;
  d.dispatch(act::UrlChanged{"page=2"});
  CHECK(d.effects.empty());  // the URL leads here: nothing to write back
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 300, 2)});
  d.dispatch(act::NextPage{});
  const auto page3 = d.sent();
  auto writes = [&] {
    std::vector<fx::WriteUrl> out;
    for (const Effect& e : d.effects)
      if (auto* w = std::get_if<fx::WriteUrl>(&e)) out.push_back(*w);
    return out;
  };
  REQUIRE(writes().size() == 1);
  CHECK(writes()[0] == fx::WriteUrl{"page=3", true});
  d.dispatch(act::SetTimeZone{TimeZoneMode::Local});
  CHECK(writes().at(0) == fx::WriteUrl{"page=3&tz=local", false});
  // The page shrank while we looked: the correction replaces the entry.
  d.dispatch(act::ResponseArrived{page3.requestId, 200, pageBody(0, 40, 3)});
  CHECK(writes().at(0) == fx::WriteUrl{"page=2&tz=local", false});
  // Back: the URL changes first, and the model follows without writing it again.
  d.dispatch(act::UrlChanged{"page=1"});
  CHECK(writes().empty());
  CHECK(d.state.query.pageNumber == 1);
  CHECK(d.state.timeZone == TimeZoneMode::Utc);
  CHECK(d.sends().size() == 1);
}

TEST_CASE("a link with bad parts applies the rest and says what it ignored") {
  Driver d;
  d.dispatch(act::UrlChanged{"status=FAILED&size=7&batch=pcb-9"});
  d.dispatch(act::Start{});
  CHECK(d.state.query.statuses == std::vector<TaskStatus>{TaskStatus::Failed});
  CHECK(d.state.query.pageSize == 30);
  CHECK(d.state.notices.size() == 1);
  CHECK(d.sends().size() == 2);  // the list, and the selected batch's detail
  d.dispatch(act::DismissNotices{});
  CHECK(d.state.notices.empty());
}

TEST_CASE("the page's early request for the default view is adopted, not sent again") {
  Driver d;
  const std::string early = formEncode(describeBatchTasksParams(TaskQuery{}));
  d.dispatch(act::Start{early});
  CHECK(d.sends().empty());
  CHECK(d.timers(TimerKind::RequestTimeout).size() == 1);  // still bounded in time
  REQUIRE(d.state.adoptedRequestId != 0);
  d.dispatch(act::ResponseArrived{d.state.adoptedRequestId, 200, pageBody(3, 3)});
  CHECK(d.state.page->tasks.size() == 3);

  Driver other;
  other.dispatch(act::UrlChanged{"page=4"});
  other.dispatch(act::Start{early});  // the early request asked for another view
  CHECK(other.state.adoptedRequestId == 0);
  CHECK(other.param(other.sent(), "PageNumber") == "4");
}

TEST_CASE("auto-refresh reloads on its interval, pauses while hidden, and catches up when shown") {
  Driver d;
  d.dispatch(act::Start{});
  const auto first = d.sent();
  d.dispatch(act::SetAutoRefresh{1000});  // below the floor
  CHECK(d.state.autoRefresh.intervalMs == kMinAutoRefreshMs);
  CHECK(d.timers(TimerKind::AutoRefresh).empty());  // armed once the load in flight ends
  d.dispatch(act::ResponseArrived{first.requestId, 200, pageBody(2, 2)});
  auto armed = d.timers(TimerKind::AutoRefresh);
  REQUIRE(armed.size() == 1);
  CHECK(armed[0].delayMs == kMinAutoRefreshMs);
  d.now += armed[0].delayMs;
  d.dispatch(act::TimerFired{armed[0].timer});
  CHECK(d.sends().size() == 1);
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(2, 2)});
  armed = d.timers(TimerKind::AutoRefresh);
  REQUIRE(armed.size() == 1);

  d.dispatch(act::VisibilityChanged{false});
  d.now += 60'000;
  d.dispatch(act::TimerFired{armed[0].timer});
  CHECK(d.sends().empty());  // hidden pages never refresh
  d.dispatch(act::VisibilityChanged{true});
  CHECK(d.sends().size() == 1);  // overdue: at once

  const auto catchUp = d.sent();
  d.dispatch(act::SetAutoRefresh{0});
  d.dispatch(act::ResponseArrived{catchUp.requestId, 200, pageBody(2, 2)});
  CHECK(d.timers(TimerKind::AutoRefresh).empty());
}

TEST_CASE("auto-refresh can pause while nothing on the page is running") {
  Driver d;
  d.dispatch(act::Start{});
  const auto first = d.sent();
  d.dispatch(act::SetPauseWhenSettled{true});
  d.dispatch(act::SetAutoRefresh{10'000});
  const std::string settled = R"({"TotalCount":1,"TaskList":[{"BatchId":"a","Status":"COMPLETED"}]})";
  d.dispatch(act::ResponseArrived{first.requestId, 200, settled});
  CHECK(pageIsSettled(d.state));
  CHECK(d.timers(TimerKind::AutoRefresh).empty());
  d.dispatch(act::SetPauseWhenSettled{false});
  CHECK(d.timers(TimerKind::AutoRefresh).size() == 1);
}

TEST_CASE("the time zone is remembered when it changes, and a stored one applies only where the link is silent") {
  auto saved = [](const Driver& d) {
    std::vector<fx::SavePreference> out;
    for (const Effect& e : d.effects)
      if (auto* p = std::get_if<fx::SavePreference>(&e)) out.push_back(*p);
    return out;
  };
  {
    Driver d;
    d.dispatch(act::UrlChanged{""});
    d.dispatch(act::RestorePreferences{TimeZoneMode::Local});
    CHECK(d.state.timeZone == TimeZoneMode::Local);
    d.dispatch(act::Start{});
    d.dispatch(act::SetTimeZone{TimeZoneMode::Utc});
    REQUIRE(saved(d).size() == 1);
    CHECK(saved(d)[0] == fx::SavePreference{"timeZone", "utc"});
    d.dispatch(act::SetTimeZone{TimeZoneMode::Utc});
    CHECK(saved(d).empty());  // nothing changed, nothing to remember
  }
  {
    Driver d;  // the link's tz=utc outranks the stored "local"
    d.dispatch(act::UrlChanged{"tz=utc"});
    d.dispatch(act::RestorePreferences{TimeZoneMode::Local});
    CHECK(d.state.timeZone == TimeZoneMode::Utc);
    CHECK(saved(d).empty());
  }
  {
    Driver d;  // a bad tz in the link says nothing, so the stored one applies
    d.dispatch(act::UrlChanged{"tz=mars"});
    d.dispatch(act::RestorePreferences{TimeZoneMode::Local});
    CHECK(d.state.timeZone == TimeZoneMode::Local);
    CHECK(saved(d) == std::vector<fx::SavePreference>{{"timeZone", "local"}});
  }
}

TEST_CASE("the person's moves add history entries and everything else replaces") {
  CHECK(historyOf(act::NextPage{}) == History::Push);
  CHECK(historyOf(act::SelectBatch{"b1"}) == History::Push);
  CHECK(historyOf(act::PatchQuery{}) == History::Push);
  CHECK(historyOf(act::SetTimeZone{TimeZoneMode::Local}) == History::Replace);
  CHECK(historyOf(act::ResponseArrived{1, 200, ""}) == History::Replace);
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 300)});
  d.dispatch(act::SelectBatch{"b1"});
  bool pushed = false;
  for (const Effect& e : d.effects)
    if (auto* w = std::get_if<fx::WriteUrl>(&e)) pushed = w->push;
  CHECK(pushed);
}

TEST_CASE("screen readers are told of loads, errors and details, as messages") {
  auto said = [](const Driver& d) {
    std::vector<std::string> out;
    for (const Effect& e : d.effects)
      if (auto* a = std::get_if<fx::Announce>(&e)) out.push_back(englishText(a->message));
    return out;
  };
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 95)});
  CHECK(said(d) == std::vector<std::string>{"Page 1 of 4: 30 batch tasks shown, 95 in all."});
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 400, kInvalid});
  CHECK(said(d) == std::vector<std::string>{"Error InvalidParameter: PageSize is invalid."});
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 400, kThrottled});
  CHECK(said(d) ==
        std::vector<std::string>{"Error Throttling: Request was denied due to request throttling. Retrying."});
  d.dispatch(act::SelectBatch{"b3"});
  CHECK(said(d) == std::vector<std::string>{"Details of b3."});
  d.dispatch(act::SelectBatch{""});
  CHECK(said(d) == std::vector<std::string>{"Details closed."});
}

TEST_CASE("the page keeps where its answer came from, the next page replaces it, an error keeps it") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(2, 2), "40", "throttled"});
  CHECK(d.state.pageSource == AnswerSource{40, StaleReason::Throttled});
  CHECK(d.state.pageUpdatedMs == d.now);
  CHECK(d.state.pageAnsweredMs() == d.now - 40'000);  // "Updated" counts from PolarDB's answer

  d.now += 5000;
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(2, 2)});  // no headers: fresh
  CHECK(d.state.pageSource == AnswerSource{});
  CHECK(d.state.pageAnsweredMs() == d.now);

  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(2, 2), "12", "budget"});
  d.now += 1000;
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 403, R"({"Code":"Forbidden.RAM","Message":"m","RequestId":"R"})"});
  CHECK(d.state.list.error);
  CHECK(d.state.pageSource == AnswerSource{12, StaleReason::Budget});  // still the rows on screen
}

TEST_CASE("a late answer's headers are dropped with it") {
  Driver d;
  d.dispatch(act::Start{});
  const auto old = d.sent();
  d.dispatch(act::NextPage{});
  d.dispatch(act::ResponseArrived{old.requestId, 200, pageBody(2, 2), "500", "upstream-error"});
  CHECK(d.state.pageSource == AnswerSource{});
}

// --- Regions -----------------------------------------------------------------

namespace {
const char* kTwoRegions = R"({"regions":["cn-hangzhou","cn-beijing"],"defaultRegion":"cn-hangzhou"})";

std::vector<fx::FetchConfig> configFetches(const Driver& d) {
  std::vector<fx::FetchConfig> out;
  for (const Effect& e : d.effects)
    if (auto* c = std::get_if<fx::FetchConfig>(&e)) out.push_back(*c);
  return out;
}
std::vector<fx::WriteUrl> urlWrites(const Driver& d) {
  std::vector<fx::WriteUrl> out;
  for (const Effect& e : d.effects)
    if (auto* w = std::get_if<fx::WriteUrl>(&e)) out.push_back(*w);
  return out;
}
// Starts the widget and answers its config request with `config` (and the list with a page).
std::uint64_t startWithConfig(Driver& d, int status, const std::string& config) {
  d.dispatch(act::Start{});
  const auto list = d.sent();
  const auto fetches = configFetches(d);
  REQUIRE(fetches.size() == 1);
  d.dispatch(act::ResponseArrived{list.requestId, 200, pageBody(30, 300)});
  d.dispatch(act::ResponseArrived{fetches[0].requestId, status, config});
  return fetches[0].requestId;
}
}  // namespace

TEST_CASE("start asks for the service's configuration once, after the first page, which it never waits for") {
  Driver d;
  d.dispatch(act::Start{});
  REQUIRE(d.effects.size() >= 2);
  CHECK(std::holds_alternative<fx::SendRequest>(d.effects.front()));  // the rows first
  const auto list = d.sent();
  CHECK(d.param(list, "RegionId") == "<absent>");
  CHECK(formEncode(list.params) == "Action=DescribeBatchTasks&PageNumber=1&PageSize=30&Version=2017-08-01");
  const auto fetches = configFetches(d);
  REQUIRE(fetches.size() == 1);
  CHECK(fetches[0].requestId != list.requestId);
  CHECK(d.state.configRequest.inFlight);
  d.dispatch(act::Refresh{});
  CHECK(configFetches(d).empty());  // once
  // The early request of the default view is still adopted as it was.
  Driver early;
  early.dispatch(act::Start{"Action=DescribeBatchTasks&PageNumber=1&PageSize=30&Version=2017-08-01"});
  CHECK(early.state.adoptedRequestId != 0);
  CHECK(early.sends().empty());
  CHECK(configFetches(early).size() == 1);
}

TEST_CASE("a usable configuration offers its regions, a failed or malformed one offers none and shows no error") {
  Driver d;
  startWithConfig(d, 200, kTwoRegions);
  REQUIRE(d.state.service);
  CHECK(d.state.service->regions == std::vector<std::string>{"cn-hangzhou", "cn-beijing"});
  CHECK(d.effects.empty());  // nothing to send or write: the view is unchanged
  CHECK_FALSE(d.state.configRequest.inFlight);

  for (const auto& answer : std::vector<std::pair<int, std::string>>{
           {404, R"({"Code":"NotFound","Message":"no","RequestId":"N"})"}, {200, "{}"}, {200, "<html>"}, {500, ""}}) {
    CAPTURE(answer.second);
    Driver bad;
    startWithConfig(bad, answer.first, answer.second);
    CHECK_FALSE(bad.state.service);
    CHECK_FALSE(bad.state.list.error);
    CHECK(bad.state.notices.empty());
    CHECK(bad.state.page);
    CHECK_FALSE(bad.state.configRequest.inFlight);
  }
  Driver failed;
  failed.dispatch(act::Start{});
  const auto id = configFetches(failed).at(0).requestId;
  failed.dispatch(act::TransportFailed{id, "no response"});
  CHECK_FALSE(failed.state.service);
  CHECK_FALSE(failed.state.list.error);
  CHECK(failed.effects.empty());  // no retry, no error event
  CHECK_FALSE(failed.state.configRequest.inFlight);
}

TEST_CASE("picking a region lists it from page 1, puts it in the link, and picking the default drops it") {
  Driver d;
  d.dispatch(act::UrlChanged{"type=t&page=4"});
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(30, 300, 4)});
  d.dispatch(act::ResponseArrived{d.state.configRequest.activeId, 200, kTwoRegions});
  REQUIRE(d.state.service);
  d.dispatch(act::SetRegion{"cn-beijing"});
  const auto r = d.sent();
  CHECK(d.param(r, "RegionId") == "cn-beijing");
  CHECK(d.param(r, "PageNumber") == "1");
  CHECK(d.param(r, "TaskType") == "t");
  CHECK(d.state.query.region == "cn-beijing");
  REQUIRE(urlWrites(d).size() == 1);
  CHECK(urlWrites(d)[0] == fx::WriteUrl{"region=cn-beijing&type=t", true});
  CHECK(knownTotalPages(d.state) == 0);  // another region's total says nothing about this one
  d.dispatch(act::ResponseArrived{r.requestId, 200, pageBody(5, 5)});
  // Clearing the filters keeps the region: it is where, not a filter.
  d.dispatch(act::ClearFilters{});
  CHECK(d.param(d.sent(), "RegionId") == "cn-beijing");
  CHECK(d.state.query.taskType.empty());
  d.dispatch(act::SetRegion{""});
  CHECK(d.param(d.sent(), "RegionId") == "<absent>");
  CHECK(urlWrites(d).at(0) == fx::WriteUrl{"", true});
}

TEST_CASE("a link's region is asked for at once, and if the service then says it does not serve it, the default is shown and the rest of the link kept") {
  Driver d;
  d.dispatch(act::UrlChanged{"region=cn-nowhere&type=t&status=FAILED&page=2&batch=pcb-7&tz=local"});
  d.dispatch(act::Start{});
  const auto first = d.sends();
  REQUIRE(first.size() == 2);  // the list and the batch's details, both in the link's region
  CHECK(d.param(first[0], "RegionId") == "cn-nowhere");
  CHECK(d.param(first[1], "RegionId") == "cn-nowhere");
  const auto config = configFetches(d).at(0);
  d.dispatch(act::ResponseArrived{first[0].requestId, 400,
                                  R"({"Code":"InvalidRegionId","Message":"The specified region is not served here.","RequestId":"X"})"});
  d.dispatch(act::ResponseArrived{config.requestId, 200, kTwoRegions});
  CHECK(d.state.query.region.empty());
  CHECK(d.state.query.taskType == "t");
  CHECK(d.state.query.statuses == std::vector<TaskStatus>{TaskStatus::Failed});
  CHECK(d.state.query.pageNumber == 2);
  CHECK(d.state.selectedBatchId == "pcb-7");
  CHECK(d.state.timeZone == TimeZoneMode::Local);
  CHECK_FALSE(d.state.list.error);  // it was about the region given up
  REQUIRE(d.state.notices.size() == 1);
  CHECK(englishText(d.state.notices[0]) ==
        "The region \u201Ccn-nowhere\u201D is not served here (only cn-hangzhou, cn-beijing); showing cn-hangzhou instead.");
  const auto again = d.sends();
  REQUIRE(again.size() == 2);
  CHECK(d.param(again[0], "RegionId") == "<absent>");
  CHECK(d.param(again[0], "PageNumber") == "2");
  CHECK(again[1].channel == Channel::Detail);
  CHECK(d.param(again[1], "RegionId") == "<absent>");
  CHECK(d.param(again[1], "BatchId") == "pcb-7");
  REQUIRE(urlWrites(d).size() == 1);
  CHECK(urlWrites(d)[0] == fx::WriteUrl{"type=t&status=FAILED&page=2&batch=pcb-7&tz=local", false});

  // Once the service has said, an unknown region in a link (back, forward) falls back at once.
  d.dispatch(act::DismissNotices{});
  d.dispatch(act::UrlChanged{"region=cn-elsewhere&type=u"});
  CHECK(d.state.query.region.empty());
  CHECK(d.state.query.taskType == "u");
  CHECK(d.state.notices.size() == 1);
  CHECK(d.param(d.sends().at(0), "RegionId") == "<absent>");
  // A served one is taken.
  d.dispatch(act::UrlChanged{"region=cn-beijing&type=u"});
  CHECK(d.state.query.region == "cn-beijing");
  CHECK(d.param(d.sends().at(0), "RegionId") == "cn-beijing");
}

TEST_CASE("without a configuration the link's region is sent as it is: the service decides") {
  Driver d;
  d.dispatch(act::UrlChanged{"region=cn-beijing"});
  startWithConfig(d, 404, "{}");
  CHECK(d.state.query.region == "cn-beijing");
  CHECK(d.state.notices.empty());
  d.dispatch(act::Refresh{});
  CHECK(d.param(d.sent(), "RegionId") == "cn-beijing");
}

TEST_CASE("the embedding page's region starts from page 1, and one the service does not serve falls back") {
  Driver d;
  d.dispatch(act::UrlChanged{"page=3"});
  startWithConfig(d, 200, kTwoRegions);
  act::PatchQuery patch;
  patch.region = "cn-beijing";
  d.dispatch(patch);
  CHECK(d.state.query.region == "cn-beijing");
  CHECK(d.state.query.pageNumber == 1);
  CHECK(d.param(d.sent(), "RegionId") == "cn-beijing");
  patch.region = "cn-nowhere";
  patch.pageNumber = 2;
  d.dispatch(patch);
  CHECK(d.state.query.region.empty());
  CHECK(d.state.query.pageNumber == 2);
  CHECK(d.state.notices.size() == 1);
  CHECK(d.param(d.sent(), "RegionId") == "<absent>");
}

TEST_CASE("a batch's details are asked for in the region of the list it was picked from, and moving the list to another region closes them") {
  Driver d;
  startWithConfig(d, 200, kTwoRegions);
  d.dispatch(act::SetRegion{"cn-beijing"});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(3, 3, 1, "bj")});
  d.dispatch(act::SelectBatch{"bj1"});
  const auto detail = d.sent();
  CHECK(detail.channel == Channel::Detail);
  CHECK(d.param(detail, "RegionId") == "cn-beijing");
  CHECK(d.state.selectedRegion == "cn-beijing");
  // Refreshing asks again, in the same region, whatever else changed.
  d.dispatch(act::ResponseArrived{detail.requestId, 200, R"({"BatchId":"bj1","SubTasks":[]})"});
  d.dispatch(act::SetTaskType{"t"});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(1, 1, 1, "bj")});
  d.dispatch(act::Refresh{});
  const auto refreshed = d.sends();
  REQUIRE(refreshed.size() == 2);
  CHECK(d.param(refreshed[1], "RegionId") == "cn-beijing");
  d.dispatch(act::ResponseArrived{refreshed[0].requestId, 200, pageBody(1, 1, 1, "bj")});
  d.dispatch(act::ResponseArrived{refreshed[1].requestId, 200, R"({"BatchId":"bj1","SubTasks":[]})"});
  // Another region: the batch is not in it, so its details close with the move.
  d.dispatch(act::SetRegion{""});
  CHECK(d.state.selectedBatchId.empty());
  CHECK(d.state.selectedRegion.empty());
  REQUIRE(urlWrites(d).size() == 1);
  CHECK(urlWrites(d)[0] == fx::WriteUrl{"type=t", true});
}

TEST_CASE("one status's total is known as soon as its own count is in, for the current filters only") {
  Driver d;
  d.dispatch(act::Start{});
  d.dispatch(act::ResponseArrived{d.sent().requestId, 200, pageBody(1, 1)});  // the counts follow the first page
  std::vector<fx::SendRequest> counts;
  for (const Effect& e : d.allEffects)
    if (auto* s = std::get_if<fx::SendRequest>(&e); s && s->channel == Channel::Count) counts.push_back(*s);
  REQUIRE(counts.size() == kAllTaskStatuses.size());  // in kAllTaskStatuses order
  CHECK_FALSE(currentTotal(d.state, TaskStatus::Failed).has_value());
  d.dispatch(act::ResponseArrived{counts[2].requestId, 200, pageBody(0, 7)});  // FAILED
  CHECK(d.param(counts[2], "Status").find("FAILED") != std::string::npos);
  CHECK(currentTotal(d.state, TaskStatus::Failed) == 7);
  CHECK_FALSE(currentTotal(d.state, TaskStatus::Running).has_value());
  CHECK_FALSE(currentTotals(d.state).has_value());  // not until every count is in
  // Other filters count other batches.
  d.dispatch(act::SetTaskType{"polarclaw_install_skills"});
  CHECK_FALSE(currentTotal(d.state, TaskStatus::Failed).has_value());
}
