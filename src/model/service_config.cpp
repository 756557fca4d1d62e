#include "model/service_config.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "model/task_query.hpp"

namespace bt {

bool ServiceConfig::serves(std::string_view region) const {
  return std::find(regions.begin(), regions.end(), region) != regions.end();
}

std::string ServiceConfig::regionList() const {
  std::string out;
  for (const std::string& r : regions) {
    if (!out.empty()) out += ", ";
    out += r;
  }
  return out;
}

std::optional<ServiceConfig> parseServiceConfig(int httpStatus, std::string_view body) {
  using nlohmann::json;
  if (httpStatus != 200 || body.size() > 64 * 1024) return std::nullopt;
  // A config nests two levels; deeper bodies are refused as they are read.
  bool tooDeep = false;
  const json doc = json::parse(
      body.begin(), body.end(),
      [&tooDeep](int depth, json::parse_event_t, json&) {
        tooDeep = tooDeep || depth > 4;
        return !tooDeep;
      },
      /*allow_exceptions=*/false);
  if (tooDeep) return std::nullopt;
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  const auto regions = doc.find("regions");
  const auto fallback = doc.find("defaultRegion");
  if (regions == doc.end() || !regions->is_array() || regions->empty() || regions->size() > kMaxRegions)
    return std::nullopt;
  ServiceConfig config;
  for (const json& r : *regions) {
    if (!r.is_string() || !isRegionId(r.get_ref<const std::string&>())) return std::nullopt;
    if (config.serves(r.get_ref<const std::string&>())) return std::nullopt;
    config.regions.push_back(r.get<std::string>());
  }
  if (fallback == doc.end() || !fallback->is_string() || !config.serves(fallback->get_ref<const std::string&>()))
    return std::nullopt;
  config.defaultRegion = fallback->get<std::string>();
  return config;
}

}  // namespace bt
