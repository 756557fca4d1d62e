// GET {api}/config: the regions the service serves, or nothing usable.
#include <doctest/doctest.h>

#include "model/service_config.hpp"

using namespace bt;

TEST_CASE("the service's configuration lists its regions and names the default") {
  const auto c = parseServiceConfig(200, R"({"regions":["cn-hangzhou","cn-beijing"],"defaultRegion":"cn-hangzhou"})");
  REQUIRE(c);
  CHECK(c->regions == std::vector<std::string>{"cn-hangzhou", "cn-beijing"});
  CHECK(c->defaultRegion == "cn-hangzhou");
  CHECK(c->serves("cn-beijing"));
  CHECK_FALSE(c->serves("cn-shanghai"));
  CHECK(c->offersRegionChoice());
  CHECK(c->regionList() == "cn-hangzhou, cn-beijing");
  const auto one = parseServiceConfig(200, R"({"regions":["cn-hangzhou"],"defaultRegion":"cn-hangzhou","more":1})");
  REQUIRE(one);
  CHECK_FALSE(one->offersRegionChoice());
}

TEST_CASE("anything but a 200 with that shape is no configuration") {
  for (const char* body : {"", "null", "[]", "{}", "not json", R"({"regions":[]})",
                           R"({"regions":[],"defaultRegion":"cn-hangzhou"})",
                           R"({"regions":"cn-hangzhou","defaultRegion":"cn-hangzhou"})",
                           R"({"regions":["cn-hangzhou"]})",
                           R"({"regions":["cn-hangzhou"],"defaultRegion":"cn-beijing"})",
                           R"({"regions":["cn-hangzhou",7],"defaultRegion":"cn-hangzhou"})",
                           R"({"regions":["cn-hangzhou","CN Beijing"],"defaultRegion":"cn-hangzhou"})",
                           R"({"regions":["cn-hangzhou","cn-hangzhou"],"defaultRegion":"cn-hangzhou"})",
                           R"({"regions":[["cn-hangzhou"]],"defaultRegion":"cn-hangzhou"})"}) {
    CAPTURE(body);
    CHECK_FALSE(parseServiceConfig(200, body));
  }
  CHECK_FALSE(parseServiceConfig(404, R"({"regions":["cn-hangzhou"],"defaultRegion":"cn-hangzhou"})"));
  CHECK_FALSE(parseServiceConfig(200, std::string(60000, '[')));  // refused as it is read, not by size
  std::string many = R"({"regions":[)";
  for (int i = 0; i < 65; ++i) many += std::string(i ? "," : "") + "\"cn-r" + std::to_string(i) + "\"";
  CHECK_FALSE(parseServiceConfig(200, many + R"(],"defaultRegion":"cn-r0"})"));
}
