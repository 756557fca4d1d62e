#include <imgui.h>

#include "model/time.hpp"
#include "view/frame.hpp"

namespace bt::view {

void Frame::copy(const std::string& text, const std::string& confirmation) {
  ImGui::SetClipboardText(text.c_str());
  v.toast = confirmation;
  v.toastUntilMs = ctx.now + 2000;
}

std::string Frame::displayTime(const ApiTime& t) const {
  if (!t.at) return t.raw;
  const int offset = s.timeZone == TimeZoneMode::Local ? ctx.localOffsetMinutes(*t.at) : 0;
  return formatDisplayTime(*t.at, offset);
}

std::string Frame::clockTime(Millis ms) const {
  const auto shown = [&](UnixSeconds t) {
    return formatDisplayTime(t, s.timeZone == TimeZoneMode::Local ? ctx.localOffsetMinutes(t) : 0);
  };
  const std::string at = shown(ms / 1000);
  return at.substr(0, 10) == shown(nowSeconds()).substr(0, 10) ? at.substr(11, 5) : at.substr(5, 11);
}

}  // namespace bt::view
