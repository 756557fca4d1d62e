// Watching while batches run: true totals, what changed, stalls, what the
// person has not seen, the digest, notifications and the summary event.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "model/app.hpp"
#include "model/deployment_config.hpp"
#include "model/snapshot.hpp"

using namespace bt;
using nlohmann::json;

namespace {

constexpr Millis kMinute = 60'000;

struct Row {
  std::string id;
  std::string status = "RUNNING";
  std::int64_t success = 1;
  std::string begin = "";
};

std::string pageOf(const std::vector<Row>& rows, std::int64_t total = -1) {
  json list = json::array();
  for (const Row& r : rows) {
    json t = {{"BatchId", r.id}, {"TaskName", "name-" + r.id}, {"Status", r.status}, {"TotalCount", 10},
              {"SuccessCount", r.success}};
    if (!r.begin.empty()) t["TaskBegin"] = r.begin;
    list.push_back(t);
  }
  return json{{"RequestId", "R"}, {"TaskList", list}, {"TotalCount", total < 0 ? std::int64_t(rows.size()) : total},
              {"PageSize", 30}, {"PageNumber", 1}}
      .dump();
}

// Drives update() with a clock; answers the list and the counts apart.
struct Watcher {
  AppState state;
  Millis now = 1'775'508'704'000;  // 2026-04-06T20:51:44Z
  std::vector<Effect> effects;     // of every dispatch since the last take()
  std::map<std::uint64_t, fx::SendRequest> open;  // sent and not answered

  void dispatch(const Action& a) {
    Step step = update(std::move(state), a, now);
    state = std::move(step.state);
    for (Effect& e : step.effects) {
      if (auto* s = std::get_if<fx::SendRequest>(&e)) open[s->requestId] = *s;
      effects.push_back(std::move(e));
    }
  }
  template <class E>
  std::vector<E> take() {
    std::vector<E> out;
    for (const Effect& e : effects)
      if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
  }
  void clear() { effects.clear(); }
  static std::string param(const fx::SendRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.params)
      if (k == name) return v;
    return "<absent>";
  }
  std::vector<fx::SendRequest> pending(Channel c) const {
    std::vector<fx::SendRequest> out;
    for (const auto& [id, r] : open)
      if (r.channel == c) out.push_back(r);
    return out;
  }
  // Answers every open list request with `rows`.
  void answerList(const std::vector<Row>& rows, std::int64_t total = -1) {
    for (const fx::SendRequest& r : pending(Channel::List)) {
      open.erase(r.requestId);
      dispatch(act::ResponseArrived{r.requestId, 200, pageOf(rows, total)});
    }
  }
  // Answers every open count request with the count for its status.
  void answerCounts(std::map<std::string, std::int64_t> byStatus) {
    for (const fx::SendRequest& r : pending(Channel::Count)) {
      open.erase(r.requestId);
      const std::string status = json::parse(param(r, "Status")).at(0).get<std::string>();
      dispatch(act::ResponseArrived{r.requestId, 200, pageOf({}, byStatus[status])});
    }
  }
  void start() {
    dispatch(act::Start{});
  }
  json snapshot() const { return json::parse(stateSnapshotJson(state)); }
};

const std::map<std::string, std::int64_t> kCounts{{"COMPLETED", 70}, {"DISPATCHING", 2}, {"FAILED", 5}, {"RUNNING", 9}};

}  // namespace

TEST_CASE("totals: one count per status for the filters, null until all four are in") {
  Watcher w;
  w.dispatch(act::SetStatuses{{TaskStatus::Running}});
  w.dispatch(act::SetTaskType{"polarclaw_install_skills"});
  w.start();
  CHECK(w.pending(Channel::Count).empty());  // the first page's request goes alone
  w.answerList({{"a"}});
  const auto counts = w.pending(Channel::Count);
  REQUIRE(counts.size() == 4);
  std::vector<std::string> statuses;
  for (const auto& r : counts) {
    statuses.push_back(Watcher::param(r, "Status"));
    CHECK(Watcher::param(r, "PageSize") == "30");
    CHECK(Watcher::param(r, "PageNumber") == "1");
    CHECK(Watcher::param(r, "TaskType") == "polarclaw_install_skills");  // the other filters apply
  }
  std::sort(statuses.begin(), statuses.end());
  // Each status alone, whichever statuses the table filters on.
  CHECK(statuses == std::vector<std::string>{R"(["COMPLETED"])", R"(["DISPATCHING"])", R"(["FAILED"])", R"(["RUNNING"])"});
  CHECK(w.snapshot()["totals"].is_null());
  // Three of four in: still unknown.
  const auto last = counts.back();
  w.open.erase(last.requestId);
  w.answerCounts(kCounts);
  CHECK(w.snapshot()["totals"].is_null());
  w.open[last.requestId] = last;
  w.answerCounts(kCounts);
  CHECK(w.snapshot()["totals"] == json{{"COMPLETED", 70}, {"DISPATCHING", 2}, {"FAILED", 5}, {"RUNNING", 9}});
}

TEST_CASE("totals: counted again on new filters at once, not on a page or status change, and at most every 30 s") {
  Watcher w;
  w.start();
  w.answerList({{"a"}}, 100);
  w.answerCounts(kCounts);
  REQUIRE(currentTotals(w.state));
  w.clear();
  w.dispatch(act::NextPage{});
  w.dispatch(act::ToggleStatus{TaskStatus::Failed});
  CHECK(w.take<fx::SendRequest>().size() == 2);  // two list requests, no count
  CHECK(currentTotals(w.state).has_value());       // statuses do not change what is counted
  w.answerList({{"a"}});
  // A refresh within 30 s does not count again; one after does.
  w.now += 10'000;
  w.clear();
  w.dispatch(act::Refresh{});
  CHECK(w.pending(Channel::Count).empty());
  w.answerList({{"a"}});
  w.now += 25'000;
  w.dispatch(act::Refresh{});
  CHECK(w.pending(Channel::Count).size() == 4);
  CHECK(currentTotals(w.state).has_value());  // the same filters: the last counts stay meanwhile
  w.answerCounts({{"FAILED", 6}});
  CHECK(totalOf(*currentTotals(w.state), TaskStatus::Failed) == 6);
  // New filters: the old counts are dropped at once and counted anew.
  w.dispatch(act::SetTaskType{"polarclaw_uninstall_skills"});
  CHECK_FALSE(currentTotals(w.state).has_value());
  CHECK(w.pending(Channel::Count).size() == 4);
}

TEST_CASE("totals: a count of filters since replaced is dropped, a failed count retries, then says why") {
  Watcher w;
  w.start();
  w.answerList({{"a"}});
  const auto old = w.pending(Channel::Count);
  w.dispatch(act::SetTaskType{"x"});
  for (const auto& r : old) {
    w.open.erase(r.requestId);
    w.dispatch(act::ResponseArrived{r.requestId, 200, pageOf({}, 99)});
  }
  w.answerCounts({{"FAILED", 1}});
  CHECK(totalOf(*currentTotals(w.state), TaskStatus::Failed) == 1);
  CHECK(totalOf(*currentTotals(w.state), TaskStatus::Completed) == 0);

  Watcher f;
  f.start();
  f.answerList({{"a"}});
  for (const auto& r : f.pending(Channel::Count)) {
    f.open.erase(r.requestId);
    f.dispatch(act::ResponseArrived{r.requestId, 503, R"({"Code":"ServiceUnavailable","Message":"m"})"});
  }
  CHECK(f.state.counts[0].retryAtMs.has_value());
  CHECK(f.state.counts[0].error->code == "ServiceUnavailable");  // for the chip's tooltip
  CHECK_FALSE(f.snapshot()["error"].is_object());                 // a count's failure is not the table's
  CHECK(f.snapshot()["totals"].is_null());
}

TEST_CASE("observe: a refresh marks changed and new rows, moving to another page marks nothing") {
  Observations seen;
  const Millis t0 = 1'000'000;
  BatchTask a{"a", "", "", "RUNNING", 10, 1, {}, {}};
  BatchTask b{"b", "", "", "RUNNING", 10, 1, {}, {}};
  Sighting first = observe(seen, {a, b}, t0, false);
  CHECK(first.changes.empty());
  a.successCount = 2;
  b.status = "FAILED";
  BatchTask c{"c", "", "", "DISPATCHING", 10, 0, {}, {}};
  Sighting again = observe(seen, {c, a, b}, t0 + 5000, true);
  REQUIRE(again.changes.size() == 3);
  CHECK(again.changes[0] == RowChange{"c", true, false, false});
  CHECK(again.changes[1] == RowChange{"a", false, false, true});
  CHECK(again.changes[2] == RowChange{"b", false, true, false});
  CHECK(again.newlyFailed == std::vector<std::string>{"b"});
  CHECK(again.ended == std::vector<std::string>{"b"});
  // Not a refresh (another page): nothing is "changed", though failures still count.
  BatchTask d{"d", "", "", "RUNNING", 10, 1, {}, {}};
  CHECK(observe(seen, {d}, t0 + 6000, false).changes.empty());
  // An older answer than one already seen (a cache) teaches nothing.
  a.successCount = 1;
  CHECK(observe(seen, {a}, t0, true).changes.empty());
  CHECK(seen.at("a").successCount == 2);
}

TEST_CASE("stalled: only after the stall time without progress, as observed, and never an ended batch") {
  Observations seen;
  const Millis t0 = 1'775'508'704'000;
  BatchTask a{"a", "", "", "RUNNING", 10, 3, {}, {}};
  observe(seen, {a}, t0, false);
  CHECK_FALSE(stalledFor(seen.at("a"), 600'000));
  observe(seen, {a}, t0 + 599'999, true);
  CHECK_FALSE(stalledFor(seen.at("a"), 600'000));  // not before
  observe(seen, {a}, t0 + 600'000, true);
  CHECK(stalledFor(seen.at("a"), 600'000) == 600'000);
  a.successCount = 4;  // progress: the clock starts over
  observe(seen, {a}, t0 + 700'000, true);
  CHECK_FALSE(stalledFor(seen.at("a"), 600'000));
  a.status = "COMPLETED";
  observe(seen, {a}, t0 + 2'000'000, true);
  CHECK_FALSE(stalledFor(seen.at("a"), 1));
  // At 0 since it began ten days ago (by the server's clock): only what was
  // seen here counts, so not at first sight, but once seen still for the time.
  BatchTask z{"z", "", "", "RUNNING", 10, 0, {"2026-03-27T20:51:44Z", t0 / 1000 - 10 * 86400}, {}};
  observe(seen, {z}, t0, false);
  CHECK_FALSE(stalledFor(seen.at("z"), 600'000));
  observe(seen, {z}, t0 + 600'000, true);
  CHECK(stalledFor(seen.at("z"), 600'000) == 600'000);
}

TEST_CASE("stalled batches on screen are listed, with the deployment's stall time") {
  Watcher w;
  w.state.stallMs = 30'000;
  w.start();
  w.answerList({{"a", "RUNNING", 3}, {"b", "RUNNING", 3}, {"c", "COMPLETED", 10}});
  CHECK(w.snapshot()["stalled"] == json::array());
  w.now += 31'000;
  w.dispatch(act::Refresh{});
  w.answerList({{"a", "RUNNING", 3}, {"b", "RUNNING", 4}, {"c", "COMPLETED", 10}});
  CHECK(w.snapshot()["stalled"] == json{"a"});
  CHECK(w.snapshot()["stallSeconds"] == 30);
  const auto summaries = w.take<fx::Emit>();
  REQUIRE_FALSE(summaries.empty());
  CHECK(json::parse(summaries.back().detail)["stalled"] == json{"a"});
  CHECK(parseDeploymentConfig("stalled=45").stallMs == 45'000);
  CHECK(parseDeploymentConfig("stalled=29").stallMs == kDefaultStallMs);
  CHECK(parseDeploymentConfig("stalled=29").problems.size() == 1);
  CHECK(parseDeploymentConfig("stalled=ten").problems.size() == 1);
}

TEST_CASE("changes of the latest refresh are in getState, as BatchId and fields") {
  Watcher w;
  w.start();
  w.answerList({{"a", "RUNNING", 1}, {"b", "RUNNING", 1}}, 100);
  w.dispatch(act::Refresh{});
  w.answerList({{"n", "DISPATCHING", 0}, {"a", "FAILED", 1}, {"b", "RUNNING", 2}}, 100);
  CHECK(w.snapshot()["changes"] == json::parse(R"([{"BatchId":"n","fields":["new"]},
      {"BatchId":"a","fields":["Status"]},{"BatchId":"b","fields":["SuccessCount"]}])"));
  // Another page: no changes to show.
  w.dispatch(act::NextPage{});
  w.answerList({{"p", "RUNNING", 1}});
  CHECK(w.snapshot()["changes"] == json::array());
}

TEST_CASE("failures while the person is away count in the title, and clear when they look") {
  Watcher w;
  w.start();
  w.answerList({{"a", "RUNNING", 1}, {"b", "RUNNING", 1}});
  w.answerCounts(kCounts);
  w.dispatch(act::FocusChanged{false});
  w.clear();
  w.dispatch(act::Refresh{});
  w.answerList({{"a", "FAILED", 1}, {"b", "RUNNING", 1}});
  CHECK(w.take<fx::ShowUnseenFailures>() == std::vector<fx::ShowUnseenFailures>{{1}});
  CHECK(w.snapshot()["unseenFailed"] == 1);
  const auto told = w.take<fx::Announce>();
  REQUIRE(told.size() == 2);  // the page, and the failure
  CHECK(englishText(told[1].message) == "name-a failed.");
  // The totals say three more failed, off this page.
  w.now += kCountIntervalMs;
  w.dispatch(act::Refresh{});
  auto more = kCounts;
  more["FAILED"] = 8;
  w.answerCounts(more);
  CHECK(w.state.unseenFailed == 3);
  // Looking again clears it.
  w.clear();
  w.dispatch(act::FocusChanged{true});
  CHECK(w.take<fx::ShowUnseenFailures>() == std::vector<fx::ShowUnseenFailures>{{0}});
  CHECK(w.state.unseenFailed == 0);
  // While looking, a failure is seen at once: no count.
  w.dispatch(act::Refresh{});
  w.answerList({{"a", "FAILED", 1}, {"b", "FAILED", 1}});
  CHECK(w.state.unseenFailed == 0);
}

TEST_CASE("since you last looked: after a minute hidden, the next totals give the digest") {
  Watcher w;
  w.start();
  w.answerList({{"a"}});
  w.answerCounts(kCounts);
  const auto saved = w.take<fx::SavePreference>();
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].key == "lastLook");
  const Millis lookedAt = w.now;
  // Hidden for less than a minute: no digest.
  w.dispatch(act::VisibilityChanged{false});
  w.now += 59'000;
  w.dispatch(act::VisibilityChanged{true});
  w.answerCounts(kCounts);
  CHECK_FALSE(w.state.digest);
  const Millis lastLook = w.now;  // over 30 s later: what the person saw is saved again
  CHECK(w.state.lastLook->atMs == lastLook);
  // Hidden for two minutes: 2 failed, 3 completed, 6 more batches in all.
  w.dispatch(act::VisibilityChanged{false});
  w.now += 2 * kMinute;
  w.dispatch(act::VisibilityChanged{true});
  CHECK(w.pending(Channel::Count).size() == 4);  // counted again on return
  w.answerCounts({{"COMPLETED", 73}, {"DISPATCHING", 1}, {"FAILED", 7}, {"RUNNING", 11}});
  REQUIRE(w.state.digest);
  CHECK(*w.state.digest == Digest{lastLook, 2, 3, 6});
  CHECK(lastLook > lookedAt);
  CHECK(w.snapshot()["digest"]["failed"] == 2);
  w.dispatch(act::DismissDigest{});
  CHECK(w.snapshot()["digest"].is_null());
}

TEST_CASE("since you last looked: an earlier visit's look gives a digest on opening, for the same filters only") {
  Look before{1'775'500'000'000, "", {60, 1, 4, 3}};
  Watcher first;
  before.filters = countedFiltersOf(first.state.query);
  first.dispatch(act::RestorePreferences{std::nullopt, encodeLook(before)});
  first.start();
  first.answerList({{"a"}});
  first.answerCounts(kCounts);
  REQUIRE(first.state.digest);
  CHECK(*first.state.digest == Digest{before.atMs, 1, 10, 86 - 68});

  Watcher other;  // the link asks for other filters: no comparison
  other.dispatch(act::UrlChanged{"type=polarclaw_uninstall_skills"});
  other.dispatch(act::RestorePreferences{std::nullopt, encodeLook(before)});
  other.start();
  other.answerList({{"a"}});
  other.answerCounts(kCounts);
  CHECK_FALSE(other.state.digest);

  // What was stored may be anything: malformed looks are ignored.
  for (const char* bad : {"", "{", "[]", R"({"at":1,"filters":"","totals":{}})",
                          R"({"at":-5,"filters":"","totals":{"COMPLETED":1,"DISPATCHING":1,"FAILED":1,"RUNNING":1}})",
                          R"({"at":5,"filters":"","totals":{"COMPLETED":-1,"DISPATCHING":1,"FAILED":1,"RUNNING":1}})"})
    CHECK_FALSE(decodeLook(bad));
  CHECK(decodeLook(encodeLook(before)) == before);
  CHECK(lastLookKey("/ops/api") == "lastLook@/ops/api");
}

TEST_CASE("notifications: asked for on the person's opt-in, sent for new failures and for a watched batch's end") {
  Watcher w;
  w.start();
  w.answerList({{"a", "RUNNING", 1}, {"b", "RUNNING", 1}});
  w.clear();
  w.dispatch(act::SetNotifyFailures{true});
  CHECK(w.take<fx::RequestNotificationPermission>().size() == 1);
  w.dispatch(act::NotificationPermissionIs{NotificationPermission::Granted});
  w.dispatch(act::SetNotifyWhenEnds{"b", true});
  CHECK(w.take<fx::RequestNotificationPermission>().size() == 1);  // granted: not asked again
  w.clear();
  w.dispatch(act::Refresh{});
  w.answerList({{"a", "FAILED", 1}, {"b", "COMPLETED", 10}});
  const auto sent = w.take<fx::Notify>();
  REQUIRE(sent.size() == 2);
  CHECK(englishText(sent[0].title) == "Batch failed: name-a");
  CHECK(englishText(sent[1].title) == "Batch ended: name-b (COMPLETED)");
  CHECK(w.state.notifyWhenEnds.empty());  // told once
  const json summary = json::parse(w.take<fx::Emit>().back().detail);
  CHECK(summary["newlyFailed"] == json{"a"});

  // Denied: the opt-in is undone, and the person is told why.
  Watcher d;
  d.dispatch(act::SetNotifyFailures{true});
  d.dispatch(act::NotificationPermissionIs{NotificationPermission::Denied});
  CHECK_FALSE(d.state.notifyFailures);
  REQUIRE(d.state.notices.size() == 1);
  CHECK(d.state.notices[0].id == MessageId::NotificationsBlocked);
  // Without the opt-in nothing is sent.
  Watcher quiet;
  quiet.dispatch(act::NotificationPermissionIs{NotificationPermission::Granted});
  quiet.start();
  quiet.answerList({{"a", "RUNNING", 1}});
  quiet.dispatch(act::Refresh{});
  quiet.answerList({{"a", "FAILED", 1}});
  CHECK(quiet.take<fx::Notify>().empty());
}

TEST_CASE("the summary event: totals, new failures and stalls, sent only when it says something new") {
  Watcher w;
  w.start();
  w.answerList({{"a", "RUNNING", 1}});
  w.answerCounts(kCounts);
  std::vector<fx::Emit> summaries;
  for (const auto& e : w.take<fx::Emit>())
    if (e.event == "summary") summaries.push_back(e);
  REQUIRE(summaries.size() == 2);  // after the page (no totals yet), after the totals
  CHECK(json::parse(summaries[1].detail) ==
        json{{"running", 9}, {"failed", 5}, {"newlyFailed", json::array()}, {"stalled", json::array()}});
  w.clear();
  w.dispatch(act::Refresh{});
  w.answerList({{"a", "RUNNING", 2}});
  for (const auto& e : w.take<fx::Emit>()) CHECK(e.event != "summary");  // nothing new
}

TEST_CASE("ETA: from the rate observed across refreshes, from TaskBegin at first, with a range, none without progress") {
  const Millis t0 = 1'775'508'704'000;
  const UnixSeconds begun = t0 / 1000 - 600;  // ten minutes ago
  BatchTask row{"a", "", "", "RUNNING", 1000, 100, {"x", begun}, {}};
  Observations seen;
  observe(seen, {row}, t0, false);
  // One observation: 100 in 10 min since TaskBegin, 900 left: 90 min from now.
  auto eta = etaOf(seen.at("a"), row);
  REQUIRE(eta);
  CHECK(eta->atMs == t0 + 90 * kMinute);
  CHECK(eta->earliestMs < eta->atMs);
  CHECK(eta->latestMs > eta->atMs);
  // Observed: 200 more in one minute: 700 left at 200 per minute.
  row.successCount = 300;
  observe(seen, {row}, t0 + kMinute, true);
  eta = etaOf(seen.at("a"), row);
  REQUIRE(eta);
  CHECK(eta->atMs == t0 + kMinute + 3 * kMinute + 30'000);
  CHECK(eta->earliestMs <= t0 + kMinute + 3 * kMinute + 30'000 - 35'000);  // a fifth faster at least
  CHECK(eta->latestMs >= t0 + kMinute + 3 * kMinute + 30'000);
  // The TaskBegin rate (300 in 11 min) is the slow end of the range.
  CHECK(eta->latestMs == t0 + kMinute + static_cast<Millis>(700.0 / (300.0 / (11 * kMinute))));
  // None: no progress yet, ended, nothing left, or no TaskBegin and one sight.
  BatchTask idle{"b", "", "", "RUNNING", 10, 0, {"x", begun}, {}};
  observe(seen, {idle}, t0, false);
  CHECK_FALSE(etaOf(seen.at("b"), idle));
  BatchTask done{"c", "", "", "COMPLETED", 10, 10, {"x", begun}, {}};
  observe(seen, {done}, t0, false);
  CHECK_FALSE(etaOf(seen.at("c"), done));
  BatchTask noBegin{"d", "", "", "RUNNING", 10, 5, {}, {}};
  observe(seen, {noBegin}, t0, false);
  CHECK_FALSE(etaOf(seen.at("d"), noBegin));
}
