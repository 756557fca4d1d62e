// The deployment's configuration, from the page's query string:
//   ?endpoint=/ops/api&theme=dark&lang=zh-CN&refresh=30&origins=https://portal.example.com
//    &parent=https://portal.example.com&endpoints=/api,https://proxy.example.com/api&stalled=900
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "model/app.hpp"
#include "model/message.hpp"

namespace bt {

enum class ThemeChoice { Auto, Light, Dark };

struct DeploymentConfig {
  std::string endpoint = "api";             // beside the page, same origin
  ThemeChoice theme = ThemeChoice::Auto;    // auto follows prefers-color-scheme
  std::string lang;                         // empty: from the browser
  Millis refreshMs = 0;                     // auto-refresh interval; 0 off
  Millis stallMs = kDefaultStallMs;         // an active batch without progress this long is stalled
  std::vector<std::string> allowedOrigins;  // may send commands by postMessage; default none
  std::string parentOrigin;                 // events go there by postMessage; default nowhere
  std::vector<Message> problems;            // each ignored parameter, for a person
};

// `allowedEndpoints` is the deployment's allow-list, if it keeps one (empty:
// any endpoint the page names is used). A crafted link could otherwise point
// the widget at a server that shows false data.
DeploymentConfig parseDeploymentConfig(std::string_view queryString,
                           const std::vector<std::string>& allowedEndpoints = {});

// Where the service behind `endpoint` describes itself (model/service_config.hpp):
// the endpoint's path and "/config", its query string kept ("api" -> "api/config",
// "https://h/ops/api/?k=v" -> "https://h/ops/api/config?k=v").
std::string serviceConfigUrl(std::string_view endpoint);

// "https://portal.example.com": scheme, host and port only; "" when the text is not such an origin.
std::string normalizeOrigin(std::string_view text);

}  // namespace bt
