#include <doctest/doctest.h>

#include "model/url_state.hpp"

using namespace bt;

TEST_CASE("a full link round-trips, and the default view is the empty fragment") {
  UrlState s;
  CHECK(encodeUrlState(s).empty());
  s.query.taskType = "polarclaw_install_skills";
  s.query.statuses = {TaskStatus::Failed, TaskStatus::Running};
  s.query.startTime = parseApiTime("2026-04-06T00:00:00Z");
  s.query.endTime = parseApiTime("2026-04-07T00:00:00Z");
  s.query.pageNumber = 2;
  s.query.pageSize = 50;
  s.selectedBatchId = "pcb-xxx";
  s.timeZone = TimeZoneMode::Local;
  const std::string link = encodeUrlState(s);
  CHECK(link == "type=polarclaw_install_skills&status=FAILED,RUNNING&from=2026-04-06T00:00:00Z"
                "&to=2026-04-07T00:00:00Z&page=2&size=50&batch=pcb-xxx&tz=local");
  const ParsedUrlState back = parseUrlState("#" + link);
  CHECK(back.problems.empty());
  CHECK(back.state == s);
}

TEST_CASE("values with separators and non-ASCII text survive the round trip") {
  UrlState s;
  s.query.taskType = "a&b=c#d, 任务 +%";
  const ParsedUrlState back = parseUrlState(encodeUrlState(s));
  CHECK(back.state.query.taskType == s.query.taskType);
}

TEST_CASE("bad parts are ignored, each with a reason, and the rest still applies") {
  const ParsedUrlState p = parseUrlState(
      "page=0&size=40&status=RUNNING,BOGUS&from=yesterday&tz=mars&type=ok&unknown=1&batch=b");
  CHECK(p.state.query.pageNumber == 1);
  CHECK(p.state.query.pageSize == 30);
  CHECK(p.state.query.statuses.empty());
  CHECK_FALSE(p.state.query.startTime.has_value());
  CHECK(p.state.timeZone == TimeZoneMode::Utc);
  CHECK(p.state.query.taskType == "ok");
  CHECK(p.state.selectedBatchId == "b");
  REQUIRE(p.problems.size() == 5);
  CHECK(englishText(p.problems[0]).find("\u201Cpage\u201D") != std::string::npos);
  CHECK(englishText(p.problems[2]).find("BOGUS") != std::string::npos);
}

TEST_CASE("a page number beyond what can be asked for is refused, not sent (found by fuzzing)") {
  const ParsedUrlState p = parseUrlState("page=9223372036854775807");
  CHECK(p.state.query.pageNumber == 1);
  CHECK(p.problems.size() == 1);
  CHECK(validate(p.state.query).empty());
}

TEST_CASE("task types a query would refuse are refused by the link (found by fuzzing)") {
  CHECK(parseUrlState("type=" + std::string(129, 'x')).state.query.taskType.empty());
  CHECK(parseUrlState("type=" + std::string(128, 'x')).state.query.taskType.size() == 128);
  const ParsedUrlState control = parseUrlState("type=a%00b%1Fc");
  CHECK(control.state.query.taskType.empty());
  CHECK(control.problems.size() == 1);
}

TEST_CASE("an inverted time range from a link is dropped, not sent") {
  const ParsedUrlState p = parseUrlState("from=2026-04-07T00:00:00Z&to=2026-04-06T00:00:00Z");
  CHECK_FALSE(p.state.query.startTime.has_value());
  CHECK_FALSE(p.state.query.endTime.has_value());
  CHECK(p.problems.size() == 1);
}

TEST_CASE("oversized links and values are refused") {
  CHECK(parseUrlState(std::string(9000, 'a')).problems.size() == 1);
  const ParsedUrlState p = parseUrlState("type=" + std::string(300, 'x'));
  CHECK(p.state.query.taskType.empty());
  CHECK(p.problems.size() == 1);
  CHECK(parseUrlState("type=%FF%FE").state.query.taskType.empty());  // not UTF-8
}

TEST_CASE("form pairs decode plus signs and escapes, and keep bad escapes as text") {
  const auto pairs = parseFormPairs("?a=1+2&b=%41%zz&&c&=d");
  REQUIRE(pairs.size() == 4);
  CHECK(pairs[0] == std::pair<std::string, std::string>{"a", "1 2"});
  CHECK(pairs[1] == std::pair<std::string, std::string>{"b", "A%zz"});
  CHECK(pairs[2] == std::pair<std::string, std::string>{"c", ""});
  CHECK(pairs[3] == std::pair<std::string, std::string>{"", "d"});
  CHECK(percentDecode("%") == "%");
  CHECK(percentDecode("%4") == "%4");
}

TEST_CASE("the region travels in the link as region=, first, and only when one is chosen") {
  UrlState s;
  s.query.region = "cn-beijing";
  s.query.taskType = "t";
  s.query.pageNumber = 3;
  const std::string link = encodeUrlState(s);
  CHECK(link == "region=cn-beijing&type=t&page=3");
  const ParsedUrlState back = parseUrlState("#" + link);
  CHECK(back.problems.empty());
  CHECK(back.state == s);
  s.query.region.clear();
  CHECK(encodeUrlState(s) == "type=t&page=3");
}

TEST_CASE("a region that is no region ID is ignored with a reason, and the rest of the link applies") {
  const ParsedUrlState p = parseUrlState("region=CN%2Fx&type=t&page=2&batch=b");
  CHECK(p.state.query.region.empty());
  CHECK(p.state.query.taskType == "t");
  CHECK(p.state.query.pageNumber == 2);
  CHECK(p.state.selectedBatchId == "b");
  REQUIRE(p.problems.size() == 1);
  CHECK(englishText(p.problems[0]) ==
        "Ignored \u201Cregion\u201D in the link: \u201CCN/x\u201D is not a region ID such as cn-hangzhou.");
  // Whether the service serves a well-formed region is not the link's to say.
  CHECK(parseUrlState("region=xx-nowhere-9").state.query.region == "xx-nowhere-9");
  CHECK(parseUrlState("region=").problems.empty());
}
