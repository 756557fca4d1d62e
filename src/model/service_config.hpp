// What the deployment's service says about itself at GET {api}/config (both
// the signing service and the mock answer it):
//   {"regions": ["cn-hangzhou", "cn-beijing"], "defaultRegion": "cn-hangzhou"}
// The widget asks once at start. Without a usable answer (an older service, a
// failure, a malformed body) it offers no region picker and sends no region
// of its own: the service's default region answers.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bt {

// More regions than any deployment serves; a longer list is not a config.
inline constexpr std::size_t kMaxRegions = 64;

struct ServiceConfig {
  std::vector<std::string> regions;  // in the service's order, no repeats, never empty
  std::string defaultRegion;         // one of `regions`
  bool serves(std::string_view region) const;
  // More than one region: the person has something to choose.
  bool offersRegionChoice() const { return regions.size() >= 2; }
  // "cn-hangzhou, cn-beijing", for messages.
  std::string regionList() const;
  bool operator==(const ServiceConfig&) const = default;
};

// The answer to GET {api}/config; nullopt for anything but a 200 with that
// shape (every region a region ID, the default one of them). Never throws.
std::optional<ServiceConfig> parseServiceConfig(int httpStatus, std::string_view body);

}  // namespace bt
