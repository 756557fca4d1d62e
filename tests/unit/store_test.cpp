// The request lifecycle run as the browser runs it: a Store wired to a scripted
// server and a virtual clock, so answers can arrive late, out of order or never.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "model/store.hpp"

using namespace bt;

namespace {

struct ScriptedServer : Transport {
  std::vector<fx::SendRequest> received;  // for the list, details and exports
  std::vector<fx::SendRequest> counts;    // for the totals, left unanswered here
  std::function<void(const fx::SendRequest&)> answerAtOnce;  // optional
  void send(const fx::SendRequest& r) override {
    if (r.channel == Channel::Count) {
      counts.push_back(r);
      return;
    }
    received.push_back(r);
    if (answerAtOnce) answerAtOnce(r);
  }
  std::vector<fx::FetchConfig> configsAsked;
  void fetchConfig(const fx::FetchConfig& r) override { configsAsked.push_back(r); }
  std::string param(std::size_t i, const std::string& name) const {
    for (const auto& [k, v] : received.at(i).params)
      if (k == name) return v;
    return {};
  }
};

struct VirtualTimers : TimerService {
  Millis now = 1'000'000;
  std::multimap<Millis, Timer> pending;
  Store* store = nullptr;
  void start(const fx::StartTimer& t) override { pending.emplace(now + t.delayMs, t.timer); }
  // Moves the clock, firing every timer that falls due on the way, in order.
  void advance(Millis ms) {
    const Millis until = now + ms;
    while (!pending.empty() && pending.begin()->first <= until) {
      auto [at, timer] = *pending.begin();
      pending.erase(pending.begin());
      now = at;
      store->dispatch(act::TimerFired{timer});
    }
    now = until;
  }
};

struct RecordingHost : Host {
  std::vector<fx::WriteUrl> urls;
  std::vector<fx::Emit> events;
  void writeUrl(const fx::WriteUrl& u) override { urls.push_back(u); }
  void emit(const fx::Emit& e) override { events.push_back(e); }
  void download(const fx::Download& f) override { downloads.push_back(f); }
  void savePreference(const fx::SavePreference& p) override { preferences.push_back(p); }
  void announce(const fx::Announce& a) override { announcements.push_back(englishText(a.message)); }
  void showUnseenFailures(const fx::ShowUnseenFailures& u) override { unseen.push_back(u.count); }
  void requestNotificationPermission() override { ++permissionRequests; }
  void notify(const fx::Notify& n) override { notifications.push_back(englishText(n.title)); }
  std::vector<std::int64_t> unseen;
  int permissionRequests = 0;
  std::vector<std::string> notifications;
  std::vector<std::string> announcements;
  std::vector<fx::Download> downloads;
  std::vector<fx::SavePreference> preferences;
};

struct Rig {
  ScriptedServer server;
  VirtualTimers timers;
  RecordingHost host;
  Store store{server, timers, host, [this] { return timers.now; }};
  Rig() { timers.store = &store; }
  void answer(std::size_t i, int status, const std::string& body) {
    store.dispatch(act::ResponseArrived{server.received.at(i).requestId, status, body});
  }
  std::string firstBatchId() const {
    const auto& page = store.state().page;
    return page && !page->tasks.empty() ? page->tasks[0].batchId : "";
  }
};

std::string page(const std::string& firstId, long long total = 300) {
  return R"({"RequestId":"R","TotalCount":)" + std::to_string(total) + R"(,"TaskList":[{"BatchId":")" + firstId + R"("}]})";
}

const char* kThrottled = R"({"Code":"Throttling.User","Message":"Request was denied due to user flow control.","RequestId":"T"})";

}  // namespace

TEST_CASE("answers that arrive out of order never show an older query's rows") {
  Rig rig;
  rig.store.dispatch(act::Start{});
  rig.answer(0, 200, page("p1"));
  rig.store.dispatch(act::NextPage{});   // request 1: page 2
  rig.store.dispatch(act::GoToPage{3});  // request 2: page 3
  REQUIRE(rig.server.received.size() == 3);
  CHECK(rig.server.param(2, "PageNumber") == "3");
  rig.answer(2, 200, page("p3"));
  rig.answer(1, 200, page("p2"));  // late: its query was replaced
  CHECK(rig.firstBatchId() == "p3");
  CHECK(rig.store.state().pageQuery.pageNumber == 3);
  CHECK_FALSE(isLoading(rig.store.state()));
  // The page's URL followed each move, and the embedding page heard of two loads.
  REQUIRE(rig.host.urls.size() == 2);
  CHECK(rig.host.urls[1] == fx::WriteUrl{"page=3", true});
  CHECK(std::count_if(rig.host.events.begin(), rig.host.events.end(),
                      [](const fx::Emit& e) { return e.event == "load"; }) == 2);
  CHECK(rig.host.events.back().event == "load");
}

TEST_CASE("a throttling burst is ridden out with backoff, then the rows come") {
  Rig rig;
  rig.store.dispatch(act::Start{});
  rig.answer(0, 400, kThrottled);
  CHECK(rig.store.state().list.error->code == "Throttling.User");
  rig.timers.advance(499);
  CHECK(rig.server.received.size() == 1);  // not before half the first backoff
  rig.timers.advance(501);
  REQUIRE(rig.server.received.size() == 2);
  rig.answer(1, 400, kThrottled);
  rig.timers.advance(2000);
  REQUIRE(rig.server.received.size() == 3);
  rig.answer(2, 200, page("ok"));
  CHECK(rig.firstBatchId() == "ok");
  CHECK_FALSE(rig.store.state().list.error.has_value());
  rig.timers.advance(60'000);
  CHECK(rig.server.received.size() == 3);  // no stray retries afterwards
}

TEST_CASE("a client error is not retried, however long one waits") {
  Rig rig;
  rig.store.dispatch(act::Start{});
  rig.answer(0, 400, R"({"Code":"InvalidParameter","Message":"bad","RequestId":"X"})");
  rig.timers.advance(10 * 60'000);
  CHECK(rig.server.received.size() == 1);
  CHECK(rig.store.state().list.error->code == "InvalidParameter");
}

TEST_CASE("a server that never answers: timeouts, capped retries, and the late answers are ignored") {
  Rig rig;
  rig.store.dispatch(act::Start{});
  rig.timers.advance(10 * 60'000);
  const int attempts = rig.store.state().settings.maxAttempts;
  CHECK(rig.server.received.size() == static_cast<std::size_t>(attempts));
  CHECK(rig.store.state().list.error->kind == ErrorKind::Timeout);
  CHECK_FALSE(isLoading(rig.store.state()));
  for (std::size_t i = 0; i < rig.server.received.size(); ++i) rig.answer(i, 200, page("late"));
  CHECK(rig.firstBatchId().empty());
  // The person retries; this time the server answers.
  rig.store.dispatch(act::Refresh{});
  rig.answer(rig.server.received.size() - 1, 200, page("fresh"));
  CHECK(rig.firstBatchId() == "fresh");
}

TEST_CASE("a transport that answers inside send is handled in order") {
  Rig rig;
  rig.server.answerAtOnce = [&](const fx::SendRequest& r) {
    rig.store.dispatch(act::ResponseArrived{r.requestId, 200, page("sync")});
  };
  rig.store.dispatch(act::Start{});
  CHECK(rig.firstBatchId() == "sync");
  CHECK_FALSE(isLoading(rig.store.state()));
  CHECK(rig.store.version() == 2);
}
