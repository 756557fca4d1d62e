#include "browser_host.hpp"

#include <emscripten/eventloop.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "js_bridge.hpp"
#include "model/paging.hpp"

namespace bt::web {
namespace {

// ---------------------------------------------------------------------------
// MOVING TO THE MODEL: what screen readers are told of an event, in words.
// Today read back out of the event's JSON; the model will derive the words
// itself (an announcement it hands over as such). Kept here, as it was, until then.
std::string legacyAnnouncement(const fx::Emit& event, const Translator& tr) {
  const auto d = nlohmann::json::parse(event.detail, nullptr, false);
  if (!d.is_object()) return {};
  auto number = [&](const char* key) { return std::to_string(d.value(key, 0LL)); };
  if (event.event == "load") {
    const long long pages =
        totalPages(d.value("totalCount", std::int64_t{0}), static_cast<int>(d.value("pageSize", 30LL)));
    return fillPlaceholders(tr("Page {#} of {#}: {#} batch tasks shown, {#} in all."),
                            {number("pageNumber"), std::to_string(pages), number("rows"), number("totalCount")});
  }
  if (event.event == "error") {
    std::string text = fillPlaceholders(tr("Error {}: {}"), {d.value("code", std::string()),
                                                               tr(d.value("message", std::string()))});
    return d.value("retrying", false) ? text + " " + tr("Retrying.") : text;
  }
  if (event.event == "select") {
    const std::string id = d.value("batchId", std::string());
    return id.empty() ? tr("Details closed.") : fillPlaceholders(tr("Details of {}."), {id});
  }
  return {};
}
// ---------------------------------------------------------------------------

}  // namespace

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

void BrowserPage::writeUrl(const fx::WriteUrl& url) { writeUrlFragment(url.fragment, url.push); }

void BrowserPage::emit(const fx::Emit& event) {
  emitEvent(event.event, event.detail, parentOrigin_);
  if (const std::string text = legacyAnnouncement(event, tr_); !text.empty()) announce(text);
}

void BrowserPage::download(const fx::Download& file) { downloadFile(file.fileName, file.mimeType, file.content); }

void BrowserPage::savePreference(const fx::SavePreference& preference) {
  storageSet(preference.key, preference.value);
}

}  // namespace bt::web
