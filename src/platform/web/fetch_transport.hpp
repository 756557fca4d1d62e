// The model's Transport on emscripten_fetch: answers come back as actions.
#pragma once
#include <functional>
#include <string>

#include "model/store.hpp"

namespace bt::web {

class FetchTransport : public Transport {
 public:
  using Deliver = std::function<void(Action)>;
  // `configUrl`: where the service describes itself (model: serviceConfigUrl).
  FetchTransport(std::string endpoint, std::string configUrl, Deliver deliver);
  // POSTs the parameters as a form body. Emscripten 3.1.6 cannot abort a fetch
  // safely (closing one in flight corrupts memory), so nothing is ever
  // cancelled: the model ignores answers it no longer waits for.
  void send(const fx::SendRequest& request) override;
  // GETs the configuration; answers come back as send()'s do.
  void fetchConfig(const fx::FetchConfig& request) override;

 private:
  std::string endpoint_;
  std::string configUrl_;
  Deliver deliver_;
};

}  // namespace bt::web
