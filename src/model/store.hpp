// Runs update() and carries out its effects through small interfaces that the
// platform implements (emscripten_fetch, browser timers, the page's history and
// listeners) and tests fake (a scripted server, a virtual clock, a recorder).
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
  // GETs the service's configuration; its answer comes back the same way.
  virtual void fetchConfig(const fx::FetchConfig& request) = 0;
};

// Starts a one-shot timer that comes back as act::TimerFired.
class TimerService {
 public:
  virtual ~TimerService() = default;
  virtual void start(const fx::StartTimer& timer) = 0;
};

// The page around the widget: its URL and its listeners.
class Host {
 public:
  virtual ~Host() = default;
  virtual void writeUrl(const fx::WriteUrl& url) = 0;
  virtual void emit(const fx::Emit& event) = 0;
  virtual void download(const fx::Download& file) = 0;
  virtual void savePreference(const fx::SavePreference& preference) = 0;
  virtual void announce(const fx::Announce& announcement) = 0;
  virtual void showUnseenFailures(const fx::ShowUnseenFailures& unseen) = 0;
  virtual void requestNotificationPermission() = 0;
  virtual void notify(const fx::Notify& notification) = 0;
};

class Store {
 public:
  using Clock = std::function<Millis()>;
  Store(Transport& transport, TimerService& timers, Host& host, Clock clock, AppState initial = {});

  // Applies the action and carries out its effects. Safe to call from inside
  // an effect (a transport that answers at once): actions are queued.
  void dispatch(Action action);

  const AppState& state() const { return state_; }
  // Counts state changes, so views and snapshots know when to redo work.
  std::uint64_t version() const { return version_; }

 private:
  Transport& transport_;
  TimerService& timers_;
  Host& host_;
  Clock clock_;
  AppState state_;
  std::uint64_t version_ = 0;
  std::deque<Action> queue_;
  bool dispatching_ = false;
};

}  // namespace bt
