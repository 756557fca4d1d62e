// Arbitrary bytes as a postMessage from the embedding page (and as a command
// from window.BatchTasks). Refused messages are refused with a reason;
// accepted ones are actions the model applies without trouble.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "model/command.hpp"
#include "model/snapshot.hpp"

using namespace bt;

namespace {

void applies(const CommandResult& r, std::string_view text) {
  FUZZ_CHECK(r.action.has_value() != !r.error.empty());  // exactly one of the two
  if (text.size() > kMaxCommandBytes) FUZZ_CHECK(!r.action);
  if (!r.action) return;
  // Into a running widget with a page on screen: the action applies, and what
  // it asks to send is a valid query.
  AppState s;
  Step step = update(s, act::Start{}, 1000);
  step = update(std::move(step.state), *r.action, 2000);
  for (const Effect& e : step.effects)
    if (const auto* send = std::get_if<fx::SendRequest>(&e); send && send->channel == Channel::List)
      FUZZ_CHECK(validate(step.state.requestedQuery).empty());
  bt::fuzz::mustNotThrow("stateSnapshotJson", [&] { (void)nlohmann::json::parse(stateSnapshotJson(step.state)); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bt::fuzz::mustNotThrow("parseCommand", [&] { applies(parseCommand(text), text); });
  const std::vector<std::string> allowed{"https://portal.example.com"};
  bt::fuzz::mustNotThrow("parseEmbedMessage", [&] {
    const CommandResult fromPortal = parseEmbedMessage("https://portal.example.com", text, allowed);
    applies(fromPortal, text);
    // Any other origin is refused whatever the message says.
    const CommandResult fromElsewhere = parseEmbedMessage("https://evil.example.com", text, allowed);
    FUZZ_CHECK(!fromElsewhere.action);
  });
  return 0;
}
