#include "model/frame_pacer.hpp"

#include <algorithm>

namespace bt {

void FramePacer::request(int frames) { framesWanted_ = std::max(framesWanted_, frames); }

void FramePacer::holdFirstFrame() { holding_ = true; }

void FramePacer::holdAtMostUntil(Millis until) {
  if (holding_) setWake(Wake::HoldEnds, until);
}

void FramePacer::releaseFirstFrame() {
  if (!holding_) return;
  holding_ = false;
  if (wake_ == Wake::HoldEnds) wake_ = Wake::None;
  request(kSettleFrames);
}

void FramePacer::frameStarted() { frameAskedFor_ = false; }

void FramePacer::frameDrawn(Millis now, Millis redrawAfterMs) {
  if (framesWanted_ > 0) --framesWanted_;
  // Frames still wanted come first; a view that asks for no redraw leaves an
  // idle redraw already set as it is (at worst one frame more).
  if (framesWanted_ == 0 && redrawAfterMs > 0) setWake(Wake::IdleRedraw, now + redrawAfterMs);
}

void FramePacer::timerFired(std::uint64_t ticket) {
  if (wake_ != Wake::None && ticket == wakeTicket_) wakeUp();
}

PacerStep FramePacer::next(Millis now) {
  if (wake_ != Wake::None && now >= wakeAt_) wakeUp();
  if (!holding_ && framesWanted_ > 0 && !frameAskedFor_) {
    frameAskedFor_ = true;
    return {PacerStep::DrawNow};
  }
  if (wake_ != Wake::None && !wakeHandedOut_) {
    wakeHandedOut_ = true;
    return {PacerStep::WaitUntil, wakeAt_, wakeTicket_};
  }
  return {};
}

void FramePacer::setWake(Wake what, Millis at) {
  wake_ = what;
  wakeAt_ = at;
  ++wakeTicket_;
  wakeHandedOut_ = false;
}

void FramePacer::wakeUp() {
  const Wake what = wake_;
  wake_ = Wake::None;
  if (what == Wake::HoldEnds)
    releaseFirstFrame();
  else if (what == Wake::IdleRedraw)
    request(1);
}

}  // namespace bt
