#include "browser_host.hpp"

#include <emscripten/eventloop.h>

#include <memory>

#include "js_bridge.hpp"

namespace bt::web {

void BrowserTimers::start(const fx::StartTimer& t) {
  struct Ticket {
    BrowserTimers* owner;
    Timer timer;
  };
  emscripten_set_timeout(
      [](void* user) {
        std::unique_ptr<Ticket> ticket(static_cast<Ticket*>(user));
        ticket->owner->deliver_(act::TimerFired{ticket->timer});
      },
      static_cast<double>(t.delayMs), new Ticket{this, t.timer});
}

void BrowserHost::writeUrl(const fx::WriteUrl& url) { writeUrlFragment(url.fragment, url.push); }

void BrowserHost::emit(const fx::Emit& event) {
  emitEvent(event.event, event.detail, parentOrigin_);
}

void BrowserHost::download(const fx::Download& file) { downloadFile(file.fileName, file.mimeType, file.content); }

void BrowserHost::announce(const fx::Announce& announcement) { bt::web::announce(tr_.format(announcement.message)); }

void BrowserHost::showUnseenFailures(const fx::ShowUnseenFailures& unseen) {
  bt::web::showUnseenFailures(
      unseen.count, tr_.format({MessageId::TitleWithFailures, {std::to_string(unseen.count), tr_("Batch tasks")}}));
}

void BrowserHost::requestNotificationPermission() { bt::web::requestNotificationPermission(); }

void BrowserHost::notify(const fx::Notify& n) { bt::web::notify(tr_.format(n.title), tr_.format(n.body), n.tag); }

void BrowserHost::savePreference(const fx::SavePreference& preference) {
  storageSet(preference.key, preference.value);
}

}  // namespace bt::web
