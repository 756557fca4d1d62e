// The browser as the model's effect host: what Store's effects turn into.
//
// Implemented features:
//  [X] Timers (fx::StartTimer) on setTimeout, coming back as act::TimerFired.
//  [X] The URL's fragment (fx::WriteUrl): history entries pushed or replaced.
//  [X] Events for the embedding page (fx::Emit): DOM events, and postMessage
//      to a parent page at its origin.
//  [X] Downloads (fx::Download) of exported files.
//  [X] Preferences (fx::SavePreference) in localStorage, where there is one.
//  [X] Screen-reader announcements (fx::Announce), said in the person's language.
//  [X] Unseen failures (fx::ShowUnseenFailures) in the page's title and icon.
//  [X] System notifications (fx::Notify, fx::RequestNotificationPermission),
//      the permission coming back as act::NotificationPermissionIs.
//  [ ] Requests (fx::SendRequest): fetch_transport.hpp.
#pragma once
#include <functional>
#include <string>

#include "model/i18n.hpp"
#include "model/store.hpp"

namespace bt::web {

// The model's timers on the browser's setTimeout.
class BrowserTimers : public TimerService {
 public:
  explicit BrowserTimers(std::function<void(Action)> deliver) : deliver_(std::move(deliver)) {}
  void start(const fx::StartTimer& t) override;

 private:
  std::function<void(Action)> deliver_;
};

// The page around the widget: history, listeners in the page or its parent,
// downloads, and what screen readers are told.
class BrowserHost : public Host {
 public:
  BrowserHost(std::string parentOrigin, const Translator& tr) : parentOrigin_(std::move(parentOrigin)), tr_(tr) {}
  void writeUrl(const fx::WriteUrl& url) override;
  void emit(const fx::Emit& event) override;
  void download(const fx::Download& file) override;
  void savePreference(const fx::SavePreference& preference) override;
  void announce(const fx::Announce& announcement) override;
  void showUnseenFailures(const fx::ShowUnseenFailures& unseen) override;
  void requestNotificationPermission() override;
  void notify(const fx::Notify& notification) override;

 private:
  std::string parentOrigin_;
  const Translator& tr_;
};

}  // namespace bt::web
