#include <doctest/doctest.h>

#include "model/deployment_config.hpp"

using namespace bt;

TEST_CASE("defaults: the API beside the page, automatic theme, no auto-refresh, no embedding peers") {
  const DeploymentConfig c = parseDeploymentConfig("");
  CHECK(c.endpoint == "api");
  CHECK(c.theme == ThemeChoice::Auto);
  CHECK(c.refreshMs == 0);
  CHECK(c.allowedOrigins.empty());
  CHECK(c.parentOrigin.empty());
  CHECK(c.problems.empty());
}

TEST_CASE("every parameter is read") {
  const DeploymentConfig c = parseDeploymentConfig(
      "?endpoint=%2Fops%2Fapi&theme=dark&lang=zh-CN&refresh=30"
      "&origins=https://Portal.Example.com,http://localhost:8081&parent=https://portal.example.com/");
  CHECK(c.endpoint == "/ops/api");
  CHECK(c.theme == ThemeChoice::Dark);
  CHECK(c.lang == "zh-CN");
  CHECK(c.refreshMs == 30000);
  CHECK(c.allowedOrigins == std::vector<std::string>{"https://portal.example.com", "http://localhost:8081"});
  CHECK(c.parentOrigin == "https://portal.example.com");
  CHECK(c.problems.empty());
}

TEST_CASE("bad values are ignored with a reason") {
  const DeploymentConfig c = parseDeploymentConfig(
      "endpoint=javascript:alert(1)&theme=pink&refresh=-5&origins=*,ftp://x&parent=null&lang=<b>");
  CHECK(c.endpoint == "api");
  CHECK(c.theme == ThemeChoice::Auto);
  CHECK(c.refreshMs == 0);
  CHECK(c.allowedOrigins.empty());
  CHECK(c.parentOrigin.empty());
  CHECK(c.lang.empty());
  CHECK(c.problems.size() == 7);
}

TEST_CASE("endpoints: paths and http(s) URLs, protocol-relative and other schemes refused") {
  CHECK(parseDeploymentConfig("endpoint=https://proxy.example.com/api").endpoint == "https://proxy.example.com/api");
  CHECK(parseDeploymentConfig("endpoint=../api").endpoint == "../api");
  CHECK(parseDeploymentConfig("endpoint=//evil.example.com/api").endpoint == "api");
  CHECK(parseDeploymentConfig("endpoint=data:text/plain,x").endpoint == "api");
  CHECK(parseDeploymentConfig("endpoint=https://a b/").endpoint == "api");
}

TEST_CASE("a deployment's endpoint allow-list is enforced") {
  const std::vector<std::string> allowed{"api", "/ops/api"};
  CHECK(parseDeploymentConfig("endpoint=/ops/api", allowed).endpoint == "/ops/api");
  const DeploymentConfig c = parseDeploymentConfig("endpoint=https://elsewhere.example.com/api", allowed);
  CHECK(c.endpoint == "api");
  REQUIRE(c.problems.size() == 1);
  CHECK(englishText(c.problems[0]).find("not one of this deployment's endpoints") != std::string::npos);
}

TEST_CASE("refresh is floored at the minimum interval") {
  CHECK(parseDeploymentConfig("refresh=1").refreshMs == kMinAutoRefreshMs);
  CHECK(parseDeploymentConfig("refresh=off").refreshMs == 0);
}

TEST_CASE("origins are normalised to scheme, host and port") {
  CHECK(normalizeOrigin("HTTPS://Example.COM:8443/") == "https://example.com:8443");
  CHECK(normalizeOrigin("https://example.com/path").empty());
  CHECK(normalizeOrigin("https://example.com:99999").empty());
  CHECK(normalizeOrigin("null").empty());
  CHECK(normalizeOrigin("https://").empty());
}

TEST_CASE("the service's configuration is beside its endpoint, the endpoint's query string kept") {
  CHECK(serviceConfigUrl("api") == "api/config");
  CHECK(serviceConfigUrl("/ops/api") == "/ops/api/config");
  CHECK(serviceConfigUrl("/ops/api/") == "/ops/api/config");
  CHECK(serviceConfigUrl("/") == "/config");
  CHECK(serviceConfigUrl("https://proxy.example.com") == "https://proxy.example.com/config");
  CHECK(serviceConfigUrl("https://proxy.example.com/") == "https://proxy.example.com/config");
  CHECK(serviceConfigUrl("https://proxy.example.com/api?tenant=a#x") == "https://proxy.example.com/api/config?tenant=a");
  CHECK(serviceConfigUrl(parseDeploymentConfig("").endpoint) == "api/config");
}
