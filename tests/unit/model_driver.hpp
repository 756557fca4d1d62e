// The model driven as the platform drives it: update() with a clock the test
// moves, and the effects of the last dispatch kept to be asked about. Test
// files derive their own drivers from it, with the steps their cases share.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/app.hpp"
#include "model/snapshot.hpp"

namespace bt::testing {

struct ModelDriver {
  AppState state;
  Millis now = 1'775'000'000'000;
  std::vector<Effect> effects;  // of the last dispatch

  void dispatch(const Action& a) {
    Step step = update(std::move(state), a, now);
    state = std::move(step.state);
    effects = std::move(step.effects);
  }
  std::vector<fx::SendRequest> sends(Channel channel) const {
    std::vector<fx::SendRequest> out;
    for (const Effect& e : effects)
      if (auto* s = std::get_if<fx::SendRequest>(&e); s && s->channel == channel) out.push_back(*s);
    return out;
  }
  const fx::WriteUrl* urlWrite() const {
    for (const Effect& e : effects)
      if (auto* w = std::get_if<fx::WriteUrl>(&e)) return w;
    return nullptr;
  }
  nlohmann::json snapshot() const { return nlohmann::json::parse(stateSnapshotJson(state)); }
  static std::string param(const fx::SendRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.params)
      if (k == name) return v;
    return "<absent>";
  }
};

}  // namespace bt::testing
