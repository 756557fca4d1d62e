// Arbitrary text as the page's query string (the deployment's configuration).
// Whatever it says, the widget ends up with a usable, safe configuration.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "model/app.hpp"
#include "model/deployment_config.hpp"

using namespace bt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first byte chooses whether the deployment keeps an endpoint allow-list.
  const bool allowList = !text.empty() && (static_cast<unsigned char>(text[0]) & 1);
  if (!text.empty()) text.remove_prefix(1);
  const std::vector<std::string> allowed = allowList ? std::vector<std::string>{"api", "/ops/api"}
                                                     : std::vector<std::string>{};
  const DeploymentConfig c = parseDeploymentConfig(text, allowed);
  FUZZ_CHECK(!c.endpoint.empty());
  FUZZ_CHECK(c.endpoint.find_first_of("\r\n\t ") == std::string::npos);
  FUZZ_CHECK(c.endpoint.rfind("//", 0) != 0);  // never protocol-relative
  if (allowList) FUZZ_CHECK(c.endpoint == "api" || c.endpoint == "/ops/api");
  FUZZ_CHECK(c.refreshMs == 0 || (c.refreshMs >= kMinAutoRefreshMs && c.refreshMs <= 86'400'000));
  // Origins are normalised (scheme://host[:port]) and read back unchanged.
  for (const std::string& origin : c.allowedOrigins) FUZZ_CHECK(normalizeOrigin(origin) == origin);
  FUZZ_CHECK(c.parentOrigin.empty() || normalizeOrigin(c.parentOrigin) == c.parentOrigin);
  FUZZ_CHECK(c.lang.size() <= 35);
  return 0;
}
