#include <doctest/doctest.h>

#include "model/answer_source.hpp"

using namespace bt;

TEST_CASE("the signing service's headers say how old an answer is and why it is stale") {
  CHECK(parseAnswerSource("", "") == AnswerSource{});
  CHECK(parseAnswerSource("0", "") == AnswerSource{});
  CHECK(parseAnswerSource("40", "") == AnswerSource{40, std::nullopt});
  CHECK(parseAnswerSource(" 40 ", "throttled") == AnswerSource{40, StaleReason::Throttled});
  CHECK(parseAnswerSource("300", "upstream-error") == AnswerSource{300, StaleReason::UpstreamError});
  CHECK(parseAnswerSource("61", "budget") == AnswerSource{61, StaleReason::Budget});
}

TEST_CASE("garbled headers are ignored: an unreadable age counts as fresh, an unknown reason as none") {
  for (const char* age : {"-5", "4.5", "forty", "40s", "0x10", "99999999999999999999", "+1"}) {
    CAPTURE(age);
    CHECK(parseAnswerSource(age, "").ageSeconds == 0);
  }
  for (const char* stale : {"Throttled", "yes", "throttled, budget", "budget;", "\xff"}) {
    CAPTURE(stale);
    CHECK_FALSE(parseAnswerSource("7", stale).stale);
    CHECK(parseAnswerSource("7", stale).ageSeconds == 7);
  }
}

TEST_CASE("each reason has its header word and its sentence") {
  CHECK(staleReasonName(StaleReason::Throttled) == "throttled");
  CHECK(staleReasonName(StaleReason::UpstreamError) == "upstream-error");
  CHECK(staleReasonName(StaleReason::Budget) == "budget");
  CHECK(englishText(staleReasonMessage(StaleReason::Throttled)) == "PolarDB is throttling, showing the last answer");
  CHECK(englishText(staleReasonMessage(StaleReason::UpstreamError)) == "PolarDB did not answer, showing the last answer");
  CHECK(englishText(staleReasonMessage(StaleReason::Budget)) ==
        "the proxy's call budget is spent, showing the last answer");
}

TEST_CASE("a header is found in the browser's list by its name in any case") {
  const std::string headers = "content-type: application/json\r\nx-batch-tasks-age: 40\r\nX-Batch-Tasks-Stale:budget \r\n";
  CHECK(headerValue(headers, "X-Batch-Tasks-Age") == "40");
  CHECK(headerValue(headers, "X-Batch-Tasks-Stale") == "budget");
  CHECK(headerValue(headers, "Retry-After").empty());
  CHECK(headerValue("", "X-Batch-Tasks-Age").empty());
  CHECK(headerValue("x-batch-tasks-age-extra: 9\nno colon here\n:\n", "X-Batch-Tasks-Age").empty());
  CHECK(headerValue("x-batch-tasks-age: 5", "X-Batch-Tasks-Age") == "5");  // no line end
}
