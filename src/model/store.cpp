#include "model/store.hpp"

namespace bt {

Store::Store(Transport& transport, TimerService& timers, Clock clock, AppState initial)
    : transport_(transport), timers_(timers), clock_(std::move(clock)), state_(std::move(initial)) {}

void Store::dispatch(Action action) {
  queue_.push_back(std::move(action));
  if (dispatching_) return;
  dispatching_ = true;
  while (!queue_.empty()) {
    Action next = std::move(queue_.front());
    queue_.pop_front();
    Step step = update(std::move(state_), next, clock_());
    state_ = std::move(step.state);
    ++version_;
    for (const Effect& effect : step.effects) {
      if (const auto* send = std::get_if<fx::SendRequest>(&effect))
        transport_.send(*send);
      else if (const auto* timer = std::get_if<fx::StartTimer>(&effect))
        timers_.start(*timer);
    }
  }
  dispatching_ = false;
}

}  // namespace bt
