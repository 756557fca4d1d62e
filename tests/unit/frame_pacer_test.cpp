// Frame pacing on a simulated clock: a browser that runs animation frames on
// 16 ms vsyncs when asked for, and timers at their time, driven by the pacer's
// decisions exactly as platform/web/frame_pump.cpp carries them out.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "model/frame_pacer.hpp"

using namespace bt;
using Millis = FramePacer::Millis;

namespace {

constexpr Millis kVsyncMs = 16;
constexpr int kSettle = FramePacer::kSettleFrames;
Millis nextVsync(Millis t) { return (t / kVsyncMs + 1) * kVsyncMs; }

struct SimulatedBrowser {
  FramePacer pacer;
  Millis now = 1'600'000'000'000;  // a wall clock; a multiple of 16
  bool frameAskedFor = false;      // requestAnimationFrame called, callback not yet run
  int framesAskedFor = 0;          // requestAnimationFrame calls
  struct Timer {
    Millis at;
    std::uint64_t ticket;
  };
  std::vector<Timer> timers;       // setTimeout calls not yet fired
  int timersSet = 0;
  std::vector<Millis> frames;      // when each frame was drawn
  // What the view answers as redrawAfterMs for a frame drawn at a time.
  std::function<Millis(Millis)> redrawAfterMs = [](Millis) { return Millis{0}; };
  // Runs while a frame is drawn (an intent the view dispatches, say).
  std::function<void()> whileDrawing;

  // What frame_pump.cpp does after every event.
  void pump() {
    int steps = 0;
    for (PacerStep step = pacer.next(now); step.kind != PacerStep::Nothing; step = pacer.next(now)) {
      REQUIRE(++steps <= 2);  // a frame and a timer at most: each decision is handed out once
      if (step.kind == PacerStep::DrawNow) {
        REQUIRE_FALSE(frameAskedFor);  // never two animation frames at once
        frameAskedFor = true;
        ++framesAskedFor;
      } else {
        REQUIRE(step.at >= now);
        timers.push_back({step.at, step.ticket});
        ++timersSet;
      }
    }
  }

  void input(int count = kSettle) {
    pacer.request(count);
    pump();
  }

  // Runs the browser until `until`: frames at vsyncs, timers in time order.
  void runUntil(Millis until) {
    for (;;) {
      const Millis vsync = frameAskedFor ? nextVsync(now) : std::numeric_limits<Millis>::max();
      auto timer = std::min_element(timers.begin(), timers.end(),
                                    [](const Timer& a, const Timer& b) { return a.at < b.at; });
      const Millis timerAt = timer == timers.end() ? std::numeric_limits<Millis>::max() : std::max(timer->at, now);
      if (std::min(vsync, timerAt) > until) break;
      if (timerAt <= vsync) {
        now = timerAt;
        const std::uint64_t ticket = timer->ticket;
        timers.erase(timer);
        pacer.timerFired(ticket);
        pump();
      } else {
        now = vsync;
        frameAskedFor = false;
        pacer.frameStarted();
        frames.push_back(now);
        if (whileDrawing) whileDrawing();
        pacer.frameDrawn(now, redrawAfterMs(now));
        pump();
      }
    }
    now = until;
  }
  void runFor(Millis ms) { runUntil(now + ms); }
  std::size_t framesSince(Millis t) const {
    return static_cast<std::size_t>(std::count_if(frames.begin(), frames.end(), [t](Millis f) { return f >= t; }));
  }
};

}  // namespace

TEST_CASE("idle, with nothing asked for, the pacer draws nothing and sets no timer") {
  SimulatedBrowser b;
  b.pump();
  b.runFor(60'000);
  CHECK(b.frames.empty());
  CHECK(b.framesAskedFor == 0);
  CHECK(b.timersSet == 0);
  CHECK(b.pacer.next(b.now).kind == PacerStep::Nothing);
}

TEST_CASE("an input gives exactly the settle frames, on consecutive vsyncs, then nothing") {
  SimulatedBrowser b;
  const Millis t0 = b.now;
  b.input();
  b.runFor(10'000);
  REQUIRE(b.frames.size() == kSettle);
  CHECK(b.framesAskedFor == kSettle);
  for (std::size_t i = 0; i < b.frames.size(); ++i) CHECK(b.frames[i] == t0 + kVsyncMs * static_cast<Millis>(i + 1));
  CHECK(b.timersSet == 0);  // the view asked for no redraw
  CHECK(b.pacer.framesWanted() == 0);
}

TEST_CASE("one animation frame is asked for at a time, however many requests come before it") {
  FramePacer p;
  p.request(kSettle);
  CHECK(p.next(0).kind == PacerStep::DrawNow);
  p.request(kSettle);
  p.request(1);
  CHECK(p.next(0).kind == PacerStep::Nothing);
  CHECK(p.frameAskedFor());
  p.frameStarted();
  p.frameDrawn(16, 0);
  CHECK(p.framesWanted() == kSettle - 1);  // requests take the most wanted, they do not add up
  CHECK(p.next(16).kind == PacerStep::DrawNow);
}

TEST_CASE("an input while frames run wants the settle frames from then, not in addition") {
  SimulatedBrowser b;
  b.input();
  b.runFor(kVsyncMs);  // one frame drawn: two still wanted
  REQUIRE(b.frames.size() == 1);
  b.input();  // three wanted again
  b.runFor(10'000);
  CHECK(b.frames.size() == 1 + kSettle);
}

TEST_CASE("synthetic clicks and pastes ask for more frames: the input queue spreads their events") {
  SimulatedBrowser b;
  b.input(kSettle + 4);  // a paste: Ctrl, V, V up, Ctrl up
  b.runFor(10'000);
  CHECK(b.frames.size() == kSettle + 4);
}

TEST_CASE("an intent dispatched while a frame draws asks for the next frame at once") {
  SimulatedBrowser b;
  int drawn = 0;
  b.whileDrawing = [&] {
    if (++drawn == 1) b.input();  // as the runner's dispatch does, in the middle of the frame
  };
  b.input();
  b.runFor(10'000);
  // Frame 1 wants 3 again and draws 1 of them: two more follow, not three.
  CHECK(b.frames.size() == kSettle);
  CHECK(b.framesAskedFor == kSettle);
}

TEST_CASE("the idle redraw comes when the view asked, not before, and one frame at a time") {
  SimulatedBrowser b;
  b.redrawAfterMs = [](Millis) { return Millis{10'000}; };  // "updated 10 s ago"
  b.input();
  b.runFor(1'000);
  REQUIRE(b.frames.size() == kSettle);
  const Millis lastSettle = b.frames.back();
  CHECK(b.timersSet == 1);  // set once, after the last settle frame, not after each

  b.runUntil(lastSettle + 10'000 - 1);
  CHECK(b.frames.size() == kSettle);  // not before
  b.runUntil(lastSettle + 10'000 + kVsyncMs);
  REQUIRE(b.frames.size() == kSettle + 1);
  CHECK(b.frames.back() >= lastSettle + 10'000);
  CHECK(b.frames.back() <= lastSettle + 10'000 + kVsyncMs);

  // Idle from then on: one frame per 10 s and nothing between (the idle-CPU result).
  const std::size_t before = b.frames.size();
  b.runFor(60'000);
  CHECK(b.frames.size() - before == 5);  // 10 s and up to a vsync apart
  for (std::size_t i = kSettle + 1; i < b.frames.size(); ++i) {
    CHECK(b.frames[i] - b.frames[i - 1] >= 10'000);
    CHECK(b.frames[i] - b.frames[i - 1] <= 10'000 + kVsyncMs);
  }
  CHECK(b.timersSet == static_cast<int>(b.frames.size()) - kSettle + 1);  // one timer per idle frame
}

TEST_CASE("the view's redraw time counts only on the frame that ends the settling") {
  SimulatedBrowser b;
  b.redrawAfterMs = [&b](Millis) { return b.frames.size() < kSettle ? Millis{5} : Millis{0}; };
  b.input();
  b.runFor(10'000);
  CHECK(b.frames.size() == kSettle);
  CHECK(b.timersSet == 0);
}

TEST_CASE("an input supersedes a pending idle redraw: its timer firing later changes nothing") {
  SimulatedBrowser b;
  b.redrawAfterMs = [](Millis) { return Millis{10'000}; };
  b.input();
  b.runFor(1'000);
  REQUIRE(b.frames.size() == kSettle);
  REQUIRE(b.timers.size() == 1);
  const SimulatedBrowser::Timer first = b.timers.front();

  b.runFor(4'000);  // halfway to the idle redraw, an input
  const Millis inputAt = b.now;
  b.input();
  b.runFor(1'000);
  REQUIRE(b.frames.size() == 2 * kSettle);
  const Millis lastSettle = b.frames.back();
  CHECK(b.timers.size() == 2);  // the first is still set in the browser…

  b.runUntil(first.at + 2 * kVsyncMs);
  CHECK(b.frames.size() == 2 * kSettle);  // …but firing draws nothing: a new generation
  CHECK(b.timers.size() == 1);
  b.runUntil(lastSettle + 10'000 + kVsyncMs);
  CHECK(b.frames.size() == 2 * kSettle + 1);  // the new one draws at its own time
  CHECK(b.frames.back() >= inputAt + 10'000);

  // Stale tickets are ignored outright, even with the clock past their time.
  b.pacer.timerFired(first.ticket);
  CHECK(b.pacer.framesWanted() == 0);
}

TEST_CASE("a settle whose view asks for no redraw leaves a pending idle redraw as it is") {
  SimulatedBrowser b;
  Millis redraw = 10'000;
  b.redrawAfterMs = [&redraw](Millis) { return redraw; };
  b.input();
  b.runFor(1'000);
  const Millis idleAt = b.frames.back() + 10'000;
  redraw = 0;  // the clock text went away: the view asks for nothing more
  b.input();
  b.runFor(1'000);
  REQUIRE(b.frames.size() == 2 * kSettle);
  b.runUntil(idleAt + kVsyncMs);
  CHECK(b.frames.size() == 2 * kSettle + 1);  // at worst one frame more, as before the pacer existed
  b.runFor(60'000);
  CHECK(b.frames.size() == 2 * kSettle + 1);
}

TEST_CASE("the first frame is held until the first answer") {
  SimulatedBrowser b;
  const Millis t0 = b.now;
  b.pacer.holdFirstFrame();
  b.input();  // start-up dispatches, resize, theme: all wait
  b.input(kSettle + 4);
  b.pacer.holdAtMostUntil(t0 + 300);
  b.pump();
  CHECK(b.framesAskedFor == 0);
  b.runUntil(t0 + 100);
  CHECK(b.frames.empty());

  b.pacer.releaseFirstFrame();  // the answer is in
  b.pump();
  b.runUntil(t0 + 10'000);
  REQUIRE_FALSE(b.frames.empty());
  CHECK(b.frames.front() == nextVsync(t0 + 100));  // at the next vsync
  CHECK(b.frames.size() == kSettle + 4);           // requests made while held are kept
  CHECK_FALSE(b.pacer.holding());
  // The hold's own timer fired at t0 + 300 and changed nothing.
  CHECK(b.timers.empty());
  CHECK(b.framesSince(t0 + 300) == 0);
}

TEST_CASE("the first frame's hold runs out: frames come at its limit, not before") {
  SimulatedBrowser b;
  const Millis t0 = b.now;
  b.pacer.holdFirstFrame();
  b.input();
  b.pacer.holdAtMostUntil(t0 + 300);
  b.pump();
  CHECK(b.timersSet == 1);
  b.runUntil(t0 + 299);
  CHECK(b.frames.empty());
  b.runUntil(t0 + 300);
  CHECK(b.frameAskedFor);
  b.runFor(10'000);
  REQUIRE(b.frames.size() == kSettle);
  CHECK(b.frames.front() == nextVsync(t0 + 300));

  // The answer comes after the wait ran out: the release changes nothing.
  b.pacer.releaseFirstFrame();
  b.pump();
  b.runFor(10'000);
  CHECK(b.frames.size() == kSettle);
  CHECK(b.framesAskedFor == kSettle);
}

TEST_CASE("without a hold a release does nothing, once released, the limit does nothing") {
  FramePacer p;
  p.releaseFirstFrame();
  CHECK(p.framesWanted() == 0);
  CHECK(p.next(0).kind == PacerStep::Nothing);

  p.holdFirstFrame();
  p.releaseFirstFrame();  // nothing to wait for
  CHECK(p.framesWanted() == kSettle);
  CHECK(p.next(0).kind == PacerStep::DrawNow);
  p.holdAtMostUntil(300);  // too late: no hold, so no timer
  CHECK(p.next(0).kind == PacerStep::Nothing);
  CHECK_FALSE(p.holding());
}

TEST_CASE("a wake-up takes effect when the clock reaches it, or when its own timer fires a little early") {
  SUBCASE("the clock") {
    FramePacer p;
    p.request(1);
    CHECK(p.next(0).kind == PacerStep::DrawNow);
    p.frameStarted();
    p.frameDrawn(1'000, 500);
    const PacerStep wait = p.next(1'000);
    CHECK(wait.kind == PacerStep::WaitUntil);
    CHECK(wait.at == 1'500);
    CHECK(p.next(1'000).kind == PacerStep::Nothing);  // handed out once
    CHECK(p.next(1'499).kind == PacerStep::Nothing);
    CHECK(p.next(1'500).kind == PacerStep::DrawNow);
    CHECK(p.framesWanted() == 1);
  }
  SUBCASE("the timer, with the clock 1 ms short") {
    FramePacer p;
    p.request(1);
    p.next(0);
    p.frameStarted();
    p.frameDrawn(1'000, 500);
    const PacerStep wait = p.next(1'000);
    REQUIRE(wait.kind == PacerStep::WaitUntil);
    p.timerFired(wait.ticket);
    CHECK(p.next(1'499).kind == PacerStep::DrawNow);
    p.timerFired(wait.ticket);  // fired twice: still one frame
    CHECK(p.framesWanted() == 1);
  }
  SUBCASE("the hold's limit, by the clock") {
    FramePacer p;
    p.holdFirstFrame();
    p.holdAtMostUntil(300);
    CHECK(p.next(0).kind == PacerStep::WaitUntil);
    CHECK(p.next(299).kind == PacerStep::Nothing);
    CHECK(p.holding());
    CHECK(p.next(300).kind == PacerStep::DrawNow);
    CHECK_FALSE(p.holding());
  }
}
