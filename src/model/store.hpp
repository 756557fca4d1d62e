// Runs update() and carries out its effects through two small interfaces that
// the platform implements (emscripten_fetch and browser timers) and tests fake
// (a scripted server and a virtual clock).
#pragma once
#include <cstdint>
#include <deque>
#include <functional>

#include "model/app.hpp"

namespace bt {

// Sends a request; the answer comes back later as act::ResponseArrived or
// act::TransportFailed with the same requestId. Nothing is ever cancelled:
// the model ignores answers it no longer waits for.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual void send(const fx::SendRequest& request) = 0;
};

// Starts a one-shot timer that comes back as act::TimerFired.
class TimerService {
 public:
  virtual ~TimerService() = default;
  virtual void start(const fx::StartTimer& timer) = 0;
};

class Store {
 public:
  using Clock = std::function<Millis()>;
  Store(Transport& transport, TimerService& timers, Clock clock, AppState initial = {});

  // Applies the action and carries out its effects. Safe to call from inside
  // an effect (a transport that answers at once): actions are queued.
  void dispatch(Action action);

  const AppState& state() const { return state_; }
  // Counts state changes, so views and snapshots know when to redo work.
  std::uint64_t version() const { return version_; }

 private:
  Transport& transport_;
  TimerService& timers_;
  Clock clock_;
  AppState state_;
  std::uint64_t version_ = 0;
  std::deque<Action> queue_;
  bool dispatching_ = false;
};

}  // namespace bt
