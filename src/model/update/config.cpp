// The service's configuration (GET {api}/config): one request at start, no
// retries. A failure or a body of another shape leaves `service` empty: no
// region picker, and the list never waits for it.
#include "model/update/reducers.hpp"

namespace bt::reduce::config {

void start(ConfigState& c, RequestState& r, Effects& out) {
  c.configRequest.activeId = r.nextRequestId++;
  c.configRequest.inFlight = true;
  c.configRequest.attempt = 1;
  out.add(fx::FetchConfig{c.configRequest.activeId, r.settings.requestTimeoutMs});
}

bool answered(ConfigState& c, int httpStatus, std::string_view body) {
  c.configRequest.inFlight = false;
  c.service = parseServiceConfig(httpStatus, body);
  return c.service.has_value();
}

void failed(ConfigState& c) { c.configRequest.inFlight = false; }

}  // namespace bt::reduce::config
