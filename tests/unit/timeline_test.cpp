// The timeline's model: lanes, the visible-window index, loading every page,
// and the view's URL key.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "model/app.hpp"
#include "model/snapshot.hpp"
#include "model/timeline.hpp"
#include "model/wire.hpp"
#include "unit/model_driver.hpp"

using namespace bt;

namespace {

// --- Lanes ------------------------------------------------------------------

BatchTask batch(std::string id, std::optional<UnixSeconds> begin, std::optional<UnixSeconds> end,
                std::string status = "COMPLETED") {
  BatchTask t;
  t.batchId = std::move(id);
  t.status = std::move(status);
  if (begin) t.taskBegin = {formatIsoUtc(*begin), begin};
  if (end) t.taskEnd = {formatIsoUtc(*end), end};
  return t;
}

// No two bars of a lane overlap (at `now`), each lane lists its bars by begin,
// every bar with a begin time is in exactly one lane, and each bar took the
// lowest lane free at its begin.
void checkPacking(const std::vector<BatchTask>& batches, const TimelineLanes& p, UnixSeconds now) {
  std::size_t withBegin = 0;
  for (const BatchTask& b : batches) withBegin += b.taskBegin.at ? 1 : 0;
  REQUIRE(p.bars.size() == withBegin);
  CHECK(p.withoutBegin == batches.size() - withBegin);
  std::vector<int> seen(p.bars.size(), 0);
  for (std::size_t lane = 0; lane < p.lanes.size(); ++lane) {
    const auto& l = p.lanes[lane];
    CHECK_FALSE(l.empty());
    for (std::size_t k = 0; k < l.size(); ++k) {
      const TimelineBar& bar = p.bars[l[k]];
      ++seen[l[k]];
      REQUIRE(bar.lane == lane);
      CHECK(bar.end > bar.begin);
      if (k > 0) REQUIRE(barEnd(p.bars[l[k - 1]], now) <= bar.begin);
      if (k + 1 < l.size()) REQUIRE_FALSE(bar.running);  // a running bar keeps its lane
    }
  }
  CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
  // Lowest free lane: every lower lane is busy at the bar's begin, by a bar
  // that began no later (greedy by begin time).
  for (std::size_t i = 0; i < p.bars.size(); ++i) {
    const TimelineBar& bar = p.bars[i];
    const auto key = std::pair(bar.begin, static_cast<std::uint32_t>(i));
    for (std::uint32_t lower = 0; lower < bar.lane; ++lower) {
      // The lane's last bar placed before this one still runs at its begin.
      const auto& l = p.lanes[lower];
      const auto after = std::partition_point(
          l.begin(), l.end(), [&](std::uint32_t j) { return std::pair(p.bars[j].begin, j) < key; });
      REQUIRE(after != l.begin());
      const TimelineBar& o = p.bars[*(after - 1)];
      if (!(o.running || o.end > bar.begin)) FAIL("a bar skipped a free lower lane");
    }
  }
}

std::vector<std::uint32_t> bruteVisible(const TimelineLanes& p, UnixSeconds t0, UnixSeconds t1, UnixSeconds now) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < p.bars.size(); ++i)
    if (p.bars[i].begin <= t1 && barEnd(p.bars[i], now) >= t0) out.push_back(i);
  return out;
}

// --- Loading ----------------------------------------------------------------

struct Driver : testing::ModelDriver {
  fx::SendRequest timelineSent() const {
    const auto s = sends(Channel::Timeline);
    REQUIRE(s.size() == 1);
    return s[0];
  }
  std::vector<fx::StartTimer> timers(TimerKind kind, Channel c) const {
    std::vector<fx::StartTimer> out;
    for (const Effect& e : effects)
      if (auto* t = std::get_if<fx::StartTimer>(&e); t && t->timer.kind == kind && t->timer.channel == c)
        out.push_back(*t);
    return out;
  }
  // Started, the list's first page in: what the timeline waits for.
  void startWithList() {
    dispatch(act::Start{});
    const auto list = sends(Channel::List);
    REQUIRE(list.size() == 1);
    dispatch(act::ResponseArrived{list[0].requestId, 200,
                                  R"({"RequestId":"L","TaskList":[],"TotalCount":0,"PageSize":30,"PageNumber":1})"});
  }
};

using testing::ModelDriver;
std::string param(const fx::SendRequest& r, const std::string& name) { return ModelDriver::param(r, name); }

// Page `pageNumber` of `total` batches, newest first, ids "<prefix><n>".
std::string timelinePage(long long pageNumber, long long total, const std::string& prefix = "t") {
  std::string tasks;
  const long long first = (pageNumber - 1) * 100;
  for (long long n = first; n < std::min(total, first + 100); ++n) {
    if (n > first) tasks += ',';
    const UnixSeconds begin = 1'775'000'000 - n * 60;
    tasks += R"({"BatchId":")" + prefix + std::to_string(n) + R"(","Status":"COMPLETED","TotalCount":2,)" +
             R"("SuccessCount":2,"TaskBegin":")" + formatDisplayTime(begin) + R"(","TaskEnd":")" +
             formatDisplayTime(begin + 90) + R"("})";
  }
  return R"({"RequestId":"R","TaskList":[)" + tasks + R"(],"TotalCount":)" + std::to_string(total) +
         R"(,"PageSize":100,"PageNumber":)" + std::to_string(pageNumber) + "}";
}

const char* kThrottled = R"({"Code":"Throttling","Message":"Request was denied due to request throttling.","RequestId":"T-1"})";

// Answers every page of `total` batches as the model asks for them.
void loadAll(Driver& d, long long total, const std::string& prefix = "t") {
  for (long long page = 1;; ++page) {
    const auto s = d.sends(Channel::Timeline);
    if (s.empty()) break;
    REQUIRE(s.size() == 1);
    REQUIRE(param(s[0], "PageNumber") == std::to_string(page));
    d.dispatch(act::ResponseArrived{s[0].requestId, 200, timelinePage(page, total, prefix)});
  }
}

}  // namespace

TEST_CASE("timeline lanes: overlapping batches never share a lane, each takes the lowest free one") {
  const std::vector<BatchTask> batches = {
      batch("a", 100, 200), batch("b", 150, 250), batch("c", 200, 300),  // c reuses a's lane
      batch("d", 160, 170), batch("e", 260, 270),                       // d: lane 2; e: lane 1 (b ended), not 2
  };
  const TimelineLanes p = packLanes(batches, 1000);
  checkPacking(batches, p, 1000);
  REQUIRE(p.bars.size() == 5);
  CHECK(p.bars[0].lane == 0);
  CHECK(p.bars[1].lane == 1);
  CHECK(p.bars[2].lane == 0);
  CHECK(p.bars[3].lane == 2);
  CHECK(p.bars[4].lane == 1);
  CHECK(p.lanes.size() == 3);
  CHECK(p.lanes[0] == std::vector<std::uint32_t>{0, 2});
}

TEST_CASE("timeline lanes: running batches reach now and keep their lane, no begin, no bar") {
  const std::vector<BatchTask> batches = {
      batch("run", 100, std::nullopt, "RUNNING"),
      batch("nobegin", std::nullopt, 150),
      batch("done", 120, 130),
      batch("future", 600, 700),        // after now: still not in the running batch's lane
      batch("reversed", 300, 250),      // an end before its begin: a one-second mark
      batch("endedNoEnd", 400, std::nullopt, "FAILED"),
      batch("same1", 800, 900), batch("same2", 800, 900),
  };
  const TimelineLanes p = packLanes(batches, 500);
  checkPacking(batches, p, 500);
  CHECK(p.withoutBegin == 1);
  REQUIRE(p.bars.size() == 7);
  CHECK(p.bars[0].batch == 0);
  CHECK(p.bars[0].running);
  CHECK(p.bars[0].end == 500);
  CHECK(barEnd(p.bars[0], 900) == 900);  // it grows with now
  CHECK(p.bars[1].batch == 2);
  CHECK(p.bars[1].lane == 1);  // overlaps the running one
  CHECK(p.bars[2].batch == 3);
  CHECK(p.bars[2].lane != p.bars[0].lane);
  CHECK(p.bars[3].end == 301);
  CHECK_FALSE(p.bars[4].running);
  CHECK(p.bars[4].end == 401);
  CHECK(p.bars[5].lane != p.bars[6].lane);  // begin together, never share
  CHECK(std::all_of(p.bars.begin(), p.bars.end(), [](const TimelineBar& b) { return b.end > b.begin; }));
}

TEST_CASE("timeline lanes: 10,000 random intervals pack validly, and the window query matches a brute force") {
  std::mt19937_64 rng(20261129);
  std::uniform_int_distribution<UnixSeconds> beginAt(0, 1'000'000), length(0, 20'000);
  std::uniform_int_distribution<int> kind(0, 19);
  const UnixSeconds now = 1'010'000;
  std::vector<BatchTask> batches;
  for (int i = 0; i < 10000; ++i) {
    const UnixSeconds b = beginAt(rng);
    const int k = kind(rng);
    if (k == 0)
      batches.push_back(batch("x" + std::to_string(i), std::nullopt, b));
    else if (k == 1)
      batches.push_back(batch("x" + std::to_string(i), b, std::nullopt, "RUNNING"));
    else
      batches.push_back(batch("x" + std::to_string(i), b, b + length(rng)));
  }
  const TimelineLanes p = packLanes(batches, now);
  checkPacking(batches, p, now);
  CHECK(p.withoutBegin > 0);
  CHECK(p.lanes.size() > 1);

  std::uniform_int_distribution<UnixSeconds> at(-50'000, 1'100'000), span(0, 60'000);
  for (int q = 0; q < 300; ++q) {
    const UnixSeconds t0 = at(rng), t1 = t0 + span(rng);
    const UnixSeconds later = now + span(rng);  // running bars have grown since packing
    std::vector<std::uint32_t> got = visibleBars(p, t0, t1, later);
    const std::vector<std::uint32_t> want = bruteVisible(p, t0, t1, later);
    std::sort(got.begin(), got.end());
    REQUIRE(got == want);
  }
  CHECK(visibleBars(p, 10, 5, now).empty());  // a reversed window shows nothing
}

TEST_CASE("timeline lanes: a window over some lanes finds only their bars, and the span covers every bar") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<UnixSeconds> beginAt(0, 100'000), length(0, 5'000);
  const UnixSeconds now = 106'000;
  std::vector<BatchTask> batches;
  for (int i = 0; i < 2000; ++i) {
    const UnixSeconds b = beginAt(rng);
    if (i % 25 == 0)
      batches.push_back(batch("r" + std::to_string(i), b, std::nullopt, "RUNNING"));
    else
      batches.push_back(batch("c" + std::to_string(i), b, b + length(rng)));
  }
  const TimelineLanes p = packLanes(batches, now);
  REQUIRE(p.lanes.size() > 6);
  for (const UnixSeconds t0 : {UnixSeconds{-10}, UnixSeconds{20'000}, UnixSeconds{99'000}}) {
    const UnixSeconds t1 = t0 + 9'000;
    std::vector<std::uint32_t> some = visibleBars(p, t0, t1, now + 50, 2, 5);
    std::vector<std::uint32_t> want;
    for (std::uint32_t i : bruteVisible(p, t0, t1, now + 50))
      if (p.bars[i].lane >= 2 && p.bars[i].lane < 5) want.push_back(i);
    std::sort(some.begin(), some.end());
    CHECK(some == want);
  }
  CHECK(visibleBars(p, 0, 200'000, now, 3, 3).empty());
  CHECK(visibleBars(p, 0, 200'000, now, 0, 100'000).size() == p.bars.size());  // lanes past the last are none

  const std::optional<TimeSpan> span = timelineSpan(p, now + 60);
  REQUIRE(span);
  UnixSeconds first = INT64_MAX, last = INT64_MIN;
  for (const TimelineBar& b : p.bars) {
    first = std::min(first, b.begin);
    last = std::max(last, barEnd(b, now + 60));
  }
  CHECK(span->begin == first);
  CHECK(span->end == last);
  CHECK(span->end == now + 60);  // a running bar reaches now
  CHECK_FALSE(timelineSpan(packLanes({}, now), now));
}

TEST_CASE("timeline: the view's URL key round-trips, the table is the default and is not written") {
  UrlState s;
  s.view = ViewMode::Timeline;
  CHECK(encodeUrlState(s) == "view=timeline");
  CHECK(parseUrlState("#view=timeline").state == s);
  CHECK(parseUrlState("view=table").state.view == ViewMode::Table);
  CHECK(parseUrlState("view=table").problems.empty());
  s.view = ViewMode::Table;
  CHECK(encodeUrlState(s).empty());

  const ParsedUrlState bad = parseUrlState("view=gantt&page=2");
  CHECK(bad.state.view == ViewMode::Table);
  CHECK(bad.state.query.pageNumber == 2);
  REQUIRE(bad.problems.size() == 1);
  CHECK(englishText(bad.problems[0]) == "Ignored \u201Cview\u201D in the link: the view must be table or timeline.");
}

TEST_CASE("timeline: SetView pushes the view into the URL and getState shows it") {
  Driver d;
  d.startWithList();
  CHECK(d.snapshot()["view"] == "table");
  CHECK(d.snapshot()["timeline"].is_null());  // never shown
  d.dispatch(act::SetView{ViewMode::Timeline});
  REQUIRE(d.urlWrite());
  CHECK(d.urlWrite()->fragment == "view=timeline");
  CHECK(d.urlWrite()->push);
  CHECK(d.snapshot()["view"] == "timeline");
  CHECK(d.snapshot()["timeline"]["batches"] == 0);
  CHECK(d.snapshot()["timeline"]["loading"] == true);
  d.dispatch(act::SetView{ViewMode::Table});
  CHECK(d.urlWrite()->fragment.empty());

  // A link with a bad view says so and shows the table.
  d.dispatch(act::UrlChanged{"view=gantt"});
  CHECK(d.state.view == ViewMode::Table);
  CHECK(d.snapshot()["notices"].size() == 1);
  CHECK(d.sends(Channel::Timeline).empty());
}

TEST_CASE("timeline loading: nothing while the table is shown, then every page, one at a time, 100 a page") {
  Driver d;
  d.dispatch(act::UrlChanged{"status=FAILED,RUNNING&type=polarclaw_install_skills&page=3&size=50"});
  d.dispatch(act::Start{});
  CHECK(d.sends(Channel::Timeline).empty());
  d.dispatch(act::ResponseArrived{d.sends(Channel::List)[0].requestId, 200,
                                  R"({"RequestId":"L","TaskList":[],"TotalCount":200,"PageSize":50,"PageNumber":3})"});
  d.dispatch(act::Refresh{});
  CHECK(d.sends(Channel::Timeline).empty());
  CHECK_FALSE(d.state.timeline.has_value());

  d.dispatch(act::SetView{ViewMode::Timeline});
  auto s = d.timelineSent();
  TaskQuery want = d.state.query;
  want.pageSize = 100;
  want.pageNumber = 1;
  CHECK(s.params == describeBatchTasksParams(want));  // the list's filters, statuses included
  CHECK(param(s, "PageSize") == "100");
  CHECK(param(s, "PageNumber") == "1");

  d.dispatch(act::ResponseArrived{s.requestId, 200, timelinePage(1, 250)});
  auto j = d.snapshot()["timeline"];
  CHECK(j["batches"] == 100);
  CHECK(j["pagesLoaded"] == 1);
  CHECK(j["totalPages"] == 3);
  CHECK(j["complete"] == false);
  CHECK(d.state.lanes.bars.size() == 100);  // drawn as pages arrive
  s = d.timelineSent();
  CHECK(param(s, "PageNumber") == "2");

  d.dispatch(act::ResponseArrived{s.requestId, 200, timelinePage(2, 250)});
  s = d.timelineSent();
  CHECK(param(s, "PageNumber") == "3");
  d.dispatch(act::ResponseArrived{s.requestId, 200, timelinePage(3, 250)});
  CHECK(d.sends(Channel::Timeline).empty());
  j = d.snapshot()["timeline"];
  CHECK(j["batches"] == 250);
  CHECK(j["complete"] == true);
  CHECK(j["capped"] == false);
  CHECK(j["loading"] == false);
  CHECK(j["pagesLoaded"] == 3);
  CHECK(d.state.timeline->batches.front().batchId == "t0");  // newest first
  CHECK(d.state.lanes == packLanes(d.state.timeline->batches, d.now / 1000));
}

TEST_CASE("timeline loading: a batch pushed onto the next page is not added twice") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetView{ViewMode::Timeline});
  d.dispatch(act::ResponseArrived{d.timelineSent().requestId, 200, timelinePage(1, 200)});
  // A new batch began: page 2 now starts with the last of page 1.
  std::string page2 = timelinePage(2, 200);
  page2.replace(page2.find("\"t100\""), 6, "\"t99\"");
  d.dispatch(act::ResponseArrived{d.timelineSent().requestId, 200, page2});
  CHECK(d.state.timeline->complete);
  CHECK(d.state.timeline->batches.size() == 199);
}

TEST_CASE("timeline loading: at most 10,000 batches, then it stops and says so") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetView{ViewMode::Timeline});
  loadAll(d, 25'000);
  const auto j = d.snapshot()["timeline"];
  CHECK(j["batches"] == 10000);
  CHECK(j["capped"] == true);
  CHECK(j["complete"] == true);
  CHECK(j["pagesLoaded"] == 100);
  CHECK(j["totalPages"] == 250);
  REQUIRE(j["notes"].size() == 1);
  CHECK(j["notes"][0] == "The timeline shows the newest 10,000 of 25,000 batches; narrow the filters to see the rest.");
  CHECK(d.state.lanes.bars.size() == 10000);

  // Exactly 10,000 is all of them: not capped.
  Driver e;
  e.startWithList();
  e.dispatch(act::SetView{ViewMode::Timeline});
  loadAll(e, 10'000);
  CHECK(e.state.timeline->batches.size() == 10000);
  CHECK(e.state.timeline->complete);
  CHECK_FALSE(e.state.timeline->capped);
}

TEST_CASE("timeline loading: new filters start over and answers for the old ones are dropped") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetView{ViewMode::Timeline});
  d.dispatch(act::ResponseArrived{d.timelineSent().requestId, 200, timelinePage(1, 300)});
  const auto old = d.timelineSent();  // page 2 of the old filters, in flight

  d.dispatch(act::SetStatuses{{TaskStatus::Failed}});
  const auto fresh = d.timelineSent();
  CHECK(param(fresh, "PageNumber") == "1");
  TaskQuery failedOnly = d.state.query;
  failedOnly.pageSize = 100;
  failedOnly.pageNumber = 1;
  CHECK(fresh.params == describeBatchTasksParams(failedOnly));
  CHECK(d.state.timeline->batches.empty());  // the old filters' bars are not these filters'
  CHECK(d.state.timeline->pagesLoaded == 0);

  const AppState before = d.state;
  d.dispatch(act::ResponseArrived{old.requestId, 200, timelinePage(2, 300)});
  CHECK(d.state == before);
  CHECK(d.effects.empty());

  // Paging the table keeps the filters: the timeline does not start over.
  d.dispatch(act::ResponseArrived{fresh.requestId, 200, timelinePage(1, 120, "f")});
  const auto next = d.timelineSent();
  d.dispatch(act::NextPage{});
  CHECK(d.sends(Channel::Timeline).empty());
  d.dispatch(act::ResponseArrived{next.requestId, 200, timelinePage(2, 120, "f")});
  CHECK(d.state.timeline->complete);
  CHECK(d.state.timeline->batches.size() == 120);
}

TEST_CASE("timeline loading: refreshed at most once a minute, the old set stays until the new one is complete") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetAutoRefresh{5000});
  d.dispatch(act::SetView{ViewMode::Timeline});
  loadAll(d, 150);
  REQUIRE(d.state.timeline->complete);
  const TimelineSet first = *d.state.timeline;
  const TimelineLanes firstLanes = d.state.lanes;

  d.now += 30'000;
  d.dispatch(act::Refresh{});
  CHECK(d.sends(Channel::Timeline).empty());
  CHECK(d.sends(Channel::List).size() == 1);  // the table's page still refreshes
  d.dispatch(act::ResponseArrived{d.sends(Channel::List)[0].requestId, 200,
                                  R"({"RequestId":"L","TaskList":[],"TotalCount":0,"PageSize":30,"PageNumber":1})"});
  // Auto-refresh, too, within the minute: nothing.
  const auto autoTimer = d.timers(TimerKind::AutoRefresh, Channel::List);
  REQUIRE(autoTimer.size() == 1);
  d.now += autoTimer[0].delayMs;
  d.dispatch(act::TimerFired{autoTimer[0].timer});
  CHECK(d.sends(Channel::Timeline).empty());
  d.dispatch(act::ResponseArrived{d.sends(Channel::List)[0].requestId, 200,
                                  R"({"RequestId":"L","TaskList":[],"TotalCount":0,"PageSize":30,"PageNumber":1})"});

  // A minute after the load began: auto-refresh loads the whole set again.
  d.now += 30'000;
  const auto due = d.timers(TimerKind::AutoRefresh, Channel::List);
  REQUIRE(due.size() == 1);
  d.dispatch(act::TimerFired{due[0].timer});
  auto s = d.timelineSent();
  CHECK(param(s, "PageNumber") == "1");
  CHECK(d.snapshot()["timeline"]["refreshing"] == true);
  d.dispatch(act::ResponseArrived{s.requestId, 200, timelinePage(1, 160, "n")});
  CHECK(*d.state.timeline == first);  // still the old set: no flicker, no half set
  CHECK(d.state.lanes == firstLanes);  // packed again only when the set shown changes
  CHECK(d.snapshot()["timeline"]["batches"] == 150);
  d.dispatch(act::ResponseArrived{d.timelineSent().requestId, 200, timelinePage(2, 160, "n")});
  CHECK(d.sends(Channel::Timeline).empty());
  CHECK(d.state.timeline->batches.size() == 160);  // swapped in whole
  CHECK(d.state.timeline->batches.front().batchId == "n0");
  CHECK_FALSE(d.state.reloading.has_value());
  CHECK(d.state.lanes.bars.size() == 160);
}

TEST_CASE("timeline loading: leaving the view stops it, coming back goes on from the next page") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetView{ViewMode::Timeline});
  d.dispatch(act::ResponseArrived{d.timelineSent().requestId, 200, timelinePage(1, 300)});
  const auto inFlight = d.timelineSent();

  d.dispatch(act::SetView{ViewMode::Table});
  CHECK(d.sends(Channel::Timeline).empty());
  CHECK_FALSE(d.state.timelineRequest.busy());
  d.dispatch(act::ResponseArrived{inFlight.requestId, 200, timelinePage(2, 300)});  // no longer awaited
  CHECK(d.state.timeline->pagesLoaded == 1);
  CHECK(d.sends(Channel::Timeline).empty());
  d.now += 120'000;
  d.dispatch(act::Refresh{});
  CHECK(d.sends(Channel::Timeline).empty());
  d.dispatch(act::TimerFired{{TimerKind::RequestTimeout, Channel::Timeline, inFlight.requestId}});
  CHECK(d.sends(Channel::Timeline).empty());

  d.dispatch(act::SetView{ViewMode::Timeline});
  const auto resumed = d.timelineSent();
  CHECK(param(resumed, "PageNumber") == "2");
  CHECK(d.state.timeline->batches.size() == 100);  // kept while away
}

TEST_CASE("timeline loading: at start with view=timeline, it waits for the list's first page") {
  Driver d;
  d.dispatch(act::UrlChanged{"view=timeline"});
  d.dispatch(act::Start{});
  CHECK(d.sends(Channel::List).size() == 1);
  CHECK(d.sends(Channel::Timeline).empty());
  d.dispatch(act::ResponseArrived{d.sends(Channel::List)[0].requestId, 200,
                                  R"({"RequestId":"L","TaskList":[],"TotalCount":0,"PageSize":30,"PageNumber":1})"});
  CHECK(param(d.timelineSent(), "PageSize") == "100");
}

TEST_CASE("timeline loading: errors are retried, then reported, and the set shown is kept") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetView{ViewMode::Timeline});
  loadAll(d, 120);
  const TimelineSet shown = *d.state.timeline;

  d.now += 61'000;
  d.dispatch(act::Refresh{});
  d.dispatch(act::ResponseArrived{d.timelineSent().requestId, 200, timelinePage(1, 120, "n")});
  // Page 2 of the reload fails every time.
  for (int attempt = 1; attempt <= d.state.settings.maxAttempts; ++attempt) {
    CAPTURE(attempt);
    const auto s = d.timelineSent();
    CHECK(param(s, "PageNumber") == "2");  // the retry repeats the page that failed
    d.dispatch(act::ResponseArrived{s.requestId, 503, kThrottled});
    CHECK(*d.state.timeline == shown);
    const auto retry = d.timers(TimerKind::Retry, Channel::Timeline);
    if (attempt == d.state.settings.maxAttempts) {
      CHECK(retry.empty());
      break;
    }
    REQUIRE(retry.size() == 1);
    CHECK(d.snapshot()["timeline"]["loading"] == true);
    d.now += retry[0].delayMs;
    d.dispatch(act::TimerFired{retry[0].timer});
  }
  auto j = d.snapshot()["timeline"];
  CHECK(j["error"] == "Throttling");
  CHECK(j["loading"] == false);
  CHECK(j["batches"] == 120);
  CHECK(j["complete"] == true);
  CHECK(j["refreshing"] == false);
  REQUIRE(j["notes"].size() == 1);
  CHECK(j["notes"][0] == "The timeline stopped loading: Request was denied due to request throttling.");
  CHECK(*d.state.timeline == shown);

  // A first load that stops on an error goes on from the failed page on refresh.
  Driver e;
  e.startWithList();
  e.dispatch(act::SetView{ViewMode::Timeline});
  e.dispatch(act::ResponseArrived{e.timelineSent().requestId, 200, timelinePage(1, 150)});
  e.dispatch(act::TransportFailed{e.timelineSent().requestId, "offline"});
  for (int attempt = 2; attempt <= e.state.settings.maxAttempts; ++attempt) {
    const auto retry = e.timers(TimerKind::Retry, Channel::Timeline);
    REQUIRE(retry.size() == 1);
    e.dispatch(act::TimerFired{retry[0].timer});
    e.dispatch(act::TransportFailed{e.timelineSent().requestId, "offline"});
  }
  CHECK(e.sends(Channel::Timeline).empty());
  CHECK(e.state.timeline->batches.size() == 100);
  CHECK(e.state.timelineRequest.error.has_value());
  e.dispatch(act::SetView{ViewMode::Table});
  e.dispatch(act::SetView{ViewMode::Timeline});
  CHECK(e.sends(Channel::Timeline).empty());  // a failed load waits for a refresh
  e.dispatch(act::Refresh{});
  const auto again = e.timelineSent();
  CHECK(param(again, "PageNumber") == "2");
  e.dispatch(act::ResponseArrived{again.requestId, 200, timelinePage(2, 150)});
  CHECK(e.state.timeline->complete);
  CHECK_FALSE(e.state.timelineRequest.error.has_value());
  CHECK(e.snapshot()["timeline"]["notes"].empty());
}

TEST_CASE("timeline loading: a request with no answer times out and is retried") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetView{ViewMode::Timeline});
  const auto s = d.timelineSent();
  const auto timeout = d.timers(TimerKind::RequestTimeout, Channel::Timeline);
  REQUIRE(timeout.size() == 1);
  d.now += timeout[0].delayMs;
  d.dispatch(act::TimerFired{timeout[0].timer});
  const auto retry = d.timers(TimerKind::Retry, Channel::Timeline);
  REQUIRE(retry.size() == 1);
  d.dispatch(act::ResponseArrived{s.requestId, 200, timelinePage(1, 10)});  // late: dropped
  CHECK(d.state.timeline->batches.empty());
  d.dispatch(act::TimerFired{retry[0].timer});
  CHECK(param(d.timelineSent(), "PageNumber") == "1");
}

TEST_CASE("timeline: batches without a begin time are counted and said") {
  Driver d;
  d.startWithList();
  d.dispatch(act::SetView{ViewMode::Timeline});
  d.dispatch(act::ResponseArrived{
      d.timelineSent().requestId, 200,
      R"({"RequestId":"R","TaskList":[{"BatchId":"a","Status":"RUNNING","TaskBegin":"2026-04-06 20:51:44"},)"
      R"({"BatchId":"b","Status":"RUNNING","TaskBegin":""},{"BatchId":"c","Status":"FAILED","TaskBegin":"soon"}],)"
      R"("TotalCount":3,"PageSize":100,"PageNumber":1})"});
  const auto j = d.snapshot()["timeline"];
  CHECK(j["batches"] == 3);
  CHECK(j["withoutBegin"] == 2);
  CHECK(j["lanes"] == 1);
  REQUIRE(j["notes"].size() == 1);
  CHECK(j["notes"][0] == "2 batches without a begin time are not shown.");
}

TEST_CASE("timeline loading: random sessions keep the rules (table sends nothing, one page at a time, the list's filters)") {
  std::mt19937_64 rng(16);
  for (int session = 0; session < 12; ++session) {
    CAPTURE(session);
    Driver d;
    d.startWithList();
    std::vector<fx::SendRequest> outstanding;  // timeline requests sent, answered or not
    std::vector<fx::StartTimer> timers;
    for (int step = 0; step < 120; ++step) {
      const int pick = static_cast<int>(rng() % 10);
      if (pick == 0) {
        d.dispatch(act::SetView{rng() % 3 == 0 ? ViewMode::Table : ViewMode::Timeline});
      } else if (pick == 1) {
        std::vector<TaskStatus> st;
        if (rng() % 2) st.push_back(TaskStatus::Failed);
        if (rng() % 2) st.push_back(TaskStatus::Running);
        d.dispatch(act::SetStatuses{st});
      } else if (pick == 2) {
        d.now += static_cast<Millis>(rng() % 90'000);
        d.dispatch(act::Refresh{});
      } else if (pick == 3 && !timers.empty()) {
        const std::size_t i = rng() % timers.size();
        d.now += timers[i].delayMs;
        const Timer t = timers[i].timer;
        timers.erase(timers.begin() + static_cast<std::ptrdiff_t>(i));
        d.dispatch(act::TimerFired{t});
      } else if (!outstanding.empty()) {
        const std::size_t i = rng() % outstanding.size();
        const fx::SendRequest r = outstanding[i];
        outstanding.erase(outstanding.begin() + static_cast<std::ptrdiff_t>(i));
        const long long page = std::stoll(param(r, "PageNumber"));
        if (rng() % 6 == 0)
          d.dispatch(act::ResponseArrived{r.requestId, 503, kThrottled});
        else
          d.dispatch(act::ResponseArrived{r.requestId, 200, timelinePage(page, 250 + session * 13)});
      } else {
        d.dispatch(act::SetView{ViewMode::Timeline});
      }
      const auto sent = d.sends(Channel::Timeline);
      REQUIRE(sent.size() <= 1);
      if (d.state.view == ViewMode::Table) REQUIRE(sent.empty());
      for (const auto& s : sent) {
        TaskQuery want = d.state.query;
        want.pageSize = 100;
        want.pageNumber = std::stoll(param(s, "PageNumber"));
        REQUIRE(s.params == describeBatchTasksParams(want));
        outstanding.push_back(s);
      }
      for (const Effect& e : d.effects)
        if (auto* t = std::get_if<fx::StartTimer>(&e); t && t->timer.channel == Channel::Timeline) timers.push_back(*t);
      const RequestChannel& c = d.state.timelineRequest;
      REQUIRE_FALSE((c.inFlight && c.retryAtMs));
      if (d.state.view == ViewMode::Table) REQUIRE_FALSE(c.busy());
      if (d.state.timeline) {
        REQUIRE(d.state.timeline->batches.size() <= kMaxTimelineBatches);
        REQUIRE(d.state.lanes == packLanes(d.state.timeline->batches, d.state.lanes.packedAt));
        if (d.state.view == ViewMode::Timeline) {
          TaskQuery f = d.state.query;
          f.pageSize = 100;
          f.pageNumber = 1;
          REQUIRE(d.state.timeline->filters == f);
        }
      }
    }
  }
}
