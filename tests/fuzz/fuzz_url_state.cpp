// Arbitrary text as a link's view part (the URL fragment). Whatever it says,
// what the widget takes from it must survive being written back into a link.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "model/task_query.hpp"
#include "model/url_state.hpp"

using namespace bt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ParsedUrlState parsed = parseUrlState(text);
  const UrlState& s = parsed.state;
  // What a link sets is always a query the widget would send as it is.
  FUZZ_CHECK(validate(s.query).empty());
  FUZZ_CHECK(s.query.statuses == normalizedStatuses(s.query.statuses));
  for (const Message& problem : parsed.problems) FUZZ_CHECK(!englishText(problem).empty());
  // Written back and read again, it is the same view, with nothing to complain about.
  const std::string link = encodeUrlState(s);
  const ParsedUrlState again = parseUrlState(link);
  FUZZ_CHECK(again.problems.empty());
  FUZZ_CHECK(again.state == s);
  FUZZ_CHECK(encodeUrlState(again.state) == link);
  return 0;
}
