// An hour of auto-refresh every 5 s, in virtual time: the model's state must
// not grow. A Store runs in a simulated browser whose timers and network share
// one virtual clock; its service answers each request, 150 ms later, with a
// realistic 30-row page (or, in the second case, every 7th time with a 503).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "model/snapshot.hpp"
#include "model/store.hpp"

using namespace bt;

namespace {

constexpr Millis kHour = 60 * 60 * 1000;
constexpr Millis kRefreshMs = 5000;
constexpr Millis kAnswerDelayMs = 150;
constexpr int kRowsPerPage = 30;

// A DescribeBatchTasks answer as PolarDB shapes it: 30 batches, a fifth of
// them running. `serial` moves their progress and the RequestId on, as a live
// service would, without changing the length of any field.
std::string thirtyRowPage(std::uint64_t serial) {
  char requestId[40];
  std::snprintf(requestId, sizeof requestId, "7C1D0B52-4F3A-4E6B-9A21-%012llX",
                static_cast<unsigned long long>(serial));
  std::string body = std::string(R"({"RequestId":")") + requestId +
                     R"(","TotalCount":200,"PageSize":30,"PageNumber":1,"TaskList":[)";
  for (int i = 0; i < kRowsPerPage; ++i) {
    const bool running = i % 5 == 0;
    const auto done = running ? 100 + static_cast<int>((serial + static_cast<std::uint64_t>(i)) % 800) : 999;
    char row[400];
    std::snprintf(row, sizeof row,
                  R"(%s{"BatchId":"pcb-%016d","TaskName":"install-vector-search-hz-%04d",)"
                  R"("TaskType":"polarclaw_install_skills","Status":"%s","TotalCount":999,"SuccessCount":%d,)"
                  R"("TaskBegin":"2026-04-06 %02d:05:42","TaskEnd":"%s"})",
                  i == 0 ? "" : ",", 7457 + i, i, running ? "RUNNING" : "COMPLETED", done, i % 20,
                  running ? "" : "2026-04-06 20:11:02");
    body += row;
  }
  return body + "]}";
}

const std::string kServiceUnavailable =
    R"({"RequestId":"0D6B5B7E-3C1A-4D0F-8E5A-2B9C7F1E4A60","HostId":"polardb.aliyuncs.com",)"
    R"("Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server.",)"
    R"("Recommend":"https://api.aliyun.com/troubleshoot?q=ServiceUnavailable&product=polardb"})";

struct Answer {
  std::uint64_t requestId;
  int httpStatus;
  std::string body;
};

// The browser around the Store: its timers, its network with the service
// behind it, and the page. What the model does is counted, not kept, so the
// rig's own memory does not grow over the hour either.
struct SimulatedBrowser : Transport, TimerService, Host {
  Millis now = 1'775'508'704'000;  // 2026-04-06T20:51:44Z
  Store* store = nullptr;
  std::multimap<Millis, Timer> timers;    // started and not yet fired
  std::multimap<Millis, Answer> answers;  // on their way back
  // The status of the n-th answer (1-based): 200 with a page, or 503.
  std::function<int(std::uint64_t)> statusOfAnswer = [](std::uint64_t) { return 200; };

  std::uint64_t requestsSent = 0;  // for the list
  std::uint64_t countsSent = 0;    // for the totals
  std::size_t mostCountsAwaited = 0;
  std::uint64_t loads = 0;   // "load" events
  std::uint64_t errors = 0;  // "error" events
  std::uint64_t failedAnswers = 0;
  std::size_t mostTimersPending = 0;
  std::size_t mostRetryTimersPending = 0;
  std::size_t mostAnswersAwaited = 0;
  std::optional<Millis> failedAt;  // the latest 503, until the next request
  Millis shortestRetryDelay = kHour;
  Millis longestRetryDelay = 0;

  void send(const fx::SendRequest& request) override {
    if (request.channel == Channel::Count) {  // always answered: the list's story is told by the rest
      ++countsSent;
      answers.emplace(now + kAnswerDelayMs, Answer{request.requestId, 200, thirtyRowPage(countsSent)});
      mostCountsAwaited = std::max(mostCountsAwaited, awaited(true));
      return;
    }
    ++requestsSent;
    if (failedAt) {
      shortestRetryDelay = std::min(shortestRetryDelay, now - *failedAt);
      longestRetryDelay = std::max(longestRetryDelay, now - *failedAt);
      failedAt.reset();
    }
    const int status = statusOfAnswer(requestsSent);
    answers.emplace(now + kAnswerDelayMs,
                    Answer{request.requestId, status, status == 200 ? thirtyRowPage(requestsSent) : kServiceUnavailable});
    mostAnswersAwaited = std::max(mostAnswersAwaited, awaited(false));
  }
  std::size_t awaited(bool counts) const {
    const AppState& s = store->state();
    std::size_t n = 0;
    for (const auto& [at, answer] : answers) {
      // By value: clang 14 (Emscripten's) cannot capture a structured binding.
      const bool isCount = std::any_of(s.counts.begin(), s.counts.end(),
                                       [id = answer.requestId](const RequestChannel& c) { return c.activeId == id; });
      n += isCount == counts;
    }
    return n;
  }
  void start(const fx::StartTimer& timer) override {
    timers.emplace(now + timer.delayMs, timer.timer);
    mostTimersPending = std::max(mostTimersPending, timers.size());
    const auto retries = std::count_if(timers.begin(), timers.end(),
                                       [](const auto& t) { return t.second.kind == TimerKind::Retry; });
    mostRetryTimersPending = std::max(mostRetryTimersPending, static_cast<std::size_t>(retries));
  }
  void writeUrl(const fx::WriteUrl&) override {}
  void emit(const fx::Emit& event) override {
    if (event.event == "load") ++loads;
    if (event.event == "error") ++errors;
  }
  void download(const fx::Download&) override {}
  void savePreference(const fx::SavePreference&) override {}
  void announce(const fx::Announce&) override {}

  // Fires the earliest timer or delivers the earliest answer due by `until`;
  // false if there is none.
  bool step(Millis until) {
    const bool timerDue = !timers.empty() && timers.begin()->first <= until;
    const bool answerDue = !answers.empty() && answers.begin()->first <= until;
    if (timerDue && (!answerDue || timers.begin()->first <= answers.begin()->first)) {
      auto fired = timers.extract(timers.begin());
      now = fired.key();
      store->dispatch(act::TimerFired{fired.mapped()});
      return true;
    }
    if (!answerDue) return false;
    auto answer = answers.extract(answers.begin());
    now = answer.key();
    if (answer.mapped().httpStatus != 200) {
      ++failedAnswers;
      failedAt = now;
    }
    store->dispatch(act::ResponseArrived{answer.mapped().requestId, answer.mapped().httpStatus,
                                         std::move(answer.mapped().body)});
    return true;
  }
  // Moves the clock to `until`, firing timers and delivering answers in time
  // order; `afterEach` looks at the state after every one.
  void runUntil(Millis until, const std::function<void()>& afterEach = [] {}) {
    while (step(until)) afterEach();
    now = until;
  }
  // Runs on until every request sent has its answer and no retry is waiting.
  void settle() {
    while (isLoading(store->state()) && step(now + kHour)) {
    }
  }
};

// Everything a long session could pile up, watched after every step; the
// snapshot (the costliest look) once a virtual minute, when nothing is loading.
struct GrowthWatch {
  bool sawNotices = false;
  bool sawWarnings = false;
  std::size_t fewestRows = SIZE_MAX;
  std::size_t mostRows = 0;
  std::size_t largestSettledSnapshot = 0;
  int snapshotsTaken = 0;
  Millis nextSnapshotAt = 0;
  void look(const AppState& s, Millis now) {
    sawNotices = sawNotices || !s.notices.empty();
    if (!s.page) return;
    sawWarnings = sawWarnings || !s.page->warnings.empty();
    fewestRows = std::min(fewestRows, s.page->tasks.size());
    mostRows = std::max(mostRows, s.page->tasks.size());
    if (now >= nextSnapshotAt && !s.list.error && !isLoading(s)) {
      largestSettledSnapshot = std::max(largestSettledSnapshot, stateSnapshotJson(s).size());
      ++snapshotsTaken;
      nextSnapshotAt = now + 60'000;
    }
  }
};

// Timers that can be pending at once in a steady session: the next refresh,
// one retry, and the request timeouts of the last 20 s (never cancelled, they
// run out harmlessly), with room for the retries among them.
// Besides, the totals' count timeouts (four every 30 s at most).
constexpr std::size_t kTimersBound = 20000 / kRefreshMs + 4 + kAllTaskStatuses.size();
// Count requests in an hour: four at most every 30 s, plus the first four.
constexpr std::uint64_t kMostCounts = kAllTaskStatuses.size() * (kHour / kCountIntervalMs + 1);

bool withinPercent(std::size_t value, std::size_t reference, std::size_t percent) {
  const std::size_t diff = value > reference ? value - reference : reference - value;
  return diff * 100 <= reference * percent;
}

}  // namespace

TEST_CASE("an hour of auto-refresh every 5 s leaves the state no larger than the first load did") {
  SimulatedBrowser browser;
  Store store{browser, browser, browser, [&browser] { return browser.now; }};
  browser.store = &store;
  store.dispatch(act::Start{});
  store.dispatch(act::SetAutoRefresh{kRefreshMs});
  browser.runUntil(browser.now + kAnswerDelayMs);
  REQUIRE(browser.loads == 1);
  REQUIRE(store.state().autoRefresh.dueAtMs.has_value());
  const std::size_t firstSnapshot = stateSnapshotJson(store.state()).size();
  const std::uint64_t firstNextId = store.state().nextRequestId;
  const std::uint64_t firstRequests = browser.requestsSent;
  const std::uint64_t firstCounts = browser.countsSent;

  GrowthWatch watch;
  browser.runUntil(browser.now + kHour, [&] { watch.look(store.state(), browser.now); });
  browser.settle();  // every request sent has been answered
  const AppState& s = store.state();

  const std::uint64_t refreshes = browser.requestsSent - firstRequests;
  CHECK(refreshes >= kHour / (kRefreshMs + kAnswerDelayMs) - 1);  // each 5 s after the previous answer
  CHECK(refreshes <= kHour / kRefreshMs);                         // and never two chains at once
  CHECK(s.nextRequestId - firstNextId == refreshes + browser.countsSent - firstCounts);
  CHECK(browser.countsSent <= kMostCounts);
  // Every 30 s while refreshing, counted from the refresh after the 30 s.
  CHECK(browser.countsSent >= kAllTaskStatuses.size() * (kHour / (kCountIntervalMs + kRefreshMs + kAnswerDelayMs)));
  CHECK(browser.mostCountsAwaited == kAllTaskStatuses.size());
  CHECK(currentTotals(s).has_value());
  CHECK(browser.loads == browser.requestsSent);
  CHECK(browser.errors == 0);
  CHECK(browser.mostAnswersAwaited == 1);
  CHECK(browser.mostTimersPending <= kTimersBound);
  CHECK(browser.timers.size() <= kTimersBound);
  CHECK_FALSE(watch.sawNotices);
  CHECK_FALSE(watch.sawWarnings);
  CHECK(watch.fewestRows == kRowsPerPage);
  CHECK(watch.mostRows == kRowsPerPage);
  CHECK(watch.snapshotsTaken >= 55);
  CHECK(withinPercent(watch.largestSettledSnapshot, firstSnapshot, 3));
  CHECK(withinPercent(stateSnapshotJson(s).size(), firstSnapshot, 3));
  CHECK_FALSE(s.list.error.has_value());
  CHECK(s.list.attempt == 0);
  CHECK(s.notices.empty());
}

TEST_CASE("an hour of auto-refresh with every 7th answer a 503: one retry each, and nothing piles up") {
  SimulatedBrowser browser;
  browser.statusOfAnswer = [](std::uint64_t n) { return n % 7 == 0 ? 503 : 200; };
  Store store{browser, browser, browser, [&browser] { return browser.now; }};
  browser.store = &store;
  store.dispatch(act::Start{});
  store.dispatch(act::SetAutoRefresh{kRefreshMs});
  browser.runUntil(browser.now + kAnswerDelayMs);
  REQUIRE(browser.loads == 1);
  const std::size_t firstSnapshot = stateSnapshotJson(store.state()).size();
  const std::uint64_t firstNextId = store.state().nextRequestId;
  const std::uint64_t firstRequests = browser.requestsSent;
  const std::uint64_t firstCounts = browser.countsSent;

  GrowthWatch watch;
  std::size_t largestFailedSnapshot = 0;
  std::size_t firstFailedSnapshot = 0;
  browser.runUntil(browser.now + kHour, [&] {
    watch.look(store.state(), browser.now);
    if (store.state().list.retryAtMs && !store.state().list.inFlight) {  // just failed
      const std::size_t size = stateSnapshotJson(store.state()).size();
      if (!firstFailedSnapshot) firstFailedSnapshot = size;
      largestFailedSnapshot = std::max(largestFailedSnapshot, size);
    }
  });
  browser.settle();  // every request answered, no retry waiting
  const AppState& s = store.state();

  const std::uint64_t requests = browser.requestsSent - firstRequests;
  const std::uint64_t failures = browser.failedAnswers;
  CHECK(failures == browser.requestsSent / 7);
  CHECK(failures > 80);
  // Each 503 brought exactly one retry, 0.5-1 s later, and the retry got through.
  CHECK(browser.errors == failures);
  CHECK(browser.loads == browser.requestsSent - failures);
  CHECK(browser.shortestRetryDelay >= 500);
  CHECK(browser.longestRetryDelay <= 1000);
  CHECK(browser.mostRetryTimersPending == 1);
  CHECK(browser.mostAnswersAwaited == 1);
  // Auto-refresh went on after each recovery: about one load every 5 s.
  CHECK(browser.loads >= kHour / (kRefreshMs + 2 * kAnswerDelayMs + 1000));
  CHECK(s.nextRequestId - firstNextId == requests + browser.countsSent - firstCounts);
  CHECK(browser.countsSent <= kMostCounts);
  CHECK(browser.mostTimersPending <= kTimersBound);
  CHECK(browser.timers.size() <= kTimersBound);
  CHECK_FALSE(watch.sawNotices);
  CHECK(watch.fewestRows == kRowsPerPage);
  CHECK(watch.mostRows == kRowsPerPage);
  CHECK(watch.snapshotsTaken >= 55);
  CHECK(withinPercent(watch.largestSettledSnapshot, firstSnapshot, 3));
  CHECK(withinPercent(largestFailedSnapshot, firstFailedSnapshot, 3));
  CHECK_FALSE(s.list.error.has_value());
  CHECK(s.list.attempt == 0);
  CHECK_FALSE(isLoading(s));
  CHECK(withinPercent(stateSnapshotJson(s).size(), firstSnapshot, 3));
}
