#include <doctest/doctest.h>

#include "model/time.hpp"

using namespace bt;

// 2026-04-06T20:51:44Z, computed independently: 20549 days after 1970-01-01.
constexpr UnixSeconds kApril6 = 20549LL * 86400 + 20 * 3600 + 51 * 60 + 44;

TEST_CASE("parseApiTime accepts every form the API family writes") {
  struct Case { const char* text; UnixSeconds expected; };
  const Case cases[] = {
      {"2026-04-06 20:51:44", kApril6},           // DescribeBatchTasks, no zone: UTC
      {"2026-04-06T20:51:44Z", kApril6},          // request form
      {"2026/04/06T20:51:44Z", kApril6},          // DescribeBatchTask's subtasks
      {"2026-04-06T20:51Z", kApril6 - 44},        // SDK comments' minute form
      {"2026-04-06T20:51:44.123Z", kApril6},      // fractions dropped
      {"2026-04-06T22:51:44+02:00", kApril6},     // an explicit offset
      {"2026-04-06T12:51:44-0800", kApril6},
      {"  2026-04-06 20:51:44 ", kApril6},        // stray spaces
      {"1970-01-01T00:00:00Z", 0},
      {"2024-02-29 00:00:00", 19782LL * 86400},   // a leap day
      {"1969-12-31T23:59:59Z", -1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    REQUIRE(parseApiTime(c.text).has_value());
    CHECK(*parseApiTime(c.text) == c.expected);
  }
}

TEST_CASE("parseApiTime refuses what is not a time") {
  const char* bad[] = {"", " ", "2026", "2026-04-06", "2026-04-06T", "2026-13-01T00:00:00Z",
                       "2026-02-29T00:00:00Z", "2026-04-31 00:00:00", "2026-04-06T24:00:00Z",
                       "2026-04-06T20:60:00Z", "2026-04-06T20:51:44Q", "2026-04/06T20:51:44Z",
                       "2026-04-06T20:51:44.Z", "20260406T205144Z", "yesterday", "2026-04-06T20:51:44Z x"};
  for (const char* text : bad) {
    CAPTURE(text);
    CHECK_FALSE(parseApiTime(text).has_value());
  }
}

TEST_CASE("times format back in the request and display forms") {
  CHECK(formatIsoUtc(kApril6) == "2026-04-06T20:51:44Z");
  CHECK(formatDisplayTime(kApril6) == "2026-04-06 20:51:44");
  CHECK(formatDisplayTime(kApril6, 8 * 60) == "2026-04-07 04:51:44");
  CHECK(formatIsoUtc(-1) == "1969-12-31T23:59:59Z");
  for (UnixSeconds t : {UnixSeconds{0}, kApril6, UnixSeconds{951782400}, UnixSeconds{4102444799}})
    CHECK(parseApiTime(formatIsoUtc(t)) == t);
}

TEST_CASE("durations and ages read at a glance") {
  CHECK(englishText(formatDuration(-5)) == "0s");
  CHECK(englishText(formatDuration(45)) == "45s");
  CHECK(englishText(formatDuration(12 * 60 + 5)) == "12m 05s");
  CHECK(englishText(formatDuration(3 * 3600 + 4 * 60 + 59)) == "3h 04m");
  CHECK(englishText(formatDuration(2 * 86400 + 3 * 3600)) == "2d 03h");
  CHECK(englishText(formatAge(2)) == "just now");
  CHECK(englishText(formatAge(9)) == "just now");
  CHECK(englishText(formatAge(12)) == "10 s ago");
  CHECK(englishText(formatAge(59)) == "50 s ago");
  CHECK(englishText(formatAge(180)) == "3 min ago");
  CHECK(englishText(formatAge(5 * 3600)) == "5 h ago");
  CHECK(englishText(formatAge(-120)) == "in 2 min");
}

TEST_CASE("the age text changes exactly when the next redraw is scheduled") {
  for (std::int64_t ageMs : {0LL, 1'234LL, 4'999LL, 5'000LL, 59'999LL, 60'000LL, 61'500LL, 3'599'999LL, 7'200'001LL}) {
    CAPTURE(ageMs);
    const std::int64_t wait = msUntilAgeTextChanges(ageMs);
    CHECK(wait > 0);
    CHECK(englishText(formatAge((ageMs + wait - 1) / 1000)) == englishText(formatAge(ageMs / 1000)));
    CHECK(englishText(formatAge((ageMs + wait) / 1000)) != englishText(formatAge(ageMs / 1000)));
  }
}
