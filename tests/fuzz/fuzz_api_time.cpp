// Arbitrary text as an API time. Whatever parses must survive the trip through
// the request form: parseApiTime(formatIsoUtc(t)) == t, for the years the
// four-digit form can write.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "model/time.hpp"

using namespace bt;

namespace {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
constexpr UnixSeconds kFirstFormattable = -62'135'596'800;
constexpr UnixSeconds kLastFormattable = 253'402'300'799;

void checkRoundTrip(UnixSeconds t) {
  const std::string iso = formatIsoUtc(t);
  FUZZ_CHECK(iso.size() == 20 && iso[4] == '-' && iso[10] == 'T' && iso[19] == 'Z');
  FUZZ_CHECK(parseApiTime(iso) == t);
  // The response forms name the same instant: "2026-04-06 20:51:44" and
  // "2026/04/06T20:51:44Z".
  std::string spaced = iso.substr(0, 19);
  spaced[10] = ' ';
  FUZZ_CHECK(parseApiTime(spaced) == t);
  std::string slashed = iso;
  slashed[4] = slashed[7] = '/';
  FUZZ_CHECK(parseApiTime(slashed) == t);
  FUZZ_CHECK(formatDisplayTime(t, 0) == spaced);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<UnixSeconds> parsed = parseApiTime(text);
  if (parsed) {
    // Four-digit years and offsets under a day keep every parsed time within
    // a day of the years 0000..9999.
    FUZZ_CHECK(*parsed >= kFirstFormattable - 366 * 86400 - 86400);
    FUZZ_CHECK(*parsed <= kLastFormattable + 86400);
    if (*parsed >= kFirstFormattable && *parsed <= kLastFormattable) checkRoundTrip(*parsed);
    // Shown in any zone and as an age without trouble.
    (void)formatDisplayTime(*parsed, 14 * 60);
    (void)formatDisplayTime(*parsed, -12 * 60);
    (void)formatAge(1'775'000'000 - *parsed);
    (void)formatDuration(*parsed);
  }
  // The same bytes as an instant: formatting any value is safe, and within the
  // four-digit years it round-trips.
  if (size >= sizeof(std::int64_t)) {
    std::int64_t t;
    std::memcpy(&t, data, sizeof t);
    (void)formatIsoUtc(t);
    if (t >= kFirstFormattable && t <= kLastFormattable) checkRoundTrip(t);
  }
  return 0;
}
