#include "frame_pump.hpp"

#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

namespace bt::web {

void FramePump::request(int frames) {
  pacer_.request(frames);
  carryOut();
}

void FramePump::holdFirstFrame() {
  pacer_.holdFirstFrame();
  carryOut();
}

void FramePump::holdAtMostFor(Millis ms) {
  pacer_.holdAtMostUntil(clock_() + ms);
  carryOut();
}

void FramePump::releaseFirstFrame() {
  pacer_.releaseFirstFrame();
  carryOut();
}

void FramePump::carryOut() {
  const Millis now = clock_();
  for (PacerStep step = pacer_.next(now); step.kind != PacerStep::Nothing; step = pacer_.next(now)) {
    if (step.kind == PacerStep::DrawNow) {
      emscripten_request_animation_frame(
          [](double, void* user) -> EM_BOOL {
            static_cast<FramePump*>(user)->animationFrame();
            return EM_FALSE;
          },
          this);
    } else {
      struct Ticket {
        FramePump* pump;
        std::uint64_t ticket;
      };
      emscripten_set_timeout(
          [](void* user) {
            const Ticket ticket = *static_cast<Ticket*>(user);
            delete static_cast<Ticket*>(user);
            ticket.pump->timerFired(ticket.ticket);
          },
          static_cast<double>(step.at - now), new Ticket{this, step.ticket});
    }
  }
}

void FramePump::animationFrame() {
  pacer_.frameStarted();
  const std::optional<Millis> redrawAfterMs = draw_();
  if (!redrawAfterMs) return;
  pacer_.frameDrawn(clock_(), *redrawAfterMs);
  carryOut();
}

void FramePump::timerFired(std::uint64_t ticket) {
  pacer_.timerFired(ticket);
  carryOut();
}

}  // namespace bt::web
