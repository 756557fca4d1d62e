// Carries out the frame pacer's decisions in the browser: an animation frame
// (requestAnimationFrame) when it says draw, a timer (setTimeout) when it says
// wait. It decides nothing itself: model/frame_pacer.hpp does, and is tested
// natively on a simulated clock.
//
// Implemented features:
//  [X] Frames on emscripten_request_animation_frame, one asked for at a time.
//  [X] Timed wake-ups (the idle redraw, the end of the first frame's hold) on
//      emscripten_set_timeout; a superseded one fires and changes nothing.
//  [X] No frame, no timer, no work at all while idle with nothing on screen to update.
//  [ ] Page visibility: the browser runs no animation frames in a hidden tab anyway.
#pragma once
#include <functional>
#include <optional>

#include "model/frame_pacer.hpp"

namespace bt::web {

class FramePump {
 public:
  using Millis = FramePacer::Millis;
  // Draws one frame; returns the view's redrawAfterMs, or nothing when the
  // widget cannot go on (no further frame is then asked for by this frame).
  using DrawFrame = std::function<std::optional<Millis>()>;
  using Clock = std::function<Millis()>;
  FramePump(DrawFrame draw, Clock clock) : draw_(std::move(draw)), clock_(std::move(clock)) {}

  // The pacer's events, each followed by its decisions carried out.
  void request(int frames);
  void holdFirstFrame();
  void holdAtMostFor(Millis ms);
  void releaseFirstFrame();

  const FramePacer& pacer() const { return pacer_; }

 private:
  void carryOut();  // asks the pacer until it has nothing more to do
  void animationFrame();
  void timerFired(std::uint64_t ticket);

  FramePacer pacer_;
  DrawFrame draw_;
  Clock clock_;
};

}  // namespace bt::web
