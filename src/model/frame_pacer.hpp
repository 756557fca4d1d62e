// Frame pacing: when the widget draws a frame, and when it draws none. Pure C++:
// no ImGui, no Emscripten, no clock of its own (the caller passes the time), so
// it runs natively on a simulated clock (tests/unit/frame_pacer_test.cpp).
//
// An idle widget draws nothing: no frame unless something changed, then only
// the few frames ImGui needs to settle, then a single frame when the view says
// its text next changes ("updated 10 s ago"). At start-up the first frame waits
// for the first answer, for a while at most.
//
// USAGE (platform/web/frame_pump.cpp carries the decisions out in a browser)
//
//   FramePacer pacer;
//   pacer.holdFirstFrame();                      // start-up: no frame yet
//   pacer.request(FramePacer::kSettleFrames);    // after every input or dispatch
//   pacer.holdAtMostUntil(now + 300);            // the first answer's wait runs out at…
//   pacer.releaseFirstFrame();                   // …or the first answer is in
//
//   // After each of those: carry out every decision until there is none.
//   for (PacerStep step = pacer.next(now); step.kind != PacerStep::Nothing; step = pacer.next(now)) {
//     if (step.kind == PacerStep::DrawNow) requestAnimationFrame(...);
//     if (step.kind == PacerStep::WaitUntil) setTimeout(..., step.at - now);  // keeps step.ticket
//   }
//   // In the animation frame:  pacer.frameStarted(); draw; pacer.frameDrawn(now, out.redrawAfterMs); loop
//   // When the timeout fires:  pacer.timerFired(ticket); loop
//
// Each decision is handed out once: a frame is not asked for again while one is
// asked for and not yet started, nor a timer set again for the same wake-up.
#pragma once
#include <cstdint>

namespace bt {

// What the caller does now.
struct PacerStep {
  enum Kind {
    Nothing,    // nothing (more) to do until the next event
    DrawNow,    // ask for an animation frame; frameStarted() when it comes
    WaitUntil,  // set a timer for `at`; timerFired(ticket) when it fires
  };
  Kind kind = Nothing;
  long long at = 0;          // WaitUntil: wall-clock milliseconds
  std::uint64_t ticket = 0;  // WaitUntil: names this wake-up; a newer one supersedes it
};

class FramePacer {
 public:
  using Millis = long long;  // wall-clock milliseconds, as the model's Millis
  // ImGui needs a few frames after an input to settle hover and layout.
  static constexpr int kSettleFrames = 3;

  // --- Events ---------------------------------------------------------------
  // Something changed (an input, a dispatch, a resize): draw at least `frames`
  // frames from now. Never fewer than already wanted.
  void request(int frames);
  // Start-up: no frame at all until releaseFirstFrame(), or until the limit
  // that holdAtMostUntil() sets. Requests meanwhile are kept for the release.
  void holdFirstFrame();
  // While holding: the hold ends by `until` at the latest (a WaitUntil decision).
  // Does nothing once released.
  void holdAtMostUntil(Millis until);
  // The first answer is in (or there is none to wait for): kSettleFrames frames.
  // Does nothing once released, by this or by the hold's time running out.
  void releaseFirstFrame();
  // The animation frame asked for has come (before it is drawn).
  void frameStarted();
  // A frame was drawn at `now`; `redrawAfterMs` is when the view's text next
  // changes (0 or less: it never does by itself). Once the frames wanted run
  // out, the next frame is drawn after that long: the idle redraw, which
  // supersedes one still pending. (A last frame that asks for no redraw leaves
  // a pending one as it is: at worst one frame more, as before the pacer.)
  void frameDrawn(Millis now, Millis redrawAfterMs);
  // The timer set for a WaitUntil decision fired. A superseded ticket changes
  // nothing; the current one counts as its time reached, even if the clock
  // says a little less.
  void timerFired(std::uint64_t ticket);

  // --- Decision -------------------------------------------------------------
  // What to do now. A wake-up whose time is reached at `now` takes effect first.
  PacerStep next(Millis now);

  // --- Read-only, for diagnostics and tests ---------------------------------
  bool holding() const { return holding_; }
  int framesWanted() const { return framesWanted_; }
  bool frameAskedFor() const { return frameAskedFor_; }

 private:
  // [Internal] At most one timed wake-up: the end of the first frame's hold,
  // or the idle redraw. A new one supersedes the old one (a new ticket).
  enum class Wake { None, HoldEnds, IdleRedraw };
  void setWake(Wake what, Millis at);
  void wakeUp();  // the wake-up's time is reached

  int framesWanted_ = 0;        // [Internal] frames still to draw
  bool frameAskedFor_ = false;  // [Internal] an animation frame is asked for and not yet started
  bool holding_ = false;        // [Internal] the first frame waits for the first answer
  Wake wake_ = Wake::None;      // [Internal]
  Millis wakeAt_ = 0;           // [Internal]
  std::uint64_t wakeTicket_ = 0;  // [Internal] counts wake-ups set: the idle redraw's generation
  bool wakeHandedOut_ = false;  // [Internal] its WaitUntil decision was handed out
};

}  // namespace bt
