#include "model/store.hpp"

namespace bt {

Store::Store(Transport& transport, TimerService& timers, Host& host, Clock clock, AppState initial)
    : transport_(transport), timers_(timers), host_(host), clock_(std::move(clock)), state_(std::move(initial)) {}

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
      else if (const auto* config = std::get_if<fx::FetchConfig>(&effect))
        transport_.fetchConfig(*config);
      else if (const auto* timer = std::get_if<fx::StartTimer>(&effect))
        timers_.start(*timer);
      else if (const auto* url = std::get_if<fx::WriteUrl>(&effect))
        host_.writeUrl(*url);
      else if (const auto* event = std::get_if<fx::Emit>(&effect))
        host_.emit(*event);
      else if (const auto* file = std::get_if<fx::Download>(&effect))
        host_.download(*file);
      else if (const auto* preference = std::get_if<fx::SavePreference>(&effect))
        host_.savePreference(*preference);
      else if (const auto* announcement = std::get_if<fx::Announce>(&effect))
        host_.announce(*announcement);
      else if (const auto* unseen = std::get_if<fx::ShowUnseenFailures>(&effect))
        host_.showUnseenFailures(*unseen);
      else if (std::holds_alternative<fx::RequestNotificationPermission>(effect))
        host_.requestNotificationPermission();
      else if (const auto* notification = std::get_if<fx::Notify>(&effect))
        host_.notify(*notification);
    }
  }
  dispatching_ = false;
}

}  // namespace bt
